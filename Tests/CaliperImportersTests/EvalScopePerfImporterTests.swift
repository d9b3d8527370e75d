import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// Perf run roots in `Examples/evalscope`, found below `<run>/<timestamp>/<name>/`.
enum PerfFixture {
    /// The run root of a fixture run folder (`history/1.0.0/perf-chat-multi`).
    static func root(_ run: String) -> URL {
        var url = Fixtures.evalscope(run)
        for _ in 0..<2 {
            let children = (try? FileManager.default.contentsOfDirectory(
                at: url, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])) ?? []
            guard let child = children.first(where: { $0.hasDirectoryPath && !$0.lastPathComponent.hasPrefix("_") })
            else { return url }
            url = child
        }
        return url
    }

    /// Every perf fixture run folder (`history/<version>/perf-*`, `1.14.1-capture/perf-*`).
    static var allRuns: [String] {
        var runs: [String] = []
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.evalscope("history").path)) ?? []
        for version in versions.sorted() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.evalscope("history/\(version)").path)) ?? []
            runs += names.filter { $0.hasPrefix("perf-") }.sorted().map { "history/\(version)/\($0)" }
        }
        let capture = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.evalscope("1.14.1-capture").path)) ?? []
        runs += capture.filter { $0.hasPrefix("perf-") }.sorted().map { "1.14.1-capture/\($0)" }
        return runs
    }

    /// Runs where EvalScope crashed and left only `benchmark.log` (`--no-stream` in 0.17.1 and 1.0.0).
    static let logOnlyRuns: Set<String> = ["history/0.17.1/perf-chat-nostream", "history/1.0.0/perf-chat-nostream"]

    static func read(_ run: String) throws -> Run {
        try EvalScopePerfImporter.read(root(run))
    }
}

/// Close enough for values read back from JSON and SQLite (and divided by 1000).
func close(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-12) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= tolerance * max(1, abs(expected))
}

@Suite("EvalScope perf: real fixtures")
struct EvalScopePerfImporterTests {
    @Test("every fixture run imports, or names its failure", arguments: PerfFixture.allRuns)
    func everyFixtureImports(run: String) throws {
        let root = PerfFixture.root(run)
        #expect(EvalScopePerfImporter.recognizes(root))
        if PerfFixture.logOnlyRuns.contains(run) {
            #expect(throws: ImportError.self) { try EvalScopePerfImporter.read(root) }
            return
        }
        let imported = try EvalScopePerfImporter.read(root)
        #expect(imported.kind == .perf)
        #expect(!imported.points.isEmpty)
        #expect(imported.source.tool == "evalscope")
        #expect(imported.runAt != nil)
        for point in imported.points {
            #expect(point.records.count == point.requests)
            #expect(point.metrics[.requests, .value] == Double(point.requests))
            #expect(point.metrics[.latency, .mean] != nil)
            #expect(point.metrics[.outputThroughput, .value] != nil)
        }
    }

    @Test("1.14.1 sweep: three points, canonical units, per-request records")
    func sweep1141() throws {
        let root = PerfFixture.root("1.14.1-capture/perf-sweep-completions-p1-4-8")
        let imported = try EvalScopePerfImporter.read(root)
        #expect(imported.points.map(\.concurrency) == [1, 4, 8])
        #expect(imported.points.map(\.requests) == [8, 16, 32])
        #expect(imported.points.map(\.records.count) == [8, 16, 32])
        #expect(imported.points.allSatisfy { $0.requestRate == nil })

        let first = imported.points[0]
        #expect(first.durationSeconds == 6.3773)
        #expect(close(first.metrics[.ttft, .mean], 0.06866))
        #expect(close(first.metrics[.tpot, .mean], 0.00573))
        #expect(close(first.metrics[.itl, .mean], 0.00573))
        #expect(first.metrics[.outputThroughput, .value] == 160.5695)
        #expect(first.metrics[.totalThroughput, .value] == 1445.2822)
        #expect(first.metrics[.requestThroughput, .value] == 1.2544)
        #expect(first.metrics[.latency, .mean] == 0.797)
        #expect(first.metrics[.inputTokens, .mean] == 1024.125)
        #expect(first.metrics[.outputTokens, .mean] == 128)
        #expect(first.metrics[.successRate, .value] == 1)
        #expect(first.metrics[.failedRequests, .value] == 0)
        // Percentile rows: min … max, ms → s; per-request throughput columns are not kept.
        #expect(first.metrics[.latency, .min] == 0.7785)
        #expect(close(first.metrics[.ttft, .min], 0.0600733))
        #expect(close(first.metrics[.itl, .min], 0.0005943))
        #expect(close(first.metrics[.itl, .p1], 0.0045785))
        #expect(close(first.metrics[.tpot, .min], 0.0055967))
        #expect(first.metrics[.inputTokens, .min] == 1024)
        #expect(first.metrics.values[.ttft]?.keys.sorted() == [.mean, .min, .p1, .p5, .p10, .p25, .p50, .p75, .p90, .p95, .p99, .max])

        let record = first.records[0]
        #expect(record.sequence == 0)
        #expect(record.success)
        #expect(record.startOffset == 0)
        #expect(close(record.latency, 0.799536657999852))
        #expect(close(record.ttft, 0.0720706389993211))
        #expect(close(record.tpot, 0.00572807888976796))
        #expect(record.itlCount == 127)
        #expect(close(record.itlMean, 0.00572802408661785, tolerance: 1e-9))
        #expect(record.inputTokens == 1024)
        #expect(record.outputTokens == 128)
        #expect(record.isStream == true)
        #expect(record.error == nil)
        #expect(first.records.map(\.sequence) == Array(0..<8))
        #expect(first.records.allSatisfy { ($0.startOffset ?? -1) >= 0 })

        #expect(imported.source == SourceInfo(
            tool: "evalscope", version: "1.10..1.14", format: "perf-G", path: root.path(percentEncoded: false)))
        #expect(imported.runAt == RunTime(local: "2026-11-24T19:03:05", zone: .current, origin: .ingestHost))
        #expect(imported.labels.isEmpty)
        #expect(imported.engine == EngineIdentity())
        #expect(imported.hardware == Hardware())
    }

    @Test("run keys: model, generation config, workload, endpoint")
    func runKeys() throws {
        let imported = try PerfFixture.read("1.14.1-capture/perf-sweep-completions-p1-4-8")
        #expect(imported.model == ModelIdentity(name: "gpt-oss-20b", tokenizer: "/home/user/bench/tokenizer/gpt-oss-20b-local"))
        #expect(imported.generationConfig.canonicalJSON
            == #"{"ignore_eos":true,"max_tokens":128,"min_tokens":128,"stream":true,"temperature":0}"#)
        #expect(imported.workload == Workload(
            api: "openai", endpoint: "/v1/completions", url: "http://127.0.0.1:18801/v1/completions", dataset: "random",
            datasetPath: nil, minPromptLength: 1024, maxPromptLength: 1024, prefixLength: 0, outputLength: 128))

        // 0.13.2: sys.maxsize means no limit; `stop: []` is the same request as `stop: null`.
        let old = try PerfFixture.read("history/0.13.2/perf-chat-single")
        #expect(old.model == ModelIdentity(name: "mock-model"))
        #expect(old.generationConfig.canonicalJSON == #"{"max_tokens":64,"seed":42,"stream":true,"temperature":0}"#)
        #expect(old.workload == Workload(
            api: "openai", endpoint: "/v1/chat/completions", url: "http://127.0.0.1:18802/v1/chat/completions",
            dataset: "line_by_line", datasetPath: "/home/user/bench/data/prompts.txt", minPromptLength: 0,
            maxPromptLength: nil, prefixLength: 0, outputLength: 64))

        let openqa = try PerfFixture.read("history/1.0.0/perf-completions-openqa")
        #expect(openqa.generationConfig.ignoreEOS == true)
        #expect(openqa.generationConfig.minTokens == 48)
        #expect(openqa.workload.endpoint == "/v1/completions")
    }

    @Test("1.14.1 non-stream: NaN percentiles are absent, records are not streamed")
    func nonStream() throws {
        let imported = try PerfFixture.read("1.14.1-capture/perf-single-chat-nostream-p2")
        #expect(imported.points.count == 1)
        let point = imported.points[0]
        #expect(point.concurrency == 2)
        #expect(close(point.metrics[.ttft, .mean], 0.33514))
        #expect(point.metrics[.tpot, .mean] == 0)
        #expect(point.metrics[.itl, .mean] == 0)
        #expect(point.metrics.values[.itl]?.keys.sorted() == [.mean])
        #expect(close(point.metrics[.ttft, .min], 0.2920948))
        #expect(point.records.count == 8)
        #expect(point.records.allSatisfy { $0.isStream == false && $0.itlCount == 0 && $0.itlMean == nil })
    }

    @Test("1.14.1 failures: failed counts, success rate, failed records without timings")
    func failures() throws {
        let imported = try PerfFixture.read("1.14.1-capture/perf-sweep-failures-p2-4")
        #expect(imported.points.map(\.requests) == [10, 20])
        #expect(imported.points.map { $0.metrics[.failedRequests, .value] } == [3, 6])
        #expect(imported.points.map { $0.metrics[.successRate, .value] } == [0.7, 0.7])
        let records = imported.points[0].records
        #expect(records.filter { !$0.success }.count == 3)
        #expect(records.filter { !$0.success }.allSatisfy { $0.latency == nil && $0.ttft == nil && $0.tpot == nil && $0.outputTokens == nil })
        #expect(records[1].success == false)
        #expect(records[1].isStream == true)
        #expect(records[1].itlCount == 0)
        // A request that failed mid-stream keeps the gaps it received.
        #expect(records[8].itlCount == 2)
        #expect(imported.points[1].records.filter { !$0.success }.count == 6)
    }

    @Test("0.13.2 (generation A): seconds stay seconds, package latency and the TPOT column are ITL")
    func generationA() throws {
        let root = PerfFixture.root("history/0.13.2/perf-chat-single")
        let imported = try EvalScopePerfImporter.read(root)
        #expect(imported.source.format == "perf-A")
        #expect(imported.source.version == "0.8..0.14")
        #expect(imported.runAt == RunTime(local: "2026-11-24T18:58:29", zone: .current, origin: .ingestHost))
        #expect(imported.points.count == 1)
        let point = imported.points[0]
        #expect(point.concurrency == 4)
        #expect(point.requestRate == nil)
        #expect(point.requests == 12)
        #expect(point.durationSeconds == 1.586)
        #expect(point.metrics[.requestThroughput, .value] == 7.566)
        #expect(point.metrics[.outputThroughput, .value] == 461.543)
        #expect(point.metrics[.totalThroughput, .value] == nil)
        #expect(point.metrics[.latency, .mean] == 0.507)
        #expect(point.metrics[.ttft, .mean] == 0.067)
        #expect(point.metrics[.tpot, .mean] == 0.008)
        #expect(point.metrics[.itl, .mean] == 0.007)
        #expect(point.metrics[.inputTokens, .mean] == 16.667)
        #expect(point.metrics[.ttft, .p10] == 0.0625)
        #expect(point.metrics[.itl, .p10] == 0.0066)
        #expect(point.metrics.values[.tpot]?.keys.sorted() == [.mean])
        #expect(point.metrics[.latency, .p66] != nil)
        #expect(point.metrics[.latency, .p98] != nil)

        // chunk_times (role chunk, 64 tokens, usage chunk): 65 gaps; TPOT recomputed as EvalScope 0.17.1+ does.
        let record = point.records[0]
        #expect(record.itlCount == 65)
        #expect(close(record.itlMean, 0.00721605035383758, tolerance: 1e-9))
        #expect(close(record.tpot, (0.528943027999958 - 0.0597747290003099) / 63))
        #expect(record.isStream == true)
        #expect(point.records[1].startOffset.map { close($0, 0.0054977929994493, tolerance: 1e-9) } == true)

        let nonStream = try PerfFixture.read("history/0.13.2/perf-chat-nostream")
        #expect(nonStream.points[0].records.allSatisfy { $0.isStream == false && $0.itlCount == 0 && $0.tpot == 0 })
    }

    @Test("0.17.1 and 1.0.0 (generation D1): chunk_times, two points in run order")
    func chunkTimes() throws {
        for version in ["0.17.1", "1.0.0"] {
            let imported = try PerfFixture.read("history/\(version)/perf-chat-multi")
            #expect(imported.source.format == "perf-D")
            #expect(imported.source.version == "0.17.1..1.1.0")
            #expect(imported.points.map(\.concurrency) == [1, 4])
            #expect(imported.points.map(\.records.count) == [4, 8])
            // One timestamp per SSE message: role chunk, one per token, usage chunk.
            for record in imported.points.flatMap(\.records) {
                #expect(record.itlCount == record.outputTokens.map { $0 + 1 })
                #expect(record.isStream == true)
                #expect(record.tpot != nil)
            }
        }
        let point = try PerfFixture.read("history/0.17.1/perf-chat-multi").points[1]
        #expect(point.durationSeconds == 1.0439)
        #expect(point.metrics[.outputThroughput, .value] == 455.9918)
        #expect(point.metrics[.totalThroughput, .value] == 581.4853)
        #expect(close(point.records[0].tpot, 0.00739142917459431))
        #expect(close(point.records[0].itlMean, 0.00716211253845988, tolerance: 1e-9))
        #expect(point.records[1].startOffset.map { close($0, 0.0011088600003859, tolerance: 1e-9) } == true)
    }

    @Test("1.9.1 (generation F): keys without Avg, milliseconds, percentiles up to max")
    func generationF() throws {
        let imported = try PerfFixture.read("history/1.9.1/perf-chat-multi")
        #expect(imported.source.format == "perf-F")
        #expect(imported.source.version == "1.9.1..1.9")
        let point = imported.points[0]
        #expect(point.concurrency == 1)
        #expect(point.requestRate == nil)
        #expect(point.durationSeconds == 1.5168)
        #expect(close(point.metrics[.ttft, .mean], 0.0537))
        #expect(close(point.metrics[.tpot, .mean], 0.00516))
        #expect(close(point.metrics[.itl, .mean], 0.00508))
        #expect(close(point.metrics[.itl, .p1], 0.00007))
        #expect(close(point.metrics[.ttft, .max], 0.05679))
        #expect(point.metrics[.ttft, .min] == nil)
        #expect(point.metrics[.latency, .max] == 0.38)
        // The JSON request body says stream: true (1.1.1+; no is_stream column before 1.10).
        #expect(point.records.allSatisfy { $0.isStream == true && $0.itlCount == 64 })
    }

    @Test("the failed 0.17.1 / 1.0.0 --no-stream runs report the log's last error")
    func logOnly() throws {
        for run in PerfFixture.logOnlyRuns.sorted() {
            let root = PerfFixture.root(run)
            #expect(EvalScopePerfImporter.recognizes(root))
            let error = try #require(throws: ImportError.self) { try EvalScopePerfImporter.read(root) }
            #expect(error.file.hasSuffix("benchmark.log"))
            #expect(error.description.contains("failed run: EvalScope wrote only benchmark.log, no benchmark_summary.json"))
            #expect(error.description.contains("TypeError: string indices must be integers"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("recognizes run roots, point folders and log-only runs, by file names")
    func recognizes() throws {
        let root = PerfFixture.root("1.14.1-capture/perf-sweep-completions-p1-4-8")
        #expect(EvalScopePerfImporter.recognizes(root))
        #expect(EvalScopePerfImporter.recognizes(root.appending(path: "parallel_1_number_8")))
        #expect(!EvalScopePerfImporter.recognizes(root.deletingLastPathComponent()))
        #expect(!EvalScopePerfImporter.recognizes(PerfFixture.root("history/1.14.1/eval-openai-service")))
        #expect(!EvalScopePerfImporter.recognizes(try Fixtures.temporaryDirectory()))
        #expect(Importers.importer(for: root)?.name == "evalscope-perf")
    }

    @Test("a point folder alone imports as a one-point run")
    func singlePointFolder() throws {
        let folder = PerfFixture.root("1.14.1-capture/perf-sweep-completions-p1-4-8").appending(path: "parallel_4_number_16")
        let imported = try EvalScopePerfImporter.read(folder)
        #expect(imported.points.map(\.concurrency) == [4])
        #expect(imported.points[0].records.count == 16)
        #expect(imported.runAt == RunTime(local: "2026-11-24T19:03:05", zone: .current, origin: .ingestHost))
    }
}
