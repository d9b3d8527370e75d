import CaliperCore
import CaliperStore
import Foundation

/// `caliper gate` as a whole process: a store of 10,000 runs, two of them perf runs with 10,000
/// requests at each of 3 concurrency levels (target < 200 ms on SQLite, < 300 ms on PostgreSQL).
enum GateBenchmark {
    /// The release `caliper` beside this binary (`swift build -c release` builds both), or nil (said).
    static func caliper() -> URL? {
        let caliper = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appending(path: "caliper")
        guard FileManager.default.isExecutableFile(atPath: caliper.path) else {
            print("gate: skipped, no \(caliper.path) (run `swift build -c release` first)")
            return nil
        }
        return caliper
    }

    /// Fills a new store at `location` and returns the median of 7 gates, in milliseconds.
    @discardableResult
    static func run(store location: String, caliper: URL, scratch: URL, label: String = "", target: String = "< 200") throws -> Double {
        let store = try Store(location: location)
        let fillSeconds = try seconds {
            for tag in 0..<9_998 {
                _ = try store.ingest(benchmarkRun(
                    model: "model-\(tag % 40)", tag: tag, labels: ["branch": "main"], requestsPerPoint: 0, ttftScale: 1))
            }
            _ = try store.ingest(benchmarkRun(
                model: "gpt-oss-20b", tag: 10_001, labels: ["role": "baseline"], requestsPerPoint: 10_000, ttftScale: 1))
            _ = try store.ingest(benchmarkRun(
                model: "gpt-oss-20b", tag: 10_002, labels: ["role": "candidate"], requestsPerPoint: 10_000, ttftScale: 1.02))
        }
        print("(built a\(label) store of \(try store.runCount()) runs in \(String(format: "%.1f", fillSeconds)) s)")

        var times: [Double] = []
        for _ in 0..<7 {
            let process = Process()
            process.executableURL = caliper
            process.arguments = [
                "gate", "--db", location,
                "--baseline", "latest model=gpt-oss-20b label.role=baseline",
                "--candidate", "latest model=gpt-oss-20b label.role=candidate",
                "--report", scratch.appending(path: "gate.md").path, "--junit", scratch.appending(path: "gate.xml").path,
            ]
            process.standardOutput = FileHandle.nullDevice
            let elapsed = try seconds {
                try process.run()
                process.waitUntilExit()
            }
            precondition([0, 1].contains(process.terminationStatus), "caliper gate exited \(process.terminationStatus)")
            times.append(elapsed * 1_000)
        }
        times.sort()
        report("caliper gate\(label), 10,000-run store, 3×10k requests (median of 7)", times[3], "ms", target: target)
        return times[3]
    }

    static func benchmarkRun(model: String, tag: Int, labels: [String: String], requestsPerPoint: Int, ttftScale: Double) -> Run {
        var generator = SystemRandomNumberGenerator()
        let points = [1, 8, 32].map { concurrency in
            var metrics = MetricTable()
            metrics[.outputThroughput, .value] = 150 * Double(concurrency)
            metrics[.requestThroughput, .value] = 1.2 * Double(concurrency)
            metrics[.successRate, .value] = 1
            metrics[.ttft, .mean] = 0.07 * ttftScale
            metrics[.ttft, .p99] = 0.2 * ttftScale
            let records = (0..<requestsPerPoint).map { index in
                let ttft = 0.07 * ttftScale * exp(0.3 * Double.random(in: -2...2, using: &generator))
                let tpot = 0.008 * exp(0.2 * Double.random(in: -2...2, using: &generator))
                return RequestRecord(
                    sequence: index, success: true, startOffset: Double(index) * 0.01, latency: ttft + 127 * tpot,
                    ttft: ttft, tpot: tpot, itlMean: tpot, itlCount: 127, inputTokens: 1024, outputTokens: 128, isStream: true)
            }
            return PerfPoint(concurrency: concurrency, requests: requestsPerPoint, metrics: metrics, records: records)
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: model), engine: EngineIdentity(name: "vllm", version: "0.10.\(tag % 7)"),
            hardware: Hardware(name: "H20", count: 1, memoryGB: 96),
            generationConfig: GenerationConfig(["max_tokens": .int(128), "ignore_eos": .bool(true)]),
            workload: Workload(endpoint: "/v1/completions", dataset: "random", minPromptLength: 1024, maxPromptLength: 1024, outputLength: 128),
            labels: labels, source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "perf-G"),
            runAt: RunTime(stringLiteral: String(format: "2026-%02d-%02dT12:00:00", 1 + tag % 12, 1 + tag % 28)),
            contentHash: "bench-\(tag)-\(requestsPerPoint)", points: points)
    }
}
