import CaliperCore
import Foundation
import Testing

/// ``RunBundle``: every field of a run survives the trip, and a bad bundle is one line naming the key.
struct RunBundleTests {
    static var run: Run {
        var metrics = MetricTable()
        metrics[.ttft, .p99] = 0.125
        metrics[.outputThroughput, .value] = 1234.5
        metrics[.failedRequests, .value] = 1
        return Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b", checkpoint: "openai/gpt-oss-20b"),
            engine: EngineIdentity(name: "vllm", version: "0.10.1"), hardware: Hardware(name: "H20", count: 1, memoryGB: 96),
            generationConfig: GenerationConfig(["max_tokens": .int(16), "temperature": .double(0.6), "ignore_eos": .bool(true)]),
            workload: Workload(endpoint: "/v1/completions", dataset: "random", outputLength: 16),
            labels: ["branch": "main", "env.host": "ci-1"], source: SourceInfo(tool: "caliper", version: "0.1.0"),
            runAt: "2026-12-07T18:56:57", contentHash: String(repeating: "ab", count: 32),
            points: [PerfPoint(
                concurrency: 2, requests: 2, durationSeconds: 1.5, metrics: metrics,
                records: [
                    RequestRecord(sequence: 0, success: true, startOffset: 0, latency: 0.5, ttft: 0.1, tpot: 0.02,
                                  itlMean: 0.02, itlCount: 15, inputTokens: 8, outputTokens: 16, isStream: true),
                    RequestRecord(sequence: 1, success: false, error: "HTTP 500: boom"),
                ])])
    }

    @Test func aRunSurvivesTheTripWholeAndTheBytesAreStable() throws {
        let bundle = RunBundle(runs: [.init(run: Self.run, ingestedAt: "2026-12-07T18:57:00Z", invalidReason: "c=2 1 of 2 requests failed")])
        let data = try bundle.encoded()
        #expect(RunBundle.claims(data))
        let decoded = try RunBundle.decode(data, file: "b.json")
        #expect(decoded == bundle)
        #expect(try decoded.encoded() == data)
        #expect(RunBundle.fileName(for: Self.run) == "run-20261207T185657-abababab.caliper.json")
        #expect(!RunBundle.claims(Data(#"{"runs": []}"#.utf8)))
    }

    @Test func badBundlesSayWhereInOneLine() throws {
        let good = String(decoding: try RunBundle(runs: [.init(run: Self.run)]).encoded(), as: UTF8.self)
        let cases = [
            (good.replacing(#""kind" : "perf""#, with: #""kind" : "speed""#), #"b.json: "runs[0].run.kind": "#),
            (good.replacing(#""format" : "caliper-bundle""#, with: #""format" : "other""#),
             #"b.json: "format": "other": not "caliper-bundle""#),
            (good.replacing(#""runs" : ["#, with: #""runs" : 5, "y" : ["#), #"b.json: "runs": expected"#),
            ("{}", #"b.json: "format": missing"#),
        ]
        for (text, prefix) in cases {
            #expect(throws: BundleError.self, "\(prefix)") { try RunBundle.decode(Data(text.utf8), file: "b.json") }
            do {
                _ = try RunBundle.decode(Data(text.utf8), file: "b.json")
            } catch {
                #expect(error.description.hasPrefix(prefix), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
    }
}
