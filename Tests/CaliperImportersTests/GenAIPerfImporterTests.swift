import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// The genai-perf sweep in `Examples/peers`, and scratch copies to break.
private enum GenAIPerfFixtures {
    static let root = Fixtures.peers("genai-perf/SAMPLE_real-run_genai-perf-0.0.16_sweep")
    static let artifacts = root.appending(path: "artifacts")
    static func level(_ concurrency: Int) -> URL {
        artifacts.appending(path: "openai_gpt-oss-20b-openai-chat-concurrency\(concurrency)")
    }
    static let summaryFile = "profile_export_genai_perf.json"
}

@Suite("genai-perf importer")
struct GenAIPerfImporterTests {
    @Test("0.0.16 sweep: one run, levels by concurrency, the numbers genai-perf wrote, in seconds")
    func sweep() throws {
        #expect(GenAIPerfImporter.recognizes(GenAIPerfFixtures.artifacts))
        let runs = try GenAIPerfImporter.readRuns(GenAIPerfFixtures.artifacts)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.points.map(\.concurrency) == [1, 10, 50, 100])
        #expect(run.points.map(\.requests) == [8, 40, 100, 200])
        // peer-formats.md §4: output 131 / 853 / 2205 / 3229 tok/s, TTFT 100 / 859 / 2113 / 2403 ms, ITL (= TPOT) 7.5 / 10.7 / 19.6 / 27.4 ms.
        let output = [131.31272945415952, 853.3021627454738, 2205.353747793376, 3229.139955590318]
        let ttftMs = [100.478437625, 859.17337975, 2113.33349831, 2402.66432039]
        let tpotMs = [7.52452275, 10.734160574999999, 19.59117091, 27.408386215]
        let latencyP99Ms = [8414.09112453, 12440.938826309999, 23175.73613272, 31311.308676399996]
        for (index, point) in run.points.enumerated() {
            #expect(near(point.metrics[.outputThroughput, .value], output[index]))
            #expect(near(point.metrics[.ttft, .mean], ttftMs[index] / 1000))
            #expect(near(point.metrics[.tpot, .mean], tpotMs[index] / 1000))
            #expect(near(point.metrics[.latency, .p99], latencyP99Ms[index] / 1000))
            #expect(point.metrics[.itl, .mean] == nil)
            #expect(point.metrics[.requests, .value] == Double(point.requests))
            #expect(point.metrics[.failedRequests, .value] == nil)
            #expect(point.metrics[.successRate, .value] == nil)
            #expect(point.durationSeconds == nil)
            #expect(point.records.isEmpty)
        }
        #expect(run.points.map { ($0.metrics[.outputThroughput, .value] ?? 0).rounded() } == [131, 853, 2205, 3229])
        #expect(near(run.points[1].metrics[.outputTokens, .mean], 1023.95))
        #expect(near(run.points[1].metrics[.requestThroughput, .value], 0.8333435839108099))
        #expect(RunValidation.violations(of: run).isEmpty)
    }

    @Test("identity: model, tokenizer, extra inputs, OSL, endpoint; version from the config layout")
    func identity() throws {
        let run = try #require(try GenAIPerfImporter.readRuns(GenAIPerfFixtures.artifacts).first)
        #expect(run.model.name == "openai/gpt-oss-20b")
        #expect(run.model.tokenizer == "openai/gpt-oss-20b")
        #expect(run.generationConfig.reasoningEffort == "low")
        #expect(run.generationConfig.ignoreEOS == true)
        #expect(run.generationConfig.maxTokens == 1024)
        #expect(run.generationConfig.stream == true)
        #expect(run.workload.endpoint == "/v1/chat/completions")
        #expect(run.workload.url == "127.0.0.1:8000")
        #expect(run.workload.minPromptLength == 1024)
        #expect(run.workload.outputLength == 1024)
        #expect(run.source.tool == "genai-perf")
        #expect(run.source.format == "json-config")
        #expect(run.source.version == "0.0.11..0.0.16")
        #expect(run.runAt == nil)
        #expect(run.hardware == Hardware())
    }

    @Test("recognizes a level folder, artifacts/ and the folder holding it; nothing else")
    func recognition() throws {
        #expect(GenAIPerfImporter.recognizes(GenAIPerfFixtures.root))
        #expect(GenAIPerfImporter.recognizes(GenAIPerfFixtures.level(10)))
        #expect(!GenAIPerfImporter.recognizes(GenAIPerfFixtures.level(10).appending(path: GenAIPerfFixtures.summaryFile)))
        #expect(!GenAIPerfImporter.recognizes(try Fixtures.temporaryDirectory()))
        #expect(!GenAIPerfImporter.recognizes(GenAIPerfFixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "aiperf/SAMPLE_real-run_aiperf-0.13.0_sweep")))
        let fromRoot = try GenAIPerfImporter.readRuns(GenAIPerfFixtures.root)
        let fromArtifacts = try GenAIPerfImporter.readRuns(GenAIPerfFixtures.artifacts)
        #expect(fromRoot.map(\.contentHash) == fromArtifacts.map(\.contentHash))
        let single = try #require(try GenAIPerfImporter.readRuns(GenAIPerfFixtures.level(50)).first)
        #expect(single.points.map(\.concurrency) == [50])
    }

    @Test("re-reading gives the same content hash; a copy too; an edit changes it")
    func contentHash() throws {
        let first = try GenAIPerfImporter.readRuns(GenAIPerfFixtures.artifacts).map(\.contentHash)
        #expect(try GenAIPerfImporter.readRuns(GenAIPerfFixtures.artifacts).map(\.contentHash) == first)
        let copy = try Fixtures.temporaryCopy(of: GenAIPerfFixtures.artifacts)
        #expect(try GenAIPerfImporter.readRuns(copy).map(\.contentHash) == first)
        let file = copy.appending(path: "openai_gpt-oss-20b-openai-chat-concurrency1/\(GenAIPerfFixtures.summaryFile)")
        try Fixtures.replace("\"avg\": 8.0", with: "\"avg\": 8", in: file)
        #expect(try GenAIPerfImporter.readRuns(copy).map(\.contentHash) != first)
    }

    @Test("0.0.3–0.0.10 layout: the CLI namespace as input_config; no request_count before 0.0.9")
    func argsLayout() throws {
        let copy = try Fixtures.temporaryCopy(of: GenAIPerfFixtures.level(10))
        let file = copy.appending(path: GenAIPerfFixtures.summaryFile)
        try Fixtures.editJSON(file) { json in
            json["input_config"] = [
                "model": ["llama"], "tokenizer": "hf-internal-testing/llama-tokenizer", "endpoint_type": "completions",
                "streaming": false, "url": "localhost:8001", "concurrency": 16, "request_rate": NSNull(),
                "request_count": 0, "extra_inputs": ["max_tokens": 200, "temperature": 0.2], "output_tokens_mean": -1,
                "synthetic_input_tokens_mean": 550, "synthetic_input_tokens_stddev": 0,
            ]
        }
        let run = try #require(try GenAIPerfImporter.readRuns(copy).first)
        #expect(run.source.format == "json-args")
        #expect(run.source.version == "0.0.3..0.0.10")
        #expect(run.model.name == "llama")
        #expect(run.points.first?.concurrency == 16)
        #expect(run.generationConfig.maxTokens == 200)
        #expect(run.generationConfig.temperature == 0.2)
        #expect(run.generationConfig.stream == false)
        #expect(run.workload.endpoint == "/v1/completions")
        #expect(run.workload.minPromptLength == 550)
        // Not streaming: genai-perf's TTFT is the whole latency and its ITL is empty.
        #expect(run.points.first?.metrics[.ttft, .mean] == nil)
        #expect(run.points.first?.metrics[.tpot, .mean] == nil)
        #expect(run.points.first?.metrics[.latency, .mean] != nil)

        try Fixtures.editJSON(file) { json in json.removeValue(forKey: "request_count") }
        let error = try #require(throws: ImportError.self) { try GenAIPerfImporter.readRuns(copy) }
        #expect(error.field == "request_count")
    }

    @Test("bad input names the file and key", arguments: [
        ("\"avg\": 859.17337975", "\"avg\": NaN", "time_to_first_token.avg", "not a finite number"),
        ("\"avg\": 859.17337975", "\"avg\": -859.2", "time_to_first_token.avg", "negative"),
        ("\"avg\": 40.0", "\"avg\": [40]", "request_count.avg", "expected a number"),
        ("\"unit\": \"tokens/sec\"", "\"unit\": \"tokens/min\"", "output_token_throughput.unit", "expected tokens/sec"),
        ("\"concurrency\": 10", "\"concurrency\": \"ten\"", "input_config.perf_analyzer.stimulus.concurrency", "expected an integer"),
    ])
    func badInput(old: String, new: String, field: String, reason: String) throws {
        let copy = try Fixtures.temporaryCopy(of: GenAIPerfFixtures.level(10))
        let file = copy.appending(path: GenAIPerfFixtures.summaryFile)
        try Fixtures.replace(old, with: new, in: file)
        let error = try #require(throws: ImportError.self) { try GenAIPerfImporter.readRuns(copy) }
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.field == field)
        #expect(error.reason.contains(reason))
    }

    @Test("a truncated file is an error naming the file")
    func truncated() throws {
        let copy = try Fixtures.temporaryCopy(of: GenAIPerfFixtures.level(1))
        let file = copy.appending(path: GenAIPerfFixtures.summaryFile)
        let data = try Data(contentsOf: file)
        try data.prefix(data.count / 3).write(to: file)
        let error = try #require(throws: ImportError.self) { try GenAIPerfImporter.readRuns(copy) }
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.reason.contains("not valid JSON"))
    }
}
