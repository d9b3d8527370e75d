import CaliperCore
import Foundation
import GRDB
import Testing

@testable import CaliperImporters

/// Broken copies of real fixtures: every one must fail with one line naming the file (and key).
@Suite("EvalScope perf: bad input and content hash")
struct EvalScopePerfErrorTests {
    static let sweep = "1.14.1-capture/perf-sweep-completions-p1-4-8"

    /// A scratch copy of the 1.14.1 sweep, and the URL of one of its point files.
    func copy(_ run: String = sweep) throws -> URL {
        try Fixtures.temporaryCopy(of: PerfFixture.root(run))
    }

    func edit(_ file: URL, _ change: (String) -> String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        try change(text).write(to: file, atomically: true, encoding: .utf8)
    }

    func readError(_ root: URL) throws -> ImportError {
        try #require(throws: ImportError.self) { try EvalScopePerfImporter.read(root) }
    }

    @Test("truncated summary JSON names the file")
    func truncatedSummary() throws {
        let root = try copy()
        let file = root.appending(path: "parallel_4_number_16/benchmark_summary.json")
        try edit(file) { String($0.prefix($0.count / 2)) }
        let error = try readError(root)
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.description.contains("parallel_4_number_16/benchmark_summary.json: not valid JSON"))
    }

    @Test("non-JSON summary and empty args name the file")
    func nonJSON() throws {
        let root = try copy()
        let summary = root.appending(path: "parallel_1_number_8/benchmark_summary.json")
        try edit(summary) { _ in "Benchmarking summary:\n| Concurrency | 1 |\n" }
        #expect(try readError(root).description.contains("parallel_1_number_8/benchmark_summary.json: not valid JSON"))

        let other = try copy()
        let args = other.appending(path: "parallel_8_number_32/benchmark_args.json")
        try edit(args) { _ in "" }
        #expect(try readError(other).description.contains("parallel_8_number_32/benchmark_args.json: empty file"))
    }

    @Test("a missing required key is named")
    func missingKey() throws {
        let root = try copy()
        try edit(root.appending(path: "parallel_1_number_8/benchmark_summary.json")) {
            $0.replacingOccurrences(of: "\"Total Requests\": 8,", with: "")
        }
        let error = try readError(root)
        #expect(error.field == "Total Requests")
        #expect(error.description.hasSuffix("parallel_1_number_8/benchmark_summary.json: \"Total Requests\": missing"))
    }

    @Test("a string where a number belongs is named, in the summary, percentiles and args")
    func wrongType() throws {
        let root = try copy()
        try edit(root.appending(path: "parallel_1_number_8/benchmark_summary.json")) {
            $0.replacingOccurrences(of: "\"Total Requests\": 8", with: "\"Total Requests\": \"8\"")
        }
        let error = try readError(root)
        #expect(error.field == "Total Requests")
        #expect(error.reason.contains("expected an integer, got a string"))

        let metric = try copy()
        try edit(metric.appending(path: "parallel_1_number_8/benchmark_summary.json")) {
            $0.replacingOccurrences(of: "\"Avg TTFT (ms)\": 68.66", with: "\"Avg TTFT (ms)\": \"fast\"")
        }
        #expect(try readError(metric).description.contains("benchmark_summary.json: \"Avg TTFT (ms)\": expected a number"))

        let percentile = try copy()
        try edit(percentile.appending(path: "parallel_1_number_8/benchmark_percentile.json")) {
            $0.replacingOccurrences(of: "\"TTFT (ms)\": 60.0733", with: "\"TTFT (ms)\": [60]")
        }
        let percentileError = try readError(percentile).description
        #expect(percentileError.contains("benchmark_percentile.json: \"TTFT (ms)\" at \""))
        #expect(percentileError.contains("\": expected a number, got an array"))

        let args = try copy()
        try edit(args.appending(path: "parallel_1_number_8/benchmark_args.json")) {
            $0.replacingOccurrences(of: "\"max_tokens\": 128", with: "\"max_tokens\": \"many\"")
        }
        #expect(try readError(args).description.contains("benchmark_args.json: \"max_tokens\": expected an integer"))
    }

    @Test("a summary of no known layout, and an unknown percentile label")
    func unknownLayout() throws {
        let root = try copy()
        try edit(root.appending(path: "parallel_1_number_8/benchmark_summary.json")) { _ in #"{"qps": 1.0, "p99": 2.0}"# }
        #expect(try readError(root).description.contains("benchmark_summary.json: unknown benchmark_summary.json layout"))

        let array = try copy()
        try edit(array.appending(path: "parallel_1_number_8/benchmark_summary.json")) { _ in "[1, 2]" }
        #expect(try readError(array).description.contains("benchmark_summary.json: expected a JSON object, got an array"))

        let label = try copy()
        try edit(label.appending(path: "parallel_1_number_8/benchmark_percentile.json")) {
            $0.replacingOccurrences(of: "\"Percentiles\": \"min\"", with: "\"Percentiles\": \"lowest\"")
        }
        #expect(try readError(label).description.contains("unknown percentile label \"lowest\""))
    }

    @Test("a corrupt database names the file")
    func corruptDatabase() throws {
        let root = try copy()
        let database = root.appending(path: "parallel_4_number_16/benchmark_data.db")
        try Data(repeating: 0x5A, count: 8192).write(to: database)
        let error = try readError(root)
        #expect(error.file == database.path(percentEncoded: false))
        #expect(error.reason.hasPrefix("not a readable SQLite database"))
    }

    @Test("a point folder without summary, a folder with nothing, points that disagree")
    func incompleteRuns() throws {
        let root = try copy()
        try FileManager.default.removeItem(at: root.appending(path: "parallel_8_number_32/benchmark_summary.json"))
        #expect(try readError(root).description.contains("parallel_8_number_32/benchmark_summary.json: missing"))

        let empty = try Fixtures.temporaryDirectory()
        #expect(try readError(empty).description.contains("benchmark_summary.json: missing"))

        let mixed = try copy()
        try edit(mixed.appending(path: "parallel_4_number_16/benchmark_args.json")) {
            $0.replacingOccurrences(of: "\"model\": \"gpt-oss-20b\"", with: "\"model\": \"other-model\"")
        }
        let error = try readError(mixed)
        #expect(error.field == "model")
        #expect(error.file.hasSuffix("parallel_4_number_16/benchmark_args.json"))
    }

    @Test("0.13 without a percentile file (fewer than 10 successes) imports")
    func missingPercentiles() throws {
        let root = try copy("history/0.13.2/perf-completions-openqa")
        try FileManager.default.removeItem(at: root.appending(path: "benchmark_percentile.json"))
        let point = try EvalScopePerfImporter.read(root).points[0]
        #expect(point.metrics[.latency, .mean] != nil)
        #expect(point.metrics.entries.allSatisfy { [.value, .mean].contains($0.statistic) })
    }

    @Test("a missing database gives a run without records")
    func missingDatabase() throws {
        let root = try copy()
        try FileManager.default.removeItem(at: root.appending(path: "parallel_1_number_8/benchmark_data.db"))
        let imported = try EvalScopePerfImporter.read(root)
        #expect(imported.points.map(\.records.count) == [0, 16, 32])
        #expect(imported.points[0].metrics[.ttft, .mean] != nil)
    }

    @Test("content hash: stable, independent of location, sensitive to any byte")
    func contentHash() throws {
        let root = PerfFixture.root(Self.sweep)
        let original = try EvalScopePerfImporter.read(root)
        #expect(try EvalScopePerfImporter.read(root).contentHash == original.contentHash)
        #expect(original.contentHash.count == 64)

        let moved = try copy()
        let copied = try EvalScopePerfImporter.read(moved)
        #expect(copied.contentHash == original.contentHash)
        #expect(copied.source.path != original.source.path)

        // One indentation space becomes a tab: still valid, same numbers, different bytes.
        try edit(moved.appending(path: "parallel_8_number_32/benchmark_args.json")) {
            $0.replacingOccurrences(of: "\n    \"model\"", with: "\n   \t\"model\"")
        }
        let changed = try EvalScopePerfImporter.read(moved)
        #expect(changed.points == original.points)
        #expect(changed.contentHash != original.contentHash)

        let database = try copy()
        let url = database.appending(path: "parallel_1_number_8/benchmark_data.db")
        // A column the importer does not read: same records, different database bytes.
        try DatabaseQueue(path: url.path(percentEncoded: false)).write { db in
            try db.execute(sql: "UPDATE result SET response_messages = 'changed' WHERE rowid = 1")
        }
        let rewritten = try EvalScopePerfImporter.read(database)
        #expect(rewritten.points == original.points)
        #expect(rewritten.contentHash != original.contentHash)
    }
}
