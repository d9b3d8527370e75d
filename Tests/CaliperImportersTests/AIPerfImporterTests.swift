import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// AIPerf result folders in `Examples/peers`, and scratch copies to break.
private enum AIPerfFixtures {
    /// `aiperf profile` at concurrency 1, 10, 50, 100, one folder each (`c1/` …).
    static let sweep = Fixtures.peers("aiperf/SAMPLE_real-run_aiperf-0.13.0_sweep")
    /// `aiperf profile --concurrency 2 --num-profile-runs 2`.
    static let twoRuns = Fixtures.peers("real-2026-12/aiperf-0.13.0/concurrency2-two-profile-runs")
    static var run1: URL { twoRuns.appending(path: "artifacts/profile_runs/run_0001") }

    /// A writable copy of one level folder (`c1`) or result, holding only its summary when `summaryOnly`.
    static func copy(_ folder: URL, summaryOnly: Bool = false) throws -> URL {
        let copy = try Fixtures.temporaryCopy(of: folder)
        if summaryOnly {
            for name in try FileManager.default.contentsOfDirectory(atPath: copy.path) where name != AIPerfProfile.summaryFile {
                try FileManager.default.removeItem(at: copy.appending(path: name))
            }
        }
        return copy
    }
}

/// `value` rounded to `places` decimals as the tool's console printed it.
private func rounds(_ value: Double?, to printed: Double, places: Int) -> Bool {
    guard let value else { return false }
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale == printed
}

@Suite("AIPerf importer")
struct AIPerfImporterTests {
    @Test("0.13 sweep c1/c10/c50/c100: one run, the numbers AIPerf wrote, in seconds")
    func sweep() throws {
        #expect(AIPerfImporter.recognizes(AIPerfFixtures.sweep))
        let runs = try AIPerfImporter.readRuns(AIPerfFixtures.sweep)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.kind == .perf)
        #expect(run.points.map(\.concurrency) == [1, 10, 50, 100])
        #expect(run.points.allSatisfy { $0.requestRate == nil })
        #expect(run.points.map(\.requests) == [8, 40, 100, 200])

        // peer-formats.md §6: output 131 / 911 / 2390 / 3278 tok/s, TTFT 100 / 771 / 1726 / 2230 ms, ITL 7.5 / 10.1 / 18.7 / 27.7 ms.
        let output = [131.2768435044239, 911.4785413191769, 2390.0810475551925, 3277.856982004141]
        let ttftMs = [100.21632425, 770.9181797, 1725.6759620799999, 2229.922834005]
        let itlMs = [7.512136220918865, 10.091555858699902, 18.73600203372434, 27.693348656710654]
        let tpotMs = [7.512136220918865, 10.092298960792094, 18.73618893573195, 27.69376104185847]
        let durations = [62.38089548800001, 44.919645184000004, 42.799314944, 62.364148224000004]
        for (index, point) in run.points.enumerated() {
            #expect(near(point.metrics[.outputThroughput, .value], output[index]))
            #expect(near(point.metrics[.ttft, .mean], ttftMs[index] / 1000))
            #expect(near(point.metrics[.itl, .mean], itlMs[index] / 1000))
            #expect(near(point.metrics[.tpot, .mean], tpotMs[index] / 1000))
            #expect(near(point.durationSeconds, durations[index]))
            #expect(point.metrics[.requests, .value] == Double(point.requests))
            #expect(point.metrics[.failedRequests, .value] == 0)
            #expect(point.metrics[.successRate, .value] == 1)
            #expect(point.records.isEmpty)
        }
        #expect(run.points.map { ($0.metrics[.outputThroughput, .value] ?? 0).rounded() } == [131, 911, 2390, 3278])
        let first = run.points[0].metrics
        #expect(near(first[.requestThroughput, .value], 0.12820004248478897))
        #expect(near(first[.totalThroughput, .value], 262.5536870088478))
        #expect(near(first[.latency, .mean], 7.78513167825))
        #expect(near(first[.latency, .p99], 7.9695981831))
        #expect(near(first[.ttft, .p50], 0.10116911999999999))
        #expect(near(first[.itl, .min], 0))
        #expect(near(first[.itl, .max], 0.024704559999999997))
        #expect(first[.outputTokens, .mean] == 1024)
        #expect(first[.inputTokens, .p99] == 1024)
        #expect(RunValidation.violations(of: run).isEmpty)
    }

    @Test("identity: model, GPU from telemetry counted once per UUID, extra inputs, OSL, endpoint, version")
    func identity() throws {
        let run = try #require(try AIPerfImporter.readRuns(AIPerfFixtures.sweep).first)
        #expect(run.model.name == "openai/gpt-oss-20b")
        #expect(run.model.tokenizer == "/home/user/bench/tok/openai/gpt-oss-20b")
        // The same H20 is listed under localhost:9400 and 127.0.0.1:9400.
        #expect(run.hardware.name == "H20")
        #expect(run.hardware.count == 1)
        #expect(run.generationConfig.reasoningEffort == "low")
        #expect(run.generationConfig.ignoreEOS == true)
        #expect(run.generationConfig.maxTokens == 1024)
        #expect(run.generationConfig.stream == true)
        #expect(run.workload.api == "chat")
        #expect(run.workload.endpoint == "/v1/chat/completions")
        #expect(run.workload.url == "http://127.0.0.1:8000")
        #expect(run.workload.dataset == "synthetic")
        #expect(run.workload.minPromptLength == 1024)
        #expect(run.workload.outputLength == 1024)
        #expect(run.source.tool == "aiperf")
        #expect(run.source.version == "0.13.0")
        #expect(run.source.format == "schema-1.4")
        // start_time is local without a zone: read in this host's zone, and said so.
        #expect(run.runAt == RunTime(local: "2026-11-24T19:14:11", zone: .current, origin: .ingestHost))
        #expect(run.warnings == ["c1/profile_export.jsonl: 2 profiling records, but the summary counts 8 requests: request rows left out"])
    }

    @Test("--num-profile-runs 2: each run_NNNN is a repeat with its own run; aggregate/ is not read")
    func profileRuns() throws {
        #expect(AIPerfImporter.recognizes(AIPerfFixtures.twoRuns))
        let runs = try AIPerfImporter.readRuns(AIPerfFixtures.twoRuns)
        #expect(runs.count == 2)
        // real-2026-12/README.md: 260.31 / 263.06 tok/s, TTFT 63.62 / 62.06 ms, ITL 6.285 / 6.280 ms, latency 359.00 / 357.22 ms.
        let output = [260.3122136899301, 263.0642025425916]
        let ttftMs = [63.622696749999996, 62.059884937499994]
        let tpotMs = [6.284554961436171, 6.279943261968085]
        let latencyMs = [358.9967799375, 357.21721825]
        for (index, run) in runs.enumerated() {
            let point = try #require(run.points.first)
            #expect(run.points.count == 1)
            #expect(point.concurrency == 2)
            #expect(point.requests == 16)
            #expect(near(point.metrics[.outputThroughput, .value], output[index]))
            #expect(near(point.metrics[.ttft, .mean], ttftMs[index] / 1000))
            #expect(near(point.metrics[.tpot, .mean], tpotMs[index] / 1000))
            #expect(near(point.metrics[.latency, .mean], latencyMs[index] / 1000))
            #expect(RunValidation.violations(of: run).isEmpty)
            #expect(run.warnings.isEmpty)
        }
        #expect(rounds(runs[0].points[0].metrics[.outputThroughput, .value], to: 260.31, places: 2))
        #expect(rounds(runs[1].points[0].metrics[.outputThroughput, .value], to: 263.06, places: 2))
        #expect(rounds(runs[0].points[0].metrics[.ttft, .mean].map { $0 * 1000 }, to: 63.62, places: 2))
        #expect(rounds(runs[1].points[0].metrics[.tpot, .mean].map { $0 * 1000 }, to: 6.280, places: 3))
        #expect(runs[0].runAt == RunTime(local: "2026-12-07T16:04:14", zone: .current, origin: .ingestHost))
        #expect(runs[1].runAt == RunTime(local: "2026-12-07T16:04:29", zone: .current, origin: .ingestHost))
        #expect(runs[0].contentHash != runs[1].contentHash)
        // Each repeat hashes as the run folder alone does: ingesting it alone later is a no-op.
        #expect(runs[0].contentHash == (try AIPerfImporter.readRuns(AIPerfFixtures.run1)).first?.contentHash)
        #expect(runs[0].generationConfig.maxTokens == 48)
        #expect(runs[0].hardware == Hardware())
    }

    @Test("profile_export.jsonl: one row per profiling request, in completion order, in seconds")
    func requestRows() throws {
        let run = try #require(try AIPerfImporter.readRuns(AIPerfFixtures.run1).first)
        let records = try #require(run.points.first?.records)
        #expect(records.count == 16)
        #expect(records.map(\.sequence) == Array(0..<16))
        #expect(records.allSatisfy { $0.success && $0.error == nil && $0.isStream == true })
        #expect(records.allSatisfy { $0.itlCount == 47 && $0.outputTokens == 48 })
        #expect(records.contains { $0.startOffset == 0 })
        // The first line (request start …511302086 ns, end …847357142 ns) ends first.
        let first = records[0]
        #expect(near(first.latency, 0.336055056))
        #expect(near(first.ttft, 0.053882515999999995))
        #expect(near(first.tpot, 0.0060036710638297865))
        #expect(first.inputTokens == 55)
        #expect(near(first.startOffset, 0.006909986))
        #expect(near(first.itlMean, 0.0060036710638297865))
    }

    @Test("failed requests: counted from error_request_count, rows carry the error text")
    func failedRequests() throws {
        let copy = try AIPerfFixtures.copy(AIPerfFixtures.run1)
        let summary = copy.appending(path: AIPerfProfile.summaryFile)
        try Fixtures.editJSON(summary) { json in
            json["request_count"] = ["unit": "requests", "avg": 14.0]
            json["error_request_count"] = ["unit": "requests", "avg": 2.0]
            json["request_error_rate"] = ["unit": "%", "avg": 12.5]
            json["completed_request_count"] = ["unit": "requests", "avg": 16.0]
        }
        let lines = try String(contentsOf: copy.appending(path: AIPerfProfile.recordsFile), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var edited: [String] = []
        for (index, line) in lines.enumerated() {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if index < 2 {
                object["metrics"] = [String: Any]()
                object["error"] = ["code": 500, "type": "Internal Server Error", "message": "mock failure"]
            }
            edited.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        try edited.joined(separator: "\n").write(to: copy.appending(path: AIPerfProfile.recordsFile), atomically: true, encoding: .utf8)

        let point = try #require(try AIPerfImporter.readRuns(copy).first?.points.first)
        #expect(point.requests == 16)
        #expect(point.metrics[.failedRequests, .value] == 2)
        #expect(point.metrics[.successRate, .value] == 14.0 / 16.0)
        #expect(point.records.filter { !$0.success }.count == 2)
        #expect(point.records.filter { !$0.success }.allSatisfy { $0.error == "500 Internal Server Error: mock failure" && $0.latency == nil })

        // A stated error rate that contradicts the counts is an error naming the key.
        try Fixtures.editJSON(summary) { $0["request_error_rate"] = ["unit": "%", "avg": 50.0] }
        let error = try #require(throws: ImportError.self) { try AIPerfImporter.readRuns(copy) }
        #expect(error.field == "request_error_rate.avg")
    }

    @Test("recognizes result roots, not the folders inside them")
    func recognition() throws {
        let artifacts = AIPerfFixtures.twoRuns.appending(path: "artifacts")
        #expect(AIPerfImporter.recognizes(artifacts))
        #expect(AIPerfImporter.recognizes(artifacts.appending(path: "profile_runs")))
        #expect(AIPerfImporter.recognizes(AIPerfFixtures.run1))
        #expect(AIPerfImporter.recognizes(AIPerfFixtures.sweep.appending(path: "c10")))
        #expect(!AIPerfImporter.recognizes(artifacts.appending(path: "aggregate")))
        #expect(!AIPerfImporter.recognizes(artifacts.appending(path: "logs")))
        #expect(!AIPerfImporter.recognizes(AIPerfFixtures.run1.appending(path: AIPerfProfile.summaryFile)))
        #expect(!AIPerfImporter.recognizes(try Fixtures.temporaryDirectory()))
        #expect(!AIPerfImporter.recognizes(Fixtures.peers("genai-perf")))

        // phases/<phase>/ copies inside a result are not results of their own.
        let copy = try AIPerfFixtures.copy(AIPerfFixtures.sweep.appending(path: "c10"))
        let phase = copy.appending(path: "phases/profiling")
        try FileManager.default.createDirectory(at: phase, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: copy.appending(path: AIPerfProfile.summaryFile), to: phase.appending(path: AIPerfProfile.summaryFile))
        #expect(!AIPerfImporter.recognizes(phase))
        #expect(!AIPerfImporter.recognizes(copy.appending(path: "phases")))
        #expect(try AIPerfImporter.readRuns(copy).first?.points.count == 1)
    }

    @Test("repeated sweeps: profile_runs/trial_N/<level>/ and <level>/profile_runs/trial_N/ give one run per trial")
    func repeatedSweeps() throws {
        for independent in [false, true] {
            let root = try Fixtures.temporaryDirectory().appending(path: "artifacts")
            for trial in ["trial_0001", "trial_0002"] {
                for level in ["c1", "c10"] {
                    let folder = independent
                        ? root.appending(path: "concurrency_\(level.dropFirst())/profile_runs/\(trial)")
                        : root.appending(path: "profile_runs/\(trial)/concurrency_\(level.dropFirst())")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try FileManager.default.copyItem(
                        at: AIPerfFixtures.sweep.appending(path: "\(level)/\(AIPerfProfile.summaryFile)"),
                        to: folder.appending(path: AIPerfProfile.summaryFile))
                }
            }
            try FileManager.default.createDirectory(at: root.appending(path: "sweep_aggregate"), withIntermediateDirectories: true)
            #expect(AIPerfImporter.recognizes(root))
            #expect(AIPerfImporter.recognizes(root.deletingLastPathComponent()))
            let runs = try AIPerfImporter.readRuns(root)
            #expect(runs.map { $0.points.map(\.concurrency) } == [[1, 10], [1, 10]], "independent: \(independent)")
        }
    }

    @Test("re-reading gives the same content hash; a moved copy too; an edit changes it")
    func contentHash() throws {
        let first = try AIPerfImporter.readRuns(AIPerfFixtures.sweep).map(\.contentHash)
        #expect(try AIPerfImporter.readRuns(AIPerfFixtures.sweep).map(\.contentHash) == first)
        let copy = try Fixtures.temporaryCopy(of: AIPerfFixtures.sweep)
        #expect(try AIPerfImporter.readRuns(copy).map(\.contentHash) == first)
        try Fixtures.replace("\"avg\": 8.0", with: "\"avg\": 8", in: copy.appending(path: "c1/\(AIPerfProfile.summaryFile)"))
        #expect(try AIPerfImporter.readRuns(copy).map(\.contentHash) != first)
    }

    @Test("older layouts: 0.1 metrics under records, 0.2–0.8 UserConfig with loadgen and extra-input pairs")
    func olderGenerations() throws {
        let copy = try AIPerfFixtures.copy(AIPerfFixtures.sweep.appending(path: "c10"), summaryOnly: true)
        let summary = copy.appending(path: AIPerfProfile.summaryFile)
        try Fixtures.editJSON(summary) { json in
            let metricKeys = json.keys.filter { (json[$0] as? [String: Any])?["unit"] != nil }
            var records: [String: Any] = [:]
            for key in metricKeys { records[key] = json.removeValue(forKey: key) }
            for key in ["schema_version", "aiperf_version", "benchmark_id", "run_info", "telemetry_data", "warmup_metrics"] {
                json.removeValue(forKey: key)
            }
            json["records"] = records
            json["input_config"] = [
                "endpoint": ["model_names": ["openai/gpt-oss-20b"], "type": "completions", "streaming": true, "url": "localhost:8000"],
                "input": ["extra": [["ignore_eos", true], ["temperature", 0.6]], "prompt": ["output_tokens": ["mean": 256, "stddev": 0]]],
                "loadgen": ["request_rate": 4.5, "concurrency": 16],
            ]
        }
        let run = try #require(try AIPerfImporter.readRuns(copy).first)
        #expect(run.source.format == "json-records")
        #expect(run.source.version == "0.1")
        #expect(run.points.first?.concurrency == 16)
        #expect(run.points.first?.requestRate == 4.5)
        #expect(near(run.points.first?.metrics[.ttft, .mean], 0.7709181797))
        #expect(run.generationConfig.temperature == 0.6)
        #expect(run.generationConfig.maxTokens == 256)
        #expect(run.workload.endpoint == "/v1/completions")
        #expect(run.runAt != nil)

        // 0.2–0.4: metrics at the top level, no schema_version; no rate and no concurrency runs at 1.
        try Fixtures.editJSON(summary) { json in
            let records = json.removeValue(forKey: "records") as? [String: Any] ?? [:]
            for (key, value) in records { json[key] = value }
            json["input_config"] = ["endpoint": ["model_names": ["m"]], "loadgen": [String: Any]()]
        }
        let flat = try #require(try AIPerfImporter.readRuns(copy).first)
        #expect(flat.source.format == "json-flat")
        #expect(flat.source.version == "0.2..0.4")
        #expect(flat.points.first?.concurrency == 1)
        #expect(flat.model.name == "m")
    }

    @Test("bad input names the file and key", arguments: [
        ("\"avg\": 100.21632425", "\"avg\": NaN", "time_to_first_token.avg", "not a finite number"),
        ("\"avg\": 100.21632425", "\"avg\": -100.2", "time_to_first_token.avg", "negative"),
        ("\"avg\": 8.0", "\"avg\": \"eight\"", "request_count.avg", "expected a number"),
        ("\"avg\": 8.0", "\"avg\": 8.5", "request_count.avg", "not a whole number"),
        ("\"unit\": \"ms\"", "\"unit\": \"furlongs\"", "request_latency.unit", "expected ms or sec"),
        ("\"requests\": 8,\n        \"concurrency\": 1", "\"requests\": 8,\n        \"concurrency\": 0", "input_config.phases[1].concurrency", "below 1"),
        ("\"end_time\": \"2026-11-24T19:15:13.429343\"", "\"end_time\": \"yesterday\"", "end_time", "not an ISO 8601 time"),
    ])
    func badInput(old: String, new: String, field: String, reason: String) throws {
        let copy = try AIPerfFixtures.copy(AIPerfFixtures.sweep.appending(path: "c1"), summaryOnly: true)
        let summary = copy.appending(path: AIPerfProfile.summaryFile)
        try Fixtures.replace(old, with: new, in: summary)
        let error = try #require(throws: ImportError.self) { try AIPerfImporter.readRuns(copy) }
        #expect(error.file == summary.path(percentEncoded: false))
        #expect(error.field == field)
        #expect(error.reason.contains(reason))
    }

    @Test("a truncated summary or a broken records line is an error naming the file")
    func truncated() throws {
        let copy = try AIPerfFixtures.copy(AIPerfFixtures.run1)
        let summary = copy.appending(path: AIPerfProfile.summaryFile)
        let data = try Data(contentsOf: summary)
        try data.prefix(data.count / 2).write(to: summary)
        let error = try #require(throws: ImportError.self) { try AIPerfImporter.readRuns(copy) }
        #expect(error.file == summary.path(percentEncoded: false))
        #expect(error.reason.contains("not valid JSON"))

        let other = try AIPerfFixtures.copy(AIPerfFixtures.run1)
        let records = other.appending(path: AIPerfProfile.recordsFile)
        try Fixtures.replace("\"request_latency\":{\"value\":", with: "\"request_latency\":{\"value\":-", in: records)
        let negative = try #require(throws: ImportError.self) { try AIPerfImporter.readRuns(other) }
        #expect(negative.file == records.path(percentEncoded: false))
        #expect(negative.field == "line 1: metrics.request_latency.value")
        #expect(negative.reason.contains("negative"))
    }
}
