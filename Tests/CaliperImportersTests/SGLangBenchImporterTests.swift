import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// `Examples/peers/real-2026-12/sglang-bench-serving-0.5.23` (see the README there).
private enum SGLangFixtures {
    static let root = Fixtures.peers("real-2026-12/sglang-bench-serving-0.5.23")

    static let chatFolder = root.appending(path: "concurrency-1-4-chat")
    static let chat = chatFolder.appending(path: "sglang-bench-serving-chat.jsonl")
    static let fail = root.appending(path: "concurrency4-fail-every-4/sglang-bench-serving-c4-failevery4.jsonl")

    /// A scratch file holding `lines`.
    static func file(_ lines: [String], name: String = "out.jsonl") throws -> URL {
        let url = try Fixtures.temporaryDirectory().appending(path: name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The first chat line with `change` applied to its text.
    static func chatLine(_ change: (String) -> String = { $0 }) throws -> String {
        change(try lines(chat)[0])
    }
}

private func ms(_ value: Double?) -> Double? { value.map { $0 * 1000 } }

private func readError(_ url: URL) throws -> ImportError {
    try #require(throws: ImportError.self) { try SGLangBenchImporter.readRuns(url) }
}

@Suite("SGLang bench_serving: fixtures, lines, bad input")
struct SGLangBenchImporterTests {
    @Test("chat, concurrency 1 then 4 in one file: one run, the numbers SGLang printed")
    func chat() throws {
        #expect(SGLangBenchImporter.recognizes(SGLangFixtures.chat))
        let runs = try SGLangBenchImporter.readRuns(SGLangFixtures.chat)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.points.map(\.concurrency) == [1, 4])
        #expect(run.points.map(\.requestRate) == [nil, nil])
        #expect(run.points.map(\.requests) == [20, 20])
        // README: 142.95 / 469.83 tok/s, TTFT 52.33 / 79.43, TPOT 6.00 / 6.82, ITL 6.00 / 6.81 ms.
        #expect(run.points.map { Fixtures.printed($0.metrics[.outputThroughput, .value]) } == ["142.95", "469.83"])
        #expect(run.points.map { Fixtures.printed(ms($0.metrics[.ttft, .mean])) } == ["52.33", "79.43"])
        #expect(run.points.map { Fixtures.printed(ms($0.metrics[.tpot, .mean])) } == ["6.00", "6.82"])
        #expect(run.points.map { Fixtures.printed(ms($0.metrics[.itl, .mean])) } == ["6.00", "6.81"])
        // Input / output totals 1920 / 960: means per successful request.
        #expect(run.points.map { $0.metrics[.inputTokens, .mean] } == [96, 96])
        #expect(run.points.map { $0.metrics[.outputTokens, .mean] } == [48, 48])

        let c1 = run.points[0]
        #expect(c1.durationSeconds == 6.7158334989999275)
        #expect(c1.metrics[.outputThroughput, .value] == 142.9457713838433)
        #expect(c1.metrics[.requestThroughput, .value] == 2.9780369038300685)
        #expect(c1.metrics[.totalThroughput, .value] == 428.8373141515299)
        #expect(c1.metrics[.requests, .value] == 20)
        #expect(c1.metrics[.failedRequests, .value] == 0)
        #expect(c1.metrics[.successRate, .value] == 1)
        #expect(abs((c1.metrics[.ttft, .p99] ?? 0) - 0.052733685230023184) < 1e-15)
        #expect(abs((c1.metrics[.latency, .p50] ?? 0) - 0.33434572200030743) < 1e-15)
        #expect(abs((c1.metrics[.itl, .p90] ?? 0) - 0.0061728224000944465) < 1e-15)
        #expect(abs((c1.metrics[.itl, .std] ?? 0) - 0.0003004142498794096) < 1e-15)
        for metric in [Metric.ttft, .tpot, .itl, .latency] {
            #expect(c1.metrics.values[metric]?.keys.sorted() == [.mean, .std, .p50, .p90, .p95, .p99])
        }

        #expect(c1.records.count == 20)
        let record = c1.records[0]
        #expect(record.success && record.error == nil)
        #expect(record.ttft == 0.052332200000819284)
        #expect(record.inputTokens == 96 && record.outputTokens == 48)
        #expect(record.latency == nil && record.tpot == nil && record.startOffset == nil)
        #expect((record.itlCount ?? 0) > 0 && record.itlMean != nil)

        #expect(run.model == ModelIdentity(name: SGLangBenchResult.unknownModel))
        // Said once for the file, not once per line.
        #expect(run.warnings == [
            "sglang-bench-serving-chat.jsonl: no model name (server_info is null: the server is not SGLang): stored as \"unknown\""
        ])
        #expect(run.engine == EngineIdentity())
        #expect(run.workload == Workload(api: "vllm-chat", dataset: "random-ids", maxPromptLength: 96, outputLength: 48))
        #expect(run.labels.isEmpty)
        #expect(run.source.tool == "sglang-bench")
        #expect(run.source.format == "bench_serving-v3")
        #expect(run.runAt == nil)
    }

    @Test("failed requests: completed 12, 16 error entries, 4 of them failures")
    func failures() throws {
        let runs = try SGLangBenchImporter.readRuns(SGLangFixtures.fail)
        let point = try #require(runs.first?.points.first)
        #expect(point.concurrency == 4)
        #expect(point.requests == 16)
        #expect(point.metrics[.failedRequests, .value] == 4)
        #expect(point.metrics[.successRate, .value] == 0.75)
        #expect(Fixtures.printed(point.metrics[.outputThroughput, .value]) == "440.27")
        #expect(Fixtures.printed(ms(point.metrics[.ttft, .mean])) == "77.09")
        #expect(Fixtures.printed(ms(point.metrics[.tpot, .mean])) == "6.75")
        #expect(Fixtures.printed(ms(point.metrics[.itl, .mean])) == "6.75")
        // 1152 / 576: the successful requests' totals.
        #expect(point.metrics[.inputTokens, .mean] == 96)
        #expect(point.metrics[.outputTokens, .mean] == 48)
        let failed = point.records.filter { !$0.success }
        #expect(failed.count == 4)
        #expect(failed.allSatisfy {
            ($0.error ?? "").hasPrefix("Internal Server Error") && $0.ttft == nil && $0.outputTokens == nil && $0.inputTokens == 96
        })
        #expect(point.records.map(\.success) == (0..<16).map { $0 % 4 != 3 })
        #expect(runs.first?.workload.api == "vllm")
    }

    @Test("a folder of output files; neither importer takes the other's files")
    func folders() throws {
        #expect(SGLangBenchImporter.recognizes(SGLangFixtures.chatFolder))
        #expect(try SGLangBenchImporter.readRuns(SGLangFixtures.chatFolder).map(\.points.count) == [2])
        #expect(!SGLangBenchImporter.recognizes(SGLangFixtures.root))
        #expect(!SGLangBenchImporter.recognizes(SGLangFixtures.chatFolder.appending(path: "console-c1.log")))
        #expect(!VLLMBenchImporter.recognizes(SGLangFixtures.chat))
        #expect(!VLLMBenchImporter.recognizes(SGLangFixtures.chatFolder))
        let vllm = SGLangFixtures.root.deletingLastPathComponent().appending(path: "vllm-bench-serve-0.33.0")
        #expect(!SGLangBenchImporter.recognizes(vllm.appending(path: "concurrency-1-4-chat")))
        #expect(!SGLangBenchImporter.recognizes(vllm.appending(path: "request-rate-8/vllm-bench-serve-rate8.json")))
        #expect(Importers.importers(for: SGLangFixtures.chat).map { $0.name } == ["sglang-bench"])
    }

    @Test("server_info names the engine, version, model and GPUs")
    func serverInfo() throws {
        let info = #"{"model_path": "openai/gpt-oss-20b", "served_model_name": "gpt-oss-20b", "tokenizer_path": "openai/gpt-oss-20b", "tp_size": 2, "dp_size": 1, "version": "0.5.23", "internal_states": [{"avg_spec_accept_length": null}]}"#
        let file = try SGLangFixtures.file([try SGLangFixtures.chatLine {
            $0.replacingOccurrences(of: #""server_info": null"#, with: #""server_info": \#(info)"#)
                .replacingOccurrences(of: #""tag": null"#, with: #""tag": "nightly""#)
        }])
        let run = try #require(try SGLangBenchImporter.readRuns(file).first)
        #expect(run.engine == EngineIdentity(name: "sglang", version: "0.5.23"))
        #expect(run.model == ModelIdentity(name: "gpt-oss-20b", checkpoint: "openai/gpt-oss-20b", tokenizer: "openai/gpt-oss-20b"))
        #expect(run.hardware == Hardware(count: 2))
        #expect(run.labels == ["tag": "nightly"])
        #expect(run.warnings.isEmpty)
    }

    @Test("without --output-details: requests = completed, failures unknown, said in a warning")
    func noDetails() throws {
        var object = try #require(try JSONValue.parse(Data(try SGLangFixtures.lines(SGLangFixtures.fail)[0].utf8)).objectValue)
        for key in ServingBenchmarkArrays.keys + ["generated_texts"] { object[key] = nil }
        let file = try SGLangFixtures.file([JSONValue.object(object).canonicalJSON])
        let point = try #require(try SGLangBenchImporter.readRuns(file).first?.points.first)
        #expect(point.requests == 12)
        #expect(point.metrics[.failedRequests, .value] == nil)
        #expect(point.metrics[.successRate, .value] == nil)
        #expect(point.records.isEmpty)
        let warnings = try SGLangBenchImporter.readRuns(file)[0].warnings
        #expect(warnings.contains { $0.contains("failed requests unknown") })
    }

    @Test("request rates: a number, Infinity, \"inf\", \"trace\"")
    func rates() throws {
        for (written, rate) in [("4.0", 4.0), ("Infinity", nil), (#""inf""#, nil), (#""trace""#, nil)] as [(String, Double?)] {
            let file = try SGLangFixtures.file([try SGLangFixtures.chatLine {
                $0.replacingOccurrences(of: #""request_rate": Infinity"#, with: #""request_rate": \#(written)"#)
            }])
            #expect(try SGLangBenchImporter.readRuns(file).first?.points.first?.requestRate == rate)
        }
    }

    @Test("older generations: no server_info, no p90; the lines of the same level are repeats")
    func generations() throws {
        var object = try #require(try JSONValue.parse(Data(try SGLangFixtures.chatLine().utf8)).objectValue)
        for key in object.keys where key.hasPrefix("p90_") || key.hasPrefix("p95_") || ["tag", "server_info", "total_throughput"].contains(key) {
            object[key] = nil
        }
        let line = JSONValue.object(object).canonicalJSON
        let file = try SGLangFixtures.file([line, line])
        let runs = try SGLangBenchImporter.readRuns(file)
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0.source.format == "bench_serving-v1" })
        #expect(runs[0].points[0].metrics[.totalThroughput, .value] == nil)
        #expect(runs[0].points[0].metrics.values[.ttft]?.keys.sorted() == [.mean, .std, .p50, .p99])
        #expect(runs[0].contentHash != runs[1].contentHash)
    }

    @Test("re-reading gives the same hash; appending a line keeps the first line's")
    func contentHash() throws {
        let first = try SGLangBenchImporter.readRuns(SGLangFixtures.chat)
        #expect(try SGLangBenchImporter.readRuns(SGLangFixtures.chat).map(\.contentHash) == first.map(\.contentHash))
        #expect(try SGLangBenchImporter.readRuns(SGLangFixtures.chatFolder).map(\.contentHash) == first.map(\.contentHash))
        let lines = try SGLangFixtures.lines(SGLangFixtures.chat)
        let one = try SGLangBenchImporter.readRuns(try SGLangFixtures.file([lines[0]], name: SGLangFixtures.chat.lastPathComponent))
        let documents = try ServingBenchmarkDocuments.read(SGLangFixtures.chat, kind: SGLangBenchImporter.name)
        #expect(documents.first?.contentHash == one.first?.contentHash)
    }

    @Test("a NaN, a negative time, a wrong type, a truncated line: one line naming file, line and key")
    func badInput() throws {
        let lines = try SGLangFixtures.lines(SGLangFixtures.chat)
        func error(_ second: (String) -> String) throws -> ImportError {
            try readError(try SGLangFixtures.file([lines[0], second(lines[1])]))
        }
        var found = try error { $0.replacingOccurrences(of: #""mean_ttft_ms": 79.42582390001007"#, with: #""mean_ttft_ms": NaN"#) }
        #expect(found.field == "line 2: mean_ttft_ms")
        #expect(found.reason == "not a finite number")
        #expect(found.description.contains("out.jsonl: \"line 2: mean_ttft_ms\": not a finite number"))

        found = try error { $0.replacingOccurrences(of: #""duration": 2.043307456000548"#, with: #""duration": -2"#) }
        #expect(found.field == "line 2: duration")
        #expect(found.reason == "-2.0: negative")

        found = try error { $0.replacingOccurrences(of: #""completed": 20"#, with: #""completed": "20""#) }
        #expect(found.field == "line 2: completed")

        found = try error { $0.replacingOccurrences(of: #""server_info": null"#, with: #""server_info": "sglang""#) }
        #expect(found.field == "line 2: server_info")

        found = try error { $0.replacingOccurrences(of: #""completed": 20"#, with: #""completed": 21"#) }
        #expect(found.field == "line 2: completed")

        found = try error { String($0.prefix(500)) }
        #expect(found.field == "line 2")
        #expect(found.reason == "not valid JSON (truncated or malformed)")

        found = try error { $0.replacingOccurrences(of: #""itls": [["#, with: #""itls": [[-0.5, "#) }
        #expect(found.field == "line 2: itls")
    }
}
