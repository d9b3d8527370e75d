import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// The GuideLLM reports in `Examples/peers/guidellm`, and scratch copies to break.
private enum GuideLLMFixtures {
    static let root = Fixtures.peers("guidellm")

    /// The folder of the concurrent sweep written by GuideLLM `version` (0.3.1, 0.5.4, 0.8.1).
    static func folder(_ version: String) -> URL {
        root.appending(path: "SAMPLE_real-run_guidellm-\(version)_concurrent-sweep")
    }

    static func report(_ version: String) -> URL {
        folder(version).appending(path: "benchmarks.json")
    }

    static func read(_ version: String) throws -> Run {
        try #require(try GuideLLMImporter.readRuns(folder(version)).first)
    }
}

@Suite("GuideLLM importer")
struct GuideLLMImporterTests {
    /// Per fixture: output tok/s as the console prints it (0.3.1 `successful.mean`, 0.5.4 and
    /// 0.8.1 `total.mean`), TTFT and ITL means in ms (successful), successful requests.
    static let printed: [(version: String, output: [Double], ttftMs: [Double], itlMs: [Double], requests: [Int])] = [
        ("0.3.1", [131.09262097719747, 909.8493507702289, 2307.015784306959, 1814.8863506992052],
         [112.55979537963866, 835.9420108795166, 1905.8286571502686, 2001.3358727940972],
         [7.51859404957173, 10.046318162338242, 18.852484608442325, 27.688414780203008], [7, 50, 100, 106]),
        ("0.5.4", [125.81458835361227, 852.3350886558784, 2184.2851078314925, 3368.947049247705],
         [121.16950750350952, 877.6873617756122, 2031.694546784505, 2144.503625772767],
         [7.849953740922587, 10.722990782938618, 20.56421613138974, 27.451538394949026], [8, 49, 101, 118]),
        ("0.8.1", [130.4835396943442, 882.0, 2384.0, 2936.4512251829256],
         [112.74879319327218, 813.0294847488403, 1706.122853755951, 2878.258891105652],
         [7.540718834254682, 10.416261070751142, 19.18920037100858, 30.04911435780754], [7, 50, 100, 100]),
    ]

    @Test("every fixture: one run, four concurrency levels, the numbers GuideLLM printed, in seconds", arguments: [0, 1, 2])
    func fixtures(index: Int) throws {
        let expected = Self.printed[index]
        #expect(GuideLLMImporter.recognizes(GuideLLMFixtures.folder(expected.version)))
        #expect(GuideLLMImporter.recognizes(GuideLLMFixtures.report(expected.version)))
        let runs = try GuideLLMImporter.readRuns(GuideLLMFixtures.folder(expected.version))
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.points.map(\.concurrency) == [1, 10, 50, 100])
        #expect(run.points.map(\.requests) == expected.requests)
        for (level, point) in run.points.enumerated() {
            #expect(near(point.metrics[.outputThroughput, .value], expected.output[level]))
            #expect(near(point.metrics[.ttft, .mean], expected.ttftMs[level] / 1000))
            #expect(near(point.metrics[.tpot, .mean], expected.itlMs[level] / 1000))
            #expect(point.metrics[.itl, .mean] == nil)
            #expect(point.metrics[.failedRequests, .value] == 0)
            #expect(point.metrics[.successRate, .value] == 1)
            #expect(point.metrics[.latency, .p99] != nil)
            #expect(point.durationSeconds != nil)
            // Only a sample of 4 requests per status was kept: no rows.
            #expect(point.records.isEmpty)
        }
        #expect(run.source.tool == "guidellm")
        #expect(run.model.name == "openai/gpt-oss-20b")
        #expect(run.model.tokenizer == "openai/gpt-oss-20b")
        #expect(run.workload.minPromptLength == 1024)
        #expect(run.workload.outputLength == 1024)
        #expect(run.workload.dataset == "synthetic")
        #expect(run.workload.url == "http://127.0.0.1:8000")
        #expect(run.runAt != nil)
        #expect(run.warnings.count == 2)
        #expect(run.warnings.allSatisfy { $0.hasPrefix("benchmarks.json: ") })
        #expect(RunValidation.violations(of: run).isEmpty)
    }

    @Test("0.8.1: peer-formats.md figures, total throughputs, labels, hardware and engine from labels")
    func version081() throws {
        let run = try GuideLLMFixtures.read("0.8.1")
        // total output tok/s 130 / 882 / 2384 / 2937, TTFT 113 / 813 / 1706 / 2878 ms, ITL 7.5 / 10.4 / 19.2 / 30.0 ms.
        #expect(run.points.map { ($0.metrics[.outputThroughput, .value] ?? 0).rounded() } == [130, 882, 2384, 2936])
        // The console's "Output Tokens Per Sec Mean" at c=100: 2936.5.
        #expect(((run.points[3].metrics[.outputThroughput, .value] ?? 0) * 10).rounded() / 10 == 2936.5)
        #expect(run.points.map { (($0.metrics[.ttft, .mean] ?? 0) * 1000).rounded() } == [113, 813, 1706, 2878])
        #expect(run.points.map { (($0.metrics[.tpot, .mean] ?? 0) * 10000).rounded() / 10 } == [7.5, 10.4, 19.2, 30.0])
        #expect(run.source.version == "0.8.1")
        #expect(run.source.format == "report-0.7")
        #expect(run.labels == ["hardware": "1xH20", "server": "vllm-0.10.1.1"])
        #expect(run.hardware.name == "H20")
        #expect(run.hardware.count == 1)
        #expect(run.engine == EngineIdentity(name: "vllm", version: "0.10.1.1"))
        #expect(run.workload.endpoint == "/v1/chat/completions")
        #expect(run.workload.api == "openai_http")
        // From the kept request bodies: max_completion_tokens 1024, ignore_eos, stream.
        #expect(run.generationConfig.maxTokens == 1024)
        #expect(run.generationConfig.ignoreEOS == true)
        #expect(run.generationConfig.stream == true)
        #expect(run.runAt == RunTime(date: Date(timeIntervalSince1970: 1795546243.7401762), zone: .current, origin: .ingestHost))
        let first = run.points[0].metrics
        #expect(near(first[.latency, .p99], 8.089322566986084))
        #expect(near(first[.requestThroughput, .value], 0.11666666666666668))
        #expect(run.warnings[0] == "benchmarks.json: 161 requests still running when their level's time ran out (GuideLLM's incomplete) are not counted")
    }

    @Test("0.3.1 prints successful throughputs, keeps labels in extras; 0.5.4 has no labels and a Python-repr body")
    func olderVersions() throws {
        let old = try GuideLLMFixtures.read("0.3.1")
        #expect(old.source.format == "report-0.3")
        #expect(old.source.version == "0.2..0.3")
        #expect(near(old.points[3].metrics[.outputThroughput, .value], 1814.8863506992052))
        #expect(old.labels == ["hardware": "1xH20", "server": "vllm-0.10.1.1"])
        #expect(old.workload.endpoint == "/v1/completions")
        #expect(old.generationConfig == GenerationConfig(["max_tokens": .int(1024), "ignore_eos": .bool(true), "stream": .bool(true)]))
        // The same settings as 0.8.1's request bodies: runs of both versions compare.
        #expect(old.generationConfig == (try GuideLLMFixtures.read("0.8.1")).generationConfig)
        #expect(near(old.points[0].metrics[.latency, .mean], 7.804452793938772))
        #expect(near(old.points[0].metrics[.latency, .p50], 7.665216684341431))

        let middle = try GuideLLMFixtures.read("0.5.4")
        #expect(middle.source.format == "report-0.4")
        #expect(middle.source.version == "0.5.4")
        #expect(middle.labels.isEmpty)
        #expect(middle.hardware == Hardware())
        #expect(middle.workload.endpoint == "/v1/chat/completions")
        #expect(middle.generationConfig.maxTokens == 1024)
        #expect(middle.generationConfig.ignoreEOS == true)
    }

    @Test("every successful and errored request kept: one row each, in completion order")
    func requestRows() throws {
        let copy = try Fixtures.temporaryCopy(of: GuideLLMFixtures.folder("0.8.1"))
        let file = copy.appending(path: "benchmarks.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var benchmarks = try #require(json["benchmarks"] as? [[String: Any]])
        var benchmark = benchmarks[1]
        var metrics = try #require(benchmark["metrics"] as? [String: Any])
        var requests = try #require(benchmark["requests"] as? [String: Any])
        let kept = try #require(requests["successful"] as? [[String: Any]])
        // Two of the kept successful requests become errors; the totals now match what was kept.
        var errored = Array(kept.prefix(2))
        for index in errored.indices {
            var info = errored[index]["info"] as? [String: Any] ?? [:]
            info["error"] = "HTTP 500: mock failure"
            errored[index]["info"] = info
        }
        requests["successful"] = Array(kept.dropFirst(2))
        requests["errored"] = errored
        metrics["request_totals"] = ["successful": kept.count - 2, "errored": 2, "incomplete": 1, "total": kept.count + 1]
        benchmark["requests"] = requests
        benchmark["metrics"] = metrics
        benchmarks = [benchmark]
        json["benchmarks"] = benchmarks
        try JSONSerialization.data(withJSONObject: json).write(to: file)

        let run = try #require(try GuideLLMImporter.readRuns(file).first)
        let point = try #require(run.points.first)
        #expect(point.requests == kept.count)
        #expect(point.metrics[.failedRequests, .value] == 2)
        #expect(point.records.count == kept.count)
        #expect(point.records.map(\.sequence) == Array(0..<kept.count))
        #expect(point.records.filter { !$0.success }.allSatisfy { $0.error == "HTTP 500: mock failure" })
        #expect(point.records.allSatisfy { $0.isStream == true && $0.outputTokens == 1024 && $0.itlMean == nil })
        #expect(point.records.contains { $0.startOffset == 0 })
        let firstKept = try #require(kept.first)
        let latency = try #require(firstKept["request_latency"] as? Double)
        #expect(point.records.contains { near($0.latency, latency) && !$0.success })
        #expect(RunValidation.violations(of: run).isEmpty)
        #expect(run.warnings == ["benchmarks.json: 1 requests still running when their level's time ran out (GuideLLM's incomplete) are not counted"])
    }

    @Test("Python repr request arguments (0.4–0.6) parse as JSON values")
    func pythonLiteral() {
        let text = "{'method': None, 'stream': True, 'body': {'model': 'openai/gpt-oss-20b', 'max_completion_tokens': 1024, 'stop': None, 'temperature': 0.6, 'messages': [{'role': 'user', 'content': 'it\\'s \"x\"'}], 'n': (1, 2)}}"
        let value = PythonLiteral.parse(text)
        let body = value?.objectValue?["body"]?.objectValue
        #expect(value?.objectValue?["stream"] == .bool(true))
        #expect(value?.objectValue?["method"] == .null)
        #expect(body?["max_completion_tokens"] == .int(1024))
        #expect(body?["temperature"] == .double(0.6))
        #expect(body?["messages"]?.arrayValue?.first?.objectValue?["content"] == .string("it's \"x\""))
        #expect(body?["n"] == .array([.int(1), .int(2)]))
        #expect(PythonLiteral.parse("<guidellm.Foo object at 0x7f>") == nil)
        #expect(PythonLiteral.parse("{'a': 1") == nil)
        #expect(PythonLiteral.parse("{'a': inf}") == nil)
    }

    @Test("recognizes reports by their markers, not other JSON, CSV or empty folders")
    func recognition() throws {
        let scratch = try Fixtures.temporaryDirectory()
        #expect(!GuideLLMImporter.recognizes(scratch))
        #expect(!GuideLLMImporter.recognizes(GuideLLMFixtures.folder("0.8.1").appending(path: "benchmarks.csv")))
        #expect(!GuideLLMImporter.recognizes(GuideLLMFixtures.root))
        let other = scratch.appending(path: "results.json")
        try Data(#"{"benchmarks": [{"name": "not guidellm"}]}"#.utf8).write(to: other)
        #expect(!GuideLLMImporter.recognizes(other))
        #expect(!GuideLLMImporter.recognizes(scratch))
        // Any file name: GuideLLM writes where --output-path says.
        let renamed = scratch.appending(path: "sweep-0.8.1.json")
        try FileManager.default.copyItem(at: GuideLLMFixtures.report("0.8.1"), to: renamed)
        #expect(GuideLLMImporter.recognizes(renamed))
        #expect(GuideLLMImporter.recognizes(scratch))
        #expect(try GuideLLMImporter.readRuns(scratch).count == 1)
    }

    @Test("re-reading gives the same content hash; a copy too; an edit changes it")
    func contentHash() throws {
        let first = try GuideLLMFixtures.read("0.5.4").contentHash
        #expect(try GuideLLMFixtures.read("0.5.4").contentHash == first)
        let copy = try Fixtures.temporaryCopy(of: GuideLLMFixtures.folder("0.5.4"))
        #expect(try GuideLLMImporter.readRuns(copy).first?.contentHash == first)
        try Fixtures.replace("\"duration\": 60.0", with: "\"duration\": 60", in: copy.appending(path: "benchmarks.json"))
        #expect(try GuideLLMImporter.readRuns(copy).first?.contentHash != first)
    }

    @Test("bad input names the file and key", arguments: [
        ("\"time_to_first_token_ms\": {\"successful\": {\"mean\": 112.74879319327218",
         "\"time_to_first_token_ms\": {\"successful\": {\"mean\": NaN",
         "benchmarks[0].metrics.time_to_first_token_ms.successful.mean", "not a finite number"),
        ("\"time_to_first_token_ms\": {\"successful\": {\"mean\": 112.74879319327218",
         "\"time_to_first_token_ms\": {\"successful\": {\"mean\": -112.7",
         "benchmarks[0].metrics.time_to_first_token_ms.successful.mean", "negative"),
        ("\"streams\": 1,", "\"streams\": \"one\",", "benchmarks[0].config.strategy.streams", "expected an integer"),
        ("\"request_totals\": {\"successful\": 7, \"errored\": 0, \"incomplete\": 1, \"total\": 8}",
         "\"request_totals\": {\"successful\": 7, \"errored\": 0, \"incomplete\": 1, \"total\": 9}",
         "benchmarks[0].metrics.request_totals.total", "incomplete 1 = 8"),
        ("\"duration\": 60.0", "\"duration\": 0.0", "benchmarks[0].duration", "zero"),
    ])
    func badInput(old: String, new: String, field: String, reason: String) throws {
        let copy = try Fixtures.temporaryCopy(of: GuideLLMFixtures.folder("0.8.1"))
        let file = copy.appending(path: "benchmarks.json")
        try Fixtures.replace(old, with: new, in: file)
        let error = try #require(throws: ImportError.self) { try GuideLLMImporter.readRuns(copy) }
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.field == field)
        #expect(error.reason.contains(reason))
    }

    @Test("a truncated report is an error naming the file")
    func truncated() throws {
        let scratch = try Fixtures.temporaryDirectory()
        let file = scratch.appending(path: "benchmarks.json")
        let data = try Data(contentsOf: GuideLLMFixtures.report("0.3.1"))
        try data.prefix(data.count / 2).write(to: file)
        #expect(GuideLLMImporter.recognizes(scratch))
        let error = try #require(throws: ImportError.self) { try GuideLLMImporter.readRuns(scratch) }
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.reason.contains("not valid JSON"))
    }
}
