import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// vLLM result paths below `Examples/peers` (see its README.md and real-2026-12/README.md).
private enum Peers {
    static let v0101 = "vllm-bench-serve/v0.10.1.1"
    static let v033 = "vllm-bench-serve/v0.33.0"
    static let real = "real-2026-12/vllm-bench-serve-0.33.0"
    static let sweep = "real-2026-12/vllm-bench-serve-0.33.0/sweep-serve-concurrency-1-4/sweep-out/sample-sweep"

    /// A writable copy of one fixture file or folder.
    static func copy(_ relativePath: String) throws -> URL {
        try Fixtures.temporaryCopy(of: Fixtures.peers(relativePath))
    }
}

private func read(_ relativePath: String) throws -> [Run] {
    try VLLMBenchImporter.readRuns(Fixtures.peers(relativePath))
}

private func readError(_ location: URL) throws -> ImportError {
    try #require(throws: ImportError.self) { try VLLMBenchImporter.readRuns(location) }
}

@Suite("vllm bench serve: fixtures, layouts, bad input")
struct VLLMBenchImporterTests {
    // MARK: Real runs (vLLM 0.33.0)

    @Test("chat, concurrency 1 and 4: one run, the numbers vLLM printed, request rows")
    func realChat() throws {
        let runs = try read("\(Peers.real)/concurrency-1-4-chat")
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.points.map(\.concurrency) == [1, 4])
        #expect(run.points.map(\.requestRate) == [nil, nil])
        #expect(run.points.map(\.requests) == [20, 20])
        // README: 143.26 / 471.34 tok/s, TTFT 52.66 / 79.83 ms, TPOT 6.00 / 6.80, ITL 6.00 / 6.80.
        #expect(run.points.map { Fixtures.printed($0.metrics[.outputThroughput, .value]) } == ["143.26", "471.34"])
        #expect(run.points.map { Fixtures.printed($0.metrics[.ttft, .mean].map { $0 * 1000 }) } == ["52.66", "79.83"])
        #expect(run.points.map { Fixtures.printed($0.metrics[.tpot, .mean].map { $0 * 1000 }) } == ["6.00", "6.80"])
        #expect(run.points.map { Fixtures.printed($0.metrics[.itl, .mean].map { $0 * 1000 }) } == ["6.00", "6.80"])

        let c1 = run.points[0]
        #expect(c1.durationSeconds == 6.701283703999252)
        #expect(c1.metrics[.outputThroughput, .value] == 143.25613455629144)
        #expect(c1.metrics[.requestThroughput, .value] == 2.984502803256072)
        #expect(c1.metrics[.totalThroughput, .value] == 239.95402538178817)
        #expect(near(c1.metrics[.ttft, .mean], 0.052661016050024045))
        #expect(near(c1.metrics[.ttft, .p99], 0.056927360370200404))
        #expect(near(c1.metrics[.latency, .p50], 0.3339601264997327))
        #expect(near(c1.metrics[.itl, .std], 0.00042250823509038643))
        #expect(c1.metrics[.inputTokens, .mean] == 648.0 / 20)
        #expect(c1.metrics[.outputTokens, .mean] == 48)
        #expect(c1.metrics[.requests, .value] == 20)
        #expect(c1.metrics[.failedRequests, .value] == 0)
        #expect(c1.metrics[.successRate, .value] == 1)
        // --metric-percentiles 50,95,99 and median: p50, p95, p99 for each of the four metrics.
        for metric in [Metric.ttft, .tpot, .itl, .latency] {
            #expect(c1.metrics.values[metric]?.keys.sorted() == [.mean, .std, .p50, .p95, .p99])
        }

        #expect(c1.records.count == 20)
        let record = c1.records[0]
        #expect(record.sequence == 0)
        #expect(record.success)
        #expect(record.startOffset == 0)
        #expect(record.ttft != nil && record.latency != nil && record.tpot != nil)
        #expect(record.outputTokens == 48)
        #expect(record.itlCount == 47)
        #expect(record.error == nil)
        if let latency = record.latency, let ttft = record.ttft {
            #expect(near(record.tpot, (latency - ttft) / 47))
        }
        #expect(c1.records.allSatisfy { ($0.startOffset ?? -1) >= 0 })

        #expect(run.model == ModelIdentity(name: "sample-llm", tokenizer: "<work>/tok"))
        #expect(run.workload.api == "openai-chat")
        #expect(run.source.tool == "vllm-bench")
        #expect(run.source.version == "0.30+")
        #expect(run.source.format == "bench-serve-0.30")
        #expect(run.labels.isEmpty)
        #expect(run.engine == EngineIdentity())
        #expect(run.runAt == RunTime(local: "2026-12-07T15:53:09", zone: .current, origin: .ingestHost))
    }

    @Test("open loop at 8 req/s: a rate, no concurrency")
    func realRate() throws {
        let runs = try read("\(Peers.real)/request-rate-8")
        let point = try #require(runs.first?.points.first)
        #expect(runs.count == 1)
        #expect(point.requestRate == 8)
        #expect(point.concurrency == nil)
        #expect(point.requests == 24)
        #expect(Fixtures.printed(point.metrics[.outputThroughput, .value]) == "339.92")
        #expect(Fixtures.printed(point.metrics[.ttft, .mean].map { $0 * 1000 }) == "78.75")
        #expect(Fixtures.printed(point.metrics[.tpot, .mean].map { $0 * 1000 }) == "6.77")
        #expect(point.metrics[.outputThroughput, .value] == 339.9193805061414)
        #expect(point.metrics[.inputTokens, .mean] == 772.0 / 24)
        #expect(point.records.count == 24)
        #expect(runs.first?.workload.api == "openai")
    }

    @Test("failed requests: 12 ok, 4 failed, rows keep the error text and no timings")
    func realFailures() throws {
        let runs = try read("\(Peers.real)/concurrency4-fail-every-4/vllm-bench-serve-c4-failevery4.json")
        let point = try #require(runs.first?.points.first)
        #expect(point.concurrency == 4)
        #expect(point.requests == 16)
        #expect(point.metrics[.requests, .value] == 16)
        #expect(point.metrics[.failedRequests, .value] == 4)
        #expect(point.metrics[.successRate, .value] == 0.75)
        #expect(Fixtures.printed(point.metrics[.outputThroughput, .value]) == "438.20")
        #expect(Fixtures.printed(point.metrics[.ttft, .mean].map { $0 * 1000 }) == "78.76")
        #expect(Fixtures.printed(point.metrics[.tpot, .mean].map { $0 * 1000 }) == "6.75")
        #expect(Fixtures.printed(point.metrics[.itl, .mean].map { $0 * 1000 }) == "6.75")
        #expect(point.metrics[.inputTokens, .mean] == 380.0 / 12)
        #expect(point.metrics[.outputTokens, .mean] == 48)
        #expect(point.records.count == 16)
        let failed = point.records.filter { !$0.success }
        #expect(failed.count == 4)
        #expect(failed.allSatisfy {
            $0.error == "Internal Server Error" && $0.ttft == nil && $0.latency == nil && $0.tpot == nil
                && $0.outputTokens == nil && $0.itlMean == nil && $0.inputTokens == 96
        })
        #expect(point.records[0].success == false)
        #expect(point.records[1].success && point.records[1].inputTokens == 45)
    }

    @Test("sweep serve experiment: one run per repeat, both combinations as points")
    func sweepExperiment() throws {
        let location = Fixtures.peers(Peers.sweep)
        #expect(VLLMBenchImporter.recognizes(location))
        let runs = try VLLMBenchImporter.readRuns(location)
        #expect(runs.count == 2)
        #expect(runs.map { $0.points.map(\.concurrency) } == [[1, 4], [1, 4]])
        // README sweep table: run 0: 142.93 / 468.85 tok/s; run 1: 142.73 / 470.20.
        #expect(runs.map { $0.points.map { Fixtures.printed($0.metrics[.outputThroughput, .value]) } }
            == [["142.93", "468.85"], ["142.73", "470.20"]])
        #expect(runs.map { $0.points.map { Fixtures.printed($0.metrics[.ttft, .mean].map { $0 * 1000 }) } }
            == [["53.00", "79.79"], ["53.40", "79.75"]])
        #expect(runs.map { $0.points.map { Fixtures.printed($0.metrics[.tpot, .mean].map { $0 * 1000 }) } }
            == [["6.01", "6.79"], ["6.01", "6.79"]])
        #expect(runs[1].points[1].metrics[.outputThroughput, .value] == 470.20289163541923)
        #expect(runs.allSatisfy { run in run.points.allSatisfy { $0.requests == 16 && $0.records.count == 16 } })
        #expect(runs.allSatisfy { $0.labels.isEmpty })
        #expect(runs.map(\.runAt) == [
            RunTime(local: "2026-12-07T15:59:32", zone: .current, origin: .ingestHost),
            RunTime(local: "2026-12-07T16:00:10", zone: .current, origin: .ingestHost),
        ])
        #expect(Set(runs.map(\.contentHash)).count == 2)

        // One combination folder: its two repeats, one point each.
        let combination = location.appending(path: "BENCH--max_concurrency=4")
        #expect(VLLMBenchImporter.recognizes(combination))
        let repeats = try VLLMBenchImporter.readRuns(combination)
        #expect(repeats.map { $0.points.map(\.concurrency) } == [[4], [4]])
        #expect(repeats.map { $0.points[0].metrics[.outputThroughput, .value] } == [468.8544165456175, 470.20289163541923])

        // Not the folders around it, not the sweep's input file.
        #expect(!VLLMBenchImporter.recognizes(location.deletingLastPathComponent()))
        #expect(!VLLMBenchImporter.recognizes(Fixtures.peers("\(Peers.real)/sweep-serve-concurrency-1-4")))
        #expect(!VLLMBenchImporter.recognizes(Fixtures.peers("\(Peers.real)/sweep-serve-concurrency-1-4/bench_params.json")))
        #expect(!VLLMBenchImporter.recognizes(combination.appending(path: "summary.json")))
    }

    @Test("sweep serve parameters of the server become labels; a run's summary.json is not counted")
    func sweepLabels() throws {
        let copy = try Peers.copy(Peers.sweep)
        for name in ["BENCH--max_concurrency=1", "BENCH--max_concurrency=4"] {
            let renamed = copy.appending(path: "SERVE--max_num_seqs=64-\(name)")
            try FileManager.default.moveItem(at: copy.appending(path: name), to: renamed)
            for file in ["run=0.json", "run=1.json"] {
                try Fixtures.rewrite(renamed.appending(path: file)) {
                    $0.replacingOccurrences(of: "\"run_number\"", with: "\"max_num_seqs\": 64, \"enforce_eager\": true, \"run_number\"")
                }
            }
        }
        let runs = try VLLMBenchImporter.readRuns(copy)
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0.labels == ["max_num_seqs": "64"] })
        #expect(runs.allSatisfy { $0.points.count == 2 })
    }

    @Test("a sweep run with failed requests and no --save-detailed: the printed numbers, no request rows")
    func sweepWithFailures() throws {
        let experiment = try Fixtures.temporaryDirectory().appending(path: "failing-sweep")
        let combination = experiment.appending(path: "BENCH--max_concurrency=4")
        try FileManager.default.createDirectory(at: combination, withIntermediateDirectories: true)
        var json = try #require(try JSONValue.parse(Data(contentsOf: Fixtures.peers(
            "\(Peers.real)/concurrency4-fail-every-4/vllm-bench-serve-c4-failevery4.json"))).objectValue)
        for key in ["input_lens", "output_lens", "ttfts", "itls", "start_times", "generated_texts", "errors"] { json[key] = nil }
        json["run_number"] = .int(0)
        try Data(JSONValue.object(json).canonicalJSON.utf8).write(to: combination.appending(path: "run=0.json"))

        let runs = try VLLMBenchImporter.readRuns(experiment)
        let point = try #require(runs.first?.points.first)
        #expect(point.requests == 16)
        #expect(point.metrics[.failedRequests, .value] == 4)
        #expect(Fixtures.printed(point.metrics[.outputThroughput, .value]) == "438.20")
        #expect(point.records.isEmpty)
        #expect(runs.first?.warnings == [
            "BENCH--max_concurrency=4/run=0.json: per-request lists without \"errors\": request rows left out (which of the 4 failed is unknown)"
        ])
    }

    // MARK: Source-derived samples

    @Test("0.10.1.1: metadata fills engine, hardware, dataset; the detailed file is a run of its own")
    func v0101() throws {
        let runs = try read(Peers.v0101)
        #expect(runs.count == 2)
        let sweep = runs[0]
        #expect(sweep.points.map(\.concurrency) == [1, 10, 50, 100])
        #expect(sweep.points.map(\.requests) == [20, 100, 500, 1000])
        // peer-formats.md: 149 / 973 / 2463 / 3402 tok/s, TTFT 95 / 862 / 2143 / 2384 ms, TPOT 6.6 / 9.3 / 17.8 / 26.7 ms.
        #expect(sweep.points.map { ($0.metrics[.outputThroughput, .value] ?? 0).rounded() } == [149, 973, 2463, 3402])
        #expect(sweep.points.map { (($0.metrics[.ttft, .mean] ?? 0) * 1000).rounded() } == [95, 862, 2143, 2384])
        #expect(sweep.points.map { (($0.metrics[.tpot, .mean] ?? 0) * 10_000).rounded() / 10 } == [6.6, 9.3, 17.8, 26.7])
        let c1 = sweep.points[0]
        #expect(c1.metrics[.outputThroughput, .value] == 148.95820185865128)
        #expect(near(c1.metrics[.ttft, .p90], 0.1028570686997023))
        #expect(near(c1.metrics[.latency, .mean], 6.861381661948622))
        #expect(near(c1.metrics[.latency, .std], 0.12143665911731898))
        #expect(c1.metrics[.failedRequests, .value] == 0)
        #expect(c1.metrics[.successRate, .value] == 1)
        #expect(c1.records.isEmpty)
        for metric in [Metric.ttft, .tpot, .itl, .latency] {
            #expect(c1.metrics.values[metric]?.keys.sorted() == [.mean, .std, .p50, .p90, .p95, .p99])
        }

        #expect(sweep.model == ModelIdentity(name: "openai/gpt-oss-20b", tokenizer: "openai/gpt-oss-20b"))
        #expect(sweep.engine == EngineIdentity(name: "vllm", version: "0.10.1.1"))
        #expect(sweep.hardware == Hardware(description: "NVIDIA H20", count: 1))
        #expect(sweep.workload == Workload(api: "openai", dataset: "random-1024-1024"))
        #expect(sweep.labels == ["tp": "1"])
        #expect(sweep.source.version == "0.10.0..0.10.2")
        #expect(sweep.source.format == "bench-serve-0.10")
        #expect(sweep.runAt == RunTime(local: "2025-11-12T10:15:02", zone: .current, origin: .ingestHost))

        // --save-detailed, no `failed` (before 0.12): failed = prompts − completed; rows without latency.
        let detailed = runs[1]
        #expect(detailed.workload.api == "openai-chat")
        #expect(detailed.hardware == Hardware(description: "NVIDIA H20"))
        let point = try #require(detailed.points.first)
        #expect(point.requests == 20)
        #expect(point.records.count == 20)
        #expect(point.records.allSatisfy { $0.success && $0.latency == nil && $0.tpot == nil && $0.startOffset == nil })
        #expect(point.records[0].itlCount == 63)
        #expect(near(point.records[0].ttft, 0.877940199760132))
        #expect(point.records[0].inputTokens == 1024)
        #expect(point.records[0].outputTokens == 64)
    }

    @Test("0.33.0: the append file, the single files and the detailed file are three runs")
    func v033() throws {
        let runs = try read(Peers.v033)
        #expect(runs.count == 3)
        #expect(runs.map { $0.points.map(\.concurrency) } == [[1, 10, 50, 100], [1, 10, 50, 100], [10]])
        #expect(runs[0].points.map(\.metrics) == runs[1].points.map(\.metrics))
        #expect(runs[0].generationConfig.reasoningEffort == "low")
        #expect(runs[0].engine == EngineIdentity(name: "vllm", version: "0.33.0"))
        #expect(runs[0].hardware == Hardware(description: "NVIDIA H20", count: 1))
        #expect(runs[0].labels == ["tp": "1"])
        // Non-detailed 0.30+ files keep `latencies`: rows with latency only.
        let c1 = runs[1].points[0]
        #expect(c1.records.count == 20)
        #expect(c1.records.allSatisfy { $0.success && $0.latency != nil && $0.ttft == nil })
        #expect(near(c1.records[0].latency, 6.835534667424779))

        let detailed = try #require(runs[2].points.first)
        #expect(detailed.requests == 20)
        #expect(detailed.metrics[.failedRequests, .value] == 1)
        #expect(detailed.metrics[.successRate, .value] == 0.95)
        let failed = detailed.records[7]
        #expect(!failed.success && failed.error == "Bad Request")
        #expect(failed.ttft == nil && failed.outputTokens == nil && failed.itlCount == nil)
        #expect(detailed.records.filter(\.success).count == 19)
        #expect(detailed.records[0].startOffset == 0)
    }

    @Test("an --append-result file alone: one run of four levels, the same as in its folder")
    func appendFile() throws {
        let runs = try read("\(Peers.v033)/SAMPLE_APPEND_sweep-gpt-oss-20b.json")
        #expect(runs.count == 1)
        #expect(runs[0].points.map(\.concurrency) == [1, 10, 50, 100])
        #expect(runs[0].contentHash == (try read(Peers.v033))[0].contentHash)
        #expect(try read("\(Peers.v033)/SAMPLE_APPEND_sweep-gpt-oss-20b.json") == runs)
    }

    @Test("lines appended later keep the earlier lines' hashes")
    func appendGrows() throws {
        let directory = try Fixtures.temporaryDirectory()
        let source = Fixtures.peers("\(Peers.v033)/SAMPLE_APPEND_sweep-gpt-oss-20b.json")
        let lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n")
        let file = directory.appending(path: "append.json")
        try lines[0].write(to: file, atomically: true, encoding: .utf8)
        let one = try VLLMBenchImporter.readRuns(file)
        try (lines[0] + "\n" + lines[1]).write(to: file, atomically: true, encoding: .utf8)
        let two = try VLLMBenchImporter.readRuns(file)
        #expect(one.count == 1 && two.count == 1)
        #expect(two[0].points.count == 2)
        #expect(one[0].contentHash != two[0].contentHash)
        // The first line alone hashes as it did: re-ingest of the grown file stores only the new sweep.
        var members = try ServingBenchmarkDocuments.read(file, kind: VLLMBenchImporter.name)
        members.removeLast()
        #expect(members.map(\.contentHash) == [one[0].contentHash])
    }

    // MARK: Recognition and hashing

    @Test("recognizes results and their folders, nothing else among the peer samples")
    func recognition() throws {
        #expect(VLLMBenchImporter.recognizes(Fixtures.peers(Peers.v0101)))
        #expect(VLLMBenchImporter.recognizes(Fixtures.peers("\(Peers.real)/request-rate-8/vllm-bench-serve-rate8.json")))
        #expect(VLLMBenchImporter.recognizes(Fixtures.peers("\(Peers.real)/concurrency-1-4-chat")))
        #expect(!VLLMBenchImporter.recognizes(Fixtures.peers("\(Peers.real)/concurrency-1-4-chat/console-c1.log")))
        #expect(!VLLMBenchImporter.recognizes(Fixtures.peers(Peers.real)))
        #expect(!VLLMBenchImporter.recognizes(Fixtures.peers("vllm-bench-serve")))
        // SGLang's JSONL and every other tool's files are not vLLM's.
        let enumerator = FileManager.default.enumerator(at: Fixtures.peers, includingPropertiesForKeys: nil)
        var others = 0
        while let url = enumerator?.nextObject() as? URL {
            let path = url.path(percentEncoded: false)
            if path.contains("vllm-bench-serve") { continue }
            #expect(!VLLMBenchImporter.recognizes(url), "\(path)")
            others += 1
        }
        #expect(others > 20)
    }

    @Test("re-reading gives the same hash; a file hashes the same alone and in its folder")
    func contentHash() throws {
        let folder = try read("\(Peers.real)/request-rate-8")
        let file = try read("\(Peers.real)/request-rate-8/vllm-bench-serve-rate8.json")
        #expect(folder.map(\.contentHash) == file.map(\.contentHash))
        #expect(try read("\(Peers.real)/request-rate-8").map(\.contentHash) == folder.map(\.contentHash))
        let moved = try Peers.copy("\(Peers.real)/concurrency-1-4-chat")
        #expect(try VLLMBenchImporter.readRuns(moved).map(\.contentHash) == (try read("\(Peers.real)/concurrency-1-4-chat")).map(\.contentHash))
    }

    // MARK: Key generations

    @Test("generations: legacy benchmark_serving.py, 0.11, 0.12, 0.17 are told by their keys")
    func generations() throws {
        func generation(_ remove: [String], add: String = "") throws -> SourceInfo {
            let directory = try Fixtures.temporaryDirectory()
            let file = directory.appending(path: "result.json")
            var json = try #require(try JSONValue.parse(Data(contentsOf: Fixtures.peers("\(Peers.real)/request-rate-8/vllm-bench-serve-rate8.json"))).objectValue)
            for key in remove { json[key] = nil }
            try Data((JSONValue.object(json).canonicalJSON.dropLast() + add + "}").utf8).write(to: file)
            return try #require(try VLLMBenchImporter.readRuns(file).first).source
        }
        #expect(try generation(["endpoint_type", "latencies", "queue_times", "rtfx", "failed", "start_times"]).format == "benchmark_serving")
        #expect(try generation(["latencies", "queue_times", "rtfx", "failed", "start_times"]).format == "bench-serve-0.11")
        #expect(try generation(["latencies", "queue_times", "rtfx", "start_times"]).version == "0.12..0.16")
        #expect(try generation(["latencies", "queue_times"]).version == "0.17..0.29")
        // Unknown keys of a newer vLLM are ignored; a new string key would be read as metadata.
        let newer = try generation([], add: #","server_stats": {"x": 1}, "new_peak": 3.5"#)
        #expect(newer.version == "0.30+")
    }

    @Test("metadata: string keys vLLM does not own are labels; known ones fill identity, typed")
    func metadata() throws {
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appending(path: "result.json")
        let source = try String(contentsOf: Fixtures.peers("\(Peers.real)/request-rate-8/vllm-bench-serve-rate8.json"), encoding: .utf8)
        try source.replacingOccurrences(of: "\"num_prompts\": 24,", with: """
            "num_prompts": 24, "branch": "main", "engine": "SGLang", "engine_version": "0.5.23", "hardware": "8xH100",
            "temperature": "0.6", "max_tokens": "1024", "ignore_eos": "true", "dataset_name": "sharegpt",
            "label": "nightly", "new_number_key": 7,
            """).write(to: file, atomically: true, encoding: .utf8)
        let run = try #require(try VLLMBenchImporter.readRuns(file).first)
        #expect(run.labels == ["branch": "main", "label": "nightly"])
        #expect(run.engine == EngineIdentity(name: "sglang", version: "0.5.23"))
        #expect(run.hardware == Hardware(description: "8xH100"))
        #expect(run.workload.dataset == "sharegpt")
        #expect(run.generationConfig.canonicalJSON == #"{"ignore_eos":true,"max_tokens":1024,"temperature":0.6}"#)
    }

    @Test("latency keys: median is p50, p99.9 is left out, other metrics are not latency")
    func latencyKeys() throws {
        #expect(ServingBenchmarkLatencyKeys.parse("median_ttft_ms")! == (.p50, "ttft"))
        #expect(ServingBenchmarkLatencyKeys.parse("p99.9_ttft_ms")! == (nil, "ttft"))
        #expect(ServingBenchmarkLatencyKeys.parse("p95_e2el_ms")! == (.p95, "e2el"))
        #expect(ServingBenchmarkLatencyKeys.parse("mean_e2el_including_client_queue_ms")! == (.mean, "e2el_including_client_queue"))
        #expect(ServingBenchmarkLatencyKeys.parse("probe_median_e2el_ms") == nil)
        #expect(ServingBenchmarkLatencyKeys.parse("max_output_tokens_per_s") == nil)

        let result = try ServingBenchmarkFields(
            JSONValue.parse(Data(#"{"mean_ttft_ms": 50, "p99.9_ttft_ms": 90, "p50_ttft_ms": 48, "mean_client_queue_time_ms": 3}"#.utf8)),
            file: URL(fileURLWithPath: "/tmp/x.json"), line: nil)
        var table = MetricTable()
        try ServingBenchmarkLatencyKeys.read(result, metrics: VLLMBenchResult.latencyMetrics, into: &table)
        #expect(table.values == [.ttft: [.mean: 0.05, .p50: 0.048]])
    }

    // MARK: Bad input

    @Test("a NaN, a negative time, a wrong type, a missing key: one line naming file and key")
    func badValues() throws {
        let name = "vllm-bench-serve-rate8.json"
        func broken(_ change: (String) -> String) throws -> (URL, ImportError) {
            let folder = try Peers.copy("\(Peers.real)/request-rate-8")
            try Fixtures.rewrite(folder.appending(path: name), change)
            return (folder.appending(path: name), try readError(folder))
        }
        var (file, error) = try broken { $0.replacingOccurrences(of: "\"mean_ttft_ms\": 78.75011179165388", with: "\"mean_ttft_ms\": NaN") }
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.field == "mean_ttft_ms")
        #expect(error.description.hasSuffix("\(name): \"mean_ttft_ms\": not a finite number"))

        (file, error) = try broken { $0.replacingOccurrences(of: "\"duration\": 3.389038889999938", with: "\"duration\": -3.38") }
        #expect(error.description.hasSuffix("\(name): \"duration\": -3.38: negative"))

        (_, error) = try broken { $0.replacingOccurrences(of: "\"completed\": 24", with: "\"completed\": \"24\"") }
        #expect(error.field == "completed")
        #expect(error.reason.contains("expected an integer"))

        (_, error) = try broken { $0.replacingOccurrences(of: "\"request_rate\": 8.0", with: "\"request_rate\": \"fast\"") }
        #expect(error.field == "request_rate")

        (_, error) = try broken { $0.replacingOccurrences(of: "\"duration\": 3.389038889999938,", with: "") }
        #expect(error.description.hasSuffix("\(name): \"duration\": missing"))

        (_, error) = try broken { $0.replacingOccurrences(of: "\"failed\": 0", with: "\"failed\": 3") }
        #expect(error.field == "failed")
        #expect(error.reason.contains("24 entries"))

        (_, error) = try broken { $0.replacingOccurrences(of: "\"ttfts\": [", with: "\"ttfts\": [-1, ") }
        #expect(error.field == "ttfts")

        (_, error) = try broken { $0.replacingOccurrences(of: "\"date\": \"20261207-155418\"", with: "\"date\": \"yesterday\"") }
        #expect(error.field == "date")
    }

    @Test("a truncated file, and a truncated line of an append file, name the file (and line)")
    func truncated() throws {
        let folder = try Peers.copy("\(Peers.real)/request-rate-8")
        let file = folder.appending(path: "vllm-bench-serve-rate8.json")
        try Fixtures.rewrite(file) { String($0.prefix($0.count / 2)) }
        let error = try readError(file)
        #expect(error.description == "\(file.path(percentEncoded: false)): not valid JSON (truncated or malformed)")

        let append = try Peers.copy("\(Peers.v033)/SAMPLE_APPEND_sweep-gpt-oss-20b.json")
        try Fixtures.rewrite(append) { String($0.prefix($0.count - 200)) }
        let lineError = try readError(append)
        #expect(lineError.field == "line 4")

        let empty = try Fixtures.temporaryDirectory().appending(path: "empty.json")
        try Data().write(to: empty)
        #expect(try readError(empty).reason == "empty file, expected JSON")
    }

    @Test("a line of an append file with a bad value names the line and key")
    func badLine() throws {
        let append = try Peers.copy("\(Peers.v033)/SAMPLE_APPEND_sweep-gpt-oss-20b.json")
        try Fixtures.rewrite(append) {
            var lines = $0.components(separatedBy: "\n")
            lines[2] = lines[2].replacingOccurrences(of: "\"completed\": 500", with: "\"completed\": -5")
            return lines.joined(separator: "\n")
        }
        let error = try readError(append)
        #expect(error.field == "line 3: completed")
        #expect(error.reason == "-5: negative")
    }
}
