import CaliperTestSupport
import Foundation
import Testing

/// Names and labels from result files and users never reach the terminal raw: no ESC byte in what
/// `caliper` prints (piped, so without color), and no table row broken by a newline.
@Suite(.serialized)
struct TerminalSafetyEndToEndTests {
    static let single = "1.14.1-capture/perf-single-completions-p2/20261124_185544/gpt-oss-20b"
    static let hostileLabel = "x=a\u{1B}[2Jb\nc"

    /// Run 1: the example with a hostile label; run 2: a copy whose model name holds ESC and a newline.
    func store(_ engine: StoreEngine) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        let labelled = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: Self.single).path, "--label", Self.hostileLabel], in: folder)
        #expect(labelled.status == 0, "\(labelled.stderr)")
        expectSafe(labelled)
        #expect(labelled.stdout.hasPrefix("stored run 1: perf gpt-oss-20b"))

        let copy = folder.appending(path: "copy/gpt-oss-20b")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CaliperProcess.examples.appending(path: Self.single), to: copy)
        let args = copy.appending(path: "parallel_2_number_10/benchmark_args.json")
        let json = try String(contentsOf: args, encoding: .utf8)
        #expect(json.contains(#""model": "gpt-oss-20b""#))
        try json.replacingOccurrences(of: #""model": "gpt-oss-20b""#, with: #""model": "gpt\u001b[31m-evil\nx""#)
            .write(to: args, atomically: true, encoding: .utf8)
        let hostile = try CaliperProcess.run(["ingest", copy.path], in: folder)
        #expect(hostile.status == 0, "\(hostile.stderr)")
        expectSafe(hostile)
        #expect(hostile.stdout.hasPrefix(#"stored run 2: perf gpt\e[31m-evil\nx"#))
        return folder
    }

    func expectSafe(_ result: CaliperProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.stdout.utf8.contains(0x1B), "stdout: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(!result.stderr.utf8.contains(0x1B), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test(arguments: StoreEngine.allCases) func runsShowAndCompareCarryNoEscapeAndKeepRowsWhole(engine: StoreEngine) throws {
        let folder = try store(engine)

        let runs = try CaliperProcess.run(["runs"], in: folder)
        #expect(runs.status == 0)
        expectSafe(runs)
        let lines = runs.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(runs.stdout)")
        #expect(lines.contains { $0.hasPrefix(" 2  perf  gpt\\e[31m-evil\\nx  ") })
        #expect(lines.contains { $0.hasPrefix(" 1  perf  gpt-oss-20b  ") && $0.hasSuffix(#"x=a\e[2Jb\nc"#) })

        let show = try CaliperProcess.run(["show", "1"], in: folder)
        #expect(show.status == 0)
        expectSafe(show)
        #expect(show.stdout.contains("\n  labels           x=a\\e[2Jb\\nc\n"))
        let showHostile = try CaliperProcess.run(["show", "2"], in: folder)
        expectSafe(showHostile)
        #expect(showHostile.stdout.contains("\n  model            gpt\\e[31m-evil\\nx\n"))

        // Different models: not comparable (exit 2), and the table names both safely.
        let compare = try CaliperProcess.run(["compare", "1", "2"], in: folder)
        #expect(compare.status == 2)
        expectSafe(compare)
        let model = try #require(compare.stdout.split(separator: "\n").first { $0.hasPrefix("model ") })
        #expect(model.hasSuffix("gpt\\e[31m-evil\\nx"))
        let allowed = try CaliperProcess.run(["compare", "1", "2", "--allow-diff", "model", "--format", "md"], in: folder)
        expectSafe(allowed)
        #expect(allowed.stdout.contains(#"x=a\e[2Jb c"#), "\(allowed.stdout)")
    }

    @Test(arguments: StoreEngine.allCases) func mistypedSelectorValuesExitTwo(engine: StoreEngine) throws {
        let folder = try store(engine)
        let compare = try CaliperProcess.run(["compare", "latest temperature=abc", "1"], in: folder)
        #expect(compare.status == 2)
        #expect(compare.stderr == "caliper: baseline: temperature takes a number (got \"abc\")\n")

        let trend = try CaliperProcess.run(
            ["trend", "--metric", "output_throughput", "--concurrency", "2", "--where", "max_tokens=lots"], in: folder)
        #expect(trend.status == 2)
        #expect(trend.stderr.contains(#"max_tokens takes a whole number (got "lots")"#), "\(trend.stderr)")

        // An error quoting what the user typed shows its control characters escaped.
        let unknown = try CaliperProcess.run(
            ["trend", "--metric", "output_throughput", "--concurrency", "2", "--where", "co\u{1B}[2Jlor=1"], in: folder)
        #expect(unknown.status == 2)
        expectSafe(unknown)
        #expect(unknown.stderr.contains(#"unknown key "co\e[2Jlor""#), "\(unknown.stderr)")
    }
}
