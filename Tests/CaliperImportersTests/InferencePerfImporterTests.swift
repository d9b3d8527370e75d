import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// The real inference-perf 0.7.0 runs in `Examples/peers/real-2026-12/inference-perf-0.7.0`
/// (see the README there for how they were made and what the tool printed).
enum InferencePerfFixture {
    static let root = Fixtures.peers("real-2026-12/inference-perf-0.7.0")

    /// Two constant-rate stages (4 and 8 req/s), completions, per-request rows with `info`.
    static let rate = root.appending(path: "rate-4-8-two-stages/reports")
    /// Two concurrent stages (1 and 4) against a server failing every 4th request, chat.
    static let failing = root.appending(path: "concurrency-1-4-fail-every-4/reports")

    /// A writable copy of a fixture's report folder.
    static func copy(_ folder: URL) throws -> URL {
        try Fixtures.temporaryCopy(of: folder)
    }

    /// A folder's path without a trailing slash, for comparing discovered folders.
    static func path(_ url: URL) -> String {
        var path = url.standardizedFileURL.path(percentEncoded: false)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Within `tolerance` relative: numbers are stored as the tool wrote them, after unit conversion.
    static func near(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-12)
    }
}

@Suite("inference-perf: real 0.7.0 fixtures")
struct InferencePerfImporterTests {
    typealias F = InferencePerfFixture

    @Test("two constant-rate stages import with the numbers inference-perf wrote")
    func rateStages() throws {
        let run = try InferencePerfImporter.read(F.rate)
        #expect(run.kind == .perf)
        #expect(run.points.count == 2)
        #expect(run.points.map(\.requestRate) == [4.0, 8.0])
        #expect(run.points.map(\.concurrency) == [nil, nil])
        #expect(run.points.map(\.requests) == [8, 16])

        let first = run.points[0].metrics
        #expect(F.near(run.points[0].durationSeconds, 2.117127678000543))
        #expect(F.near(first[.latency, .mean], 0.3681136461245842))
        #expect(F.near(first[.latency, .p50], 0.3648629890012671))
        #expect(F.near(first[.latency, .p99], 0.41044129318135675))
        #expect(F.near(first[.latency, .min], 0.3367173559963703))
        #expect(F.near(first[.latency, .max], 0.4120503500016639))
        #expect(F.near(first[.ttft, .mean], 0.06729663362420979))
        #expect(F.near(first[.ttft, .p50], 0.06508193650370231))
        #expect(F.near(first[.ttft, .p99], 0.08462669623906549))
        #expect(F.near(first[.tpot, .mean], 0.004809221352814113))
        #expect(F.near(first[.tpot, .p50], 0.004790721306386742))
        #expect(F.near(first[.itl, .mean], 0.004809221352814113))
        #expect(F.near(first[.itl, .p50], 0.006078878501284635))
        #expect(first[.itl, .min] == 0)
        #expect(F.near(first[.requestThroughput, .value], 3.7787045548218225))
        #expect(F.near(first[.outputThroughput, .value], 238.05838695377483))
        #expect(F.near(first[.totalThroughput, .value], 354.7258900838986))
        #expect(F.near(first[.inputTokens, .mean], 30.875))
        #expect(F.near(first[.outputTokens, .mean], 48))
        #expect(first[.requests, .value] == 8)
        #expect(first[.failedRequests, .value] == 0)
        #expect(first[.successRate, .value] == 1)
        // p0.1 and p99.9 have no Caliper statistic; normalized TPOT has no Caliper metric.
        let written: Set<Statistic> = [.value, .mean, .std, .min, .max, .p1, .p5, .p10, .p25, .p50, .p75, .p90, .p95, .p99]
        #expect(first.entries.allSatisfy { written.contains($0.statistic) })
        // Standard deviations from the BR partial, whose means are the stage report's own.
        #expect(F.near(first[.ttft, .std], 0.010758602620160079))
        #expect(F.near(first[.inputTokens, .std], 2.4748737341529163))
        // The partial's output length is the client's count (63), not the server's 48: no std.
        #expect(first[.outputTokens, .std] == nil)

        let second = run.points[1].metrics
        #expect(F.near(second[.latency, .mean], 0.3854251036259484))
        #expect(F.near(second[.ttft, .mean], 0.07332430406268031))
        #expect(F.near(second[.tpot, .mean], 0.005005341272180885))
        #expect(F.near(second[.itl, .p99], 0.008006266439479081))
        #expect(F.near(second[.outputThroughput, .value], 431.06723399506757))
        #expect(F.near(second[.requestThroughput, .value], 6.842337047540755))
        #expect(F.near(second[.ttft, .std], 0.011794666294641336))
    }

    @Test("request rows are split into the stages, with the server's token counts")
    func rateRecords() throws {
        let run = try InferencePerfImporter.read(F.rate)
        #expect(run.warnings.isEmpty)
        #expect(run.points.map(\.records.count) == [8, 16])
        for point in run.points {
            #expect(point.records.map(\.sequence) == Array(0..<point.records.count))
            #expect(point.records.allSatisfy { $0.success && $0.isStream == true && $0.error == nil })
            #expect(point.records.allSatisfy { $0.outputTokens == 48 && ($0.inputTokens ?? 0) > 0 })
            #expect(point.records.allSatisfy { $0.ttft != nil && $0.tpot != nil && $0.itlMean != nil && $0.itlCount == 62 })
            #expect(point.records.map { $0.startOffset ?? -1 }.min() == 0)
            let mean = point.records.compactMap(\.latency).reduce(0, +) / Double(point.records.count)
            #expect(F.near(mean, point.metrics[.latency, .mean] ?? 0, tolerance: 1e-9))
            let ttft = point.records.compactMap(\.ttft).reduce(0, +) / Double(point.records.count)
            #expect(F.near(ttft, point.metrics[.ttft, .mean] ?? 0, tolerance: 1e-9))
        }
    }

    @Test("identity and workload come from config.yaml")
    func rateIdentity() throws {
        let run = try InferencePerfImporter.read(F.rate)
        #expect(run.model.name == "sample-llm")
        #expect(run.model.tokenizer == "<work>/tok")
        #expect(run.engine.name == "vllm")
        #expect(run.engine.version == nil)
        #expect(run.workload.api == "openai")
        #expect(run.workload.endpoint == "/v1/completions")
        #expect(run.workload.url == "http://127.0.0.1:18941")
        #expect(run.workload.dataset == "random")
        #expect(run.workload.minPromptLength == 96)
        #expect(run.workload.maxPromptLength == 96)
        #expect(run.workload.outputLength == 48)
        #expect(run.generationConfig.maxTokens == 48)
        #expect(run.generationConfig.stream == true)
        #expect(run.generationConfig.ignoreEOS == true)
        #expect(run.source.tool == "inference-perf")
        #expect(run.source.version == "0.7..0.7")
        #expect(run.source.format == "lifecycle-6")
        #expect(run.runAt?.utcText == "2026-12-08T01:35:28Z")
        #expect(run.runAt?.origin == .source)
    }

    @Test("concurrent stages with failed requests: counts, success rate, error rows")
    func failingStages() throws {
        let run = try InferencePerfImporter.read(F.failing)
        #expect(run.points.map(\.concurrency) == [1, 4])
        #expect(run.points.map(\.requestRate) == [nil, nil])
        #expect(run.points.map(\.requests) == [8, 16])

        let first = run.points[0].metrics
        #expect(first[.failedRequests, .value] == 2)
        #expect(first[.successRate, .value] == 0.75)
        #expect(F.near(first[.latency, .mean], 0.33930684433410835))
        #expect(F.near(first[.ttft, .mean], 0.05373169283484458))
        #expect(F.near(first[.tpot, .mean], 0.006001503056703516))
        #expect(F.near(first[.itl, .mean], 0.004549526510726859))
        #expect(F.near(first[.outputThroughput, .value], 132.4378966787493))
        #expect(F.near(first[.requestThroughput, .value], 2.759122847473944))
        #expect(F.near(first[.inputTokens, .mean], 31.333333333333332))

        let second = run.points[1].metrics
        #expect(second[.failedRequests, .value] == 4)
        #expect(second[.successRate, .value] == 0.75)
        #expect(F.near(second[.latency, .p50], 0.40847228950224235))
        #expect(F.near(second[.ttft, .mean], 0.07859460016758628))
        #expect(F.near(second[.tpot, .mean], 0.006748961088654121))
        #expect(F.near(second[.outputThroughput, .value], 370.7435030139768))
        #expect(F.near(second[.ttft, .std], 0.009463881044000819))

        #expect(run.warnings.isEmpty)
        #expect(run.points.map { $0.records.count } == [8, 16])
        #expect(run.points.map { point in point.records.count { !$0.success } } == [2, 4])
        let failed = try #require(run.points[1].records.first { !$0.success })
        #expect(failed.error?.hasPrefix("HTTP Error 500: ") == true)
        #expect(failed.error?.contains("Injected failure") == true)
        #expect(failed.latency == nil && failed.ttft == nil)
        // Without `info` the rows lack the server's count, which the stage's output tokens are.
        #expect(run.points[1].records.filter(\.success).allSatisfy { $0.outputTokens == nil && $0.tpot != nil })

        #expect(run.workload.endpoint == "/v1/chat/completions")
        #expect(run.workload.dataset == "shared_prefix")
        #expect(run.workload.prefixLength == 64)
        #expect(run.workload.outputLength == 48)
        #expect(run.runAt?.utcText == "2026-12-08T01:35:47Z")
    }

    @Test("recognizes report folders only")
    func recognition() throws {
        #expect(InferencePerfImporter.recognizes(F.rate))
        #expect(InferencePerfImporter.recognizes(F.failing))
        // The folder holding the input config and the reports folder, the fixture root, and files.
        #expect(!InferencePerfImporter.recognizes(F.rate.deletingLastPathComponent()))
        #expect(!InferencePerfImporter.recognizes(F.root))
        #expect(!InferencePerfImporter.recognizes(F.rate.appending(path: "stage_0_lifecycle_metrics.json")))
        #expect(!InferencePerfImporter.recognizes(F.root.appending(path: "no-such-folder")))

        let found = ResultDiscovery.find(in: F.root, recursive: true).compactMap { found -> String? in
            guard case .result(let url, let importer) = found, importer == "inference-perf" else { return nil }
            return F.path(url)
        }
        #expect(Set(found) == [F.path(F.rate), F.path(F.failing)])
    }

    @Test("a re-read, and a moved copy, hash the same")
    func contentHash() throws {
        let once = try InferencePerfImporter.read(F.rate)
        let again = try InferencePerfImporter.read(F.rate)
        #expect(once.contentHash == again.contentHash)
        let copy = try F.copy(F.rate)
        #expect(try InferencePerfImporter.read(copy).contentHash == once.contentHash)
        #expect(try InferencePerfImporter.read(F.failing).contentHash != once.contentHash)
    }

    @Test("file names with a report_file_prefix, beside per-adapter stage reports")
    func prefixedNames() throws {
        let copy = try F.copy(F.failing)
        let names = try FileManager.default.contentsOfDirectory(atPath: copy.path)
        for name in names {
            try FileManager.default.moveItem(at: copy.appending(path: name), to: copy.appending(path: "run7_" + name))
        }
        try FileManager.default.copyItem(
            at: copy.appending(path: "run7_stage_0_lifecycle_metrics.json"),
            to: copy.appending(path: "run7_adapter_lora1_stage_0_lifecycle_metrics.json"))
        #expect(InferencePerfImporter.recognizes(copy))
        let run = try InferencePerfImporter.read(copy)
        let original = try InferencePerfImporter.read(F.failing)
        #expect(run.points == original.points)
        #expect(run.model == original.model)
        #expect(run.runAt == original.runAt)
    }

    @Test("rows that do not split into the stages are left out, with a warning")
    func unattributedRows() throws {
        let copy = try F.copy(F.failing)
        let url = copy.appending(path: "per_request_lifecycle_metrics.json")
        var rows = try #require(try JSONValue.parse(Data(contentsOf: url)).arrayValue)
        rows.removeLast()
        try Data(JSONValue.array(rows).canonicalJSON.utf8).write(to: url)
        let run = try InferencePerfImporter.read(copy)
        #expect(run.points.allSatisfy { $0.records.isEmpty })
        #expect(run.warnings.count == 1)
        #expect(run.warnings.first?.contains("23 rows") == true)
        #expect(run.points[1].metrics[.ttft, .mean] != nil)
    }

    @Test("without per-stage reports, a run of several stages is not one level")
    func summaryOnly() throws {
        let copy = try F.copy(F.rate)
        for index in 0..<2 {
            try FileManager.default.removeItem(at: copy.appending(path: "stage_\(index)_lifecycle_metrics.json"))
        }
        #expect(InferencePerfImporter.recognizes(copy))
        let error = Fixtures.importError { _ = try InferencePerfImporter.read(copy) }
        #expect(error?.file.hasSuffix("summary_lifecycle_metrics.json") == true)
        #expect(error?.reason.contains("per_stage") == true)
    }

    @Test("without config.yaml the model is unknown: an error naming the file")
    func missingConfig() throws {
        let copy = try F.copy(F.rate)
        try FileManager.default.removeItem(at: copy.appending(path: "config.yaml"))
        let error = Fixtures.importError { _ = try InferencePerfImporter.read(copy) }
        #expect(error?.file.hasSuffix("config.yaml") == true)
    }
}

@Suite("inference-perf: bad input")
struct InferencePerfBadInputTests {
    typealias F = InferencePerfFixture

    /// The error reading a copy of the rate fixture after `change` to `file`.
    func error(in file: String, _ change: @escaping (String) -> String) throws -> ImportError? {
        let copy = try F.copy(F.rate)
        try Fixtures.rewrite(copy.appending(path: file), change)
        return Fixtures.importError { _ = try InferencePerfImporter.read(copy) }
    }

    @Test("a NaN names the file and key")
    func notANumber() throws {
        let error = try error(in: "stage_1_lifecycle_metrics.json") {
            $0.replacingOccurrences(of: "\"mean\": 0.07332430406268031", with: "\"mean\": NaN")
        }
        #expect(error?.file.hasSuffix("stage_1_lifecycle_metrics.json") == true)
        #expect(error?.field == "successes.latency.time_to_first_token.mean")
        #expect(error?.reason.contains("finite") == true)
    }

    @Test("a negative time names the key and the value")
    func negativeTime() throws {
        let error = try error(in: "stage_0_lifecycle_metrics.json") {
            $0.replacingOccurrences(of: "\"mean\": 0.3681136461245842", with: "\"mean\": -0.3681136461245842")
        }
        #expect(error?.field == "successes.latency.request_latency.mean")
        #expect(error?.reason.contains("negative") == true)
    }

    @Test("a truncated file names the file")
    func truncated() throws {
        let error = try error(in: "stage_0_lifecycle_metrics.json") { String($0.prefix(300)) }
        #expect(error?.file.hasSuffix("stage_0_lifecycle_metrics.json") == true)
        #expect(error?.reason.contains("not valid JSON") == true)
    }

    @Test("a wrong type names the key")
    func wrongType() throws {
        let error = try error(in: "stage_0_lifecycle_metrics.json") {
            $0.replacingOccurrences(of: "\"count\": 8,\n    \"latency\"", with: "\"count\": \"eight\",\n    \"latency\"")
        }
        #expect(error?.field == "successes.count")
        #expect(error?.reason.contains("expected an integer") == true)
    }

    @Test("counts that contradict each other")
    func contradictingCounts() throws {
        let error = try error(in: "stage_1_lifecycle_metrics.json") {
            $0.replacingOccurrences(of: "\"count\": 16,\n    \"latency\"", with: "\"count\": 15,\n    \"latency\"")
        }
        #expect(error?.field == "load_summary.count")
        #expect(error?.reason.contains("15") == true)
    }

    @Test("a partial counting other requests than its stage")
    func partialDisagrees() throws {
        let error = try error(in: "inference-perf.partial.stage_0.yaml") {
            $0.replacingOccurrences(of: "total: 8\n", with: "total: 9\n")
        }
        #expect(error?.file.hasSuffix("inference-perf.partial.stage_0.yaml") == true)
        #expect(error?.field == "results.request_performance.aggregate.requests.total")
    }

    @Test("a request row ending before it started")
    func rowBackwards() throws {
        let copy = try F.copy(F.failing)
        let url = copy.appending(path: "per_request_lifecycle_metrics.json")
        var rows = try #require(try JSONValue.parse(Data(contentsOf: url)).arrayValue)
        var row = try #require(rows[3].objectValue)
        row["end_time"] = .double(1)
        rows[3] = .object(row)
        try Data(JSONValue.array(rows).canonicalJSON.utf8).write(to: url)
        let error = Fixtures.importError { _ = try InferencePerfImporter.read(copy) }
        #expect(error?.field == "[3].end_time")
    }

    @Test("a config value of the wrong type names config.yaml and the key")
    func configType() throws {
        let error = try error(in: "config.yaml") {
            $0.replacingOccurrences(of: "  streaming: true", with: "  streaming: [1]")
        }
        #expect(error?.file.hasSuffix("config.yaml") == true)
        #expect(error?.field == "api.streaming")
    }
}

/// llm-d Benchmark Reports made by `benchmark-report` (llmd-benchmark-report 0.2.1) from the
/// inference-perf fixtures, in `Examples/peers/real-2026-12/llmd-benchmark-report-0.2.1`.
@Suite("llm-d Benchmark Report: real 0.2.1 converter output")
struct LLMDReportImporterTests {
    typealias F = InferencePerfFixture

    static let root = F.root.deletingLastPathComponent().appending(path: "llmd-benchmark-report-0.2.1")
    /// v0.2.1 reports of the two rate stages, with an inference_engine stack added via the package's model.
    static let withStack = root.appending(path: "v0.2-rate-4-8-with-stack")
    /// v0.1 reports of the two concurrent stages with failures, as the converter wrote them.
    static let v01 = root.appending(path: "v0.1-concurrency-1-4-fail-every-4")

    @Test("a folder of v0.2 stage reports is one sweep with identity from the stack")
    func v02Folder() throws {
        let runs = try LLMDReportImporter.readRuns(Self.withStack)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.points.map(\.requestRate) == [4, 8])
        #expect(run.points.map(\.requests) == [8, 16])
        #expect(run.model.name == "sample-llm")
        #expect(run.engine == EngineIdentity(name: "vllm", version: "0.10.1"))
        #expect(run.hardware.name == "H20")
        #expect(run.hardware.memoryGB == 96)
        #expect(run.hardware.count == 1)
        #expect(run.source.tool == "llm-d-report")
        #expect(run.source.version == "0.2.1")
        #expect(run.source.format == "br-0.2")
        #expect(run.runAt?.utcText == "2026-12-08T01:35:28Z")

        let first = run.points[0].metrics
        #expect(F.near(first[.ttft, .mean], 0.06729663362420979))
        #expect(F.near(first[.ttft, .std], 0.010758602620160079))
        #expect(F.near(first[.ttft, .p50], 0.06508193650370231))
        #expect(F.near(first[.outputThroughput, .value], 238.05838695377483))
        #expect(F.near(first[.outputTokens, .mean], 63))
        #expect(first[.failedRequests, .value] == 0)
        #expect(first[.successRate, .value] == 1)
        let second = run.points[1].metrics
        #expect(F.near(second[.ttft, .mean], 0.07332430406268031))
        #expect(F.near(second[.itl, .p99], 0.008006266439479081))
        #expect(F.near(second[.outputThroughput, .value], 431.06723399506757))
    }

    @Test("one report file is one run of one point")
    func singleFile() throws {
        let file = Self.withStack.appending(path: "benchmark_report_v0.2_stage_1.yaml")
        #expect(LLMDReportImporter.recognizes(file))
        let runs = try LLMDReportImporter.readRuns(file)
        #expect(runs.count == 1)
        #expect(runs.first?.points.map(\.requestRate) == [8])
        #expect(runs.first?.points.first?.requests == 16)
    }

    @Test("v0.1 reports: the level from the inference-perf config kept in scenario.load.args")
    func v01Folder() throws {
        let runs = try LLMDReportImporter.readRuns(Self.v01)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.source.format == "br-0.1")
        #expect(run.source.version == "0.1")
        // The converter, run outside llm-d-benchmark's harness, writes model "unknown".
        #expect(run.model.name == "unknown")
        #expect(run.points.map(\.concurrency) == [1, 4])
        #expect(run.points.map(\.requestRate) == [nil, nil])
        #expect(run.points.map(\.requests) == [8, 16])
        let second = run.points[1].metrics
        #expect(second[.failedRequests, .value] == 4)
        #expect(second[.successRate, .value] == 0.75)
        #expect(F.near(second[.ttft, .mean], 0.07859460016758628))
        #expect(F.near(second[.ttft, .p50], 0.08218995350034675))
        #expect(F.near(second[.outputThroughput, .value], 370.7435030139768))
        #expect(F.near(second[.requestThroughput, .value], 7.72382297945785))
        #expect(F.near(run.points[1].durationSeconds, 1.1605642009963049))
    }

    @Test("recognizes reports, not inference-perf's folders, partials or other files")
    func recognition() throws {
        #expect(LLMDReportImporter.recognizes(Self.withStack))
        #expect(LLMDReportImporter.recognizes(Self.v01))
        #expect(!LLMDReportImporter.recognizes(F.rate))
        #expect(!LLMDReportImporter.recognizes(F.rate.appending(path: "inference-perf.partial.stage_0.yaml")))
        #expect(!LLMDReportImporter.recognizes(F.rate.appending(path: "stage_0_lifecycle_metrics.json")))
        #expect(!LLMDReportImporter.recognizes(F.rate.appending(path: "config.yaml")))
        #expect(!LLMDReportImporter.recognizes(Self.root.appending(path: "add_stack.py")))
        #expect(!LLMDReportImporter.recognizes(F.root))
    }

    @Test("a re-read, and a moved copy, hash the same")
    func contentHash() throws {
        let once = try LLMDReportImporter.readRuns(Self.withStack)
        let copy = try F.copy(Self.withStack)
        #expect(try LLMDReportImporter.readRuns(copy).map(\.contentHash) == once.map(\.contentHash))
        #expect(try LLMDReportImporter.readRuns(Self.withStack).map(\.contentHash) == once.map(\.contentHash))
    }

    @Test("a report without a stack names no model: an error naming the file")
    func noModel() throws {
        let copy = try F.copy(Self.withStack)
        try Fixtures.rewrite(copy.appending(path: "benchmark_report_v0.2_stage_0.yaml")) { text in
            guard let stack = text.range(of: "  stack:\n"), let version = text.range(of: "\nversion:") else { return text }
            return String(text[..<stack.lowerBound]) + String(text[text.index(after: version.lowerBound)...])
        }
        let error = Fixtures.importError { _ = try LLMDReportImporter.readRuns(copy) }
        #expect(error?.file.hasSuffix("benchmark_report_v0.2_stage_0.yaml") == true)
        #expect(error?.field == "scenario.stack[].standardized.model.name")
    }

    @Test("a unit outside the figure's category, and a negative time, name the key")
    func badValues() throws {
        let copy = try F.copy(Self.withStack)
        try Fixtures.rewrite(copy.appending(path: "benchmark_report_v0.2_stage_1.yaml")) {
            $0.replacingOccurrences(of: "units: s\n", with: "units: h\n")
        }
        let units = Fixtures.importError { _ = try LLMDReportImporter.readRuns(copy) }
        #expect(units?.field?.hasSuffix(".units") == true)
        #expect(units?.reason.contains("expected s or ms") == true)

        let negative = try F.copy(Self.withStack)
        try Fixtures.rewrite(negative.appending(path: "benchmark_report_v0.2_stage_0.yaml")) {
            $0.replacingOccurrences(of: "mean: 0.06729663362420979", with: "mean: -0.06729663362420979")
        }
        let error = Fixtures.importError { _ = try LLMDReportImporter.readRuns(negative) }
        #expect(error?.field == "results.request_performance.aggregate.latency.time_to_first_token.mean")
        #expect(error?.reason.contains("negative") == true)
    }
}
