import CaliperCore
import CaliperStore
import Foundation

/// `caliper trend` over 10,000 runs as a whole process (target < 300 ms): one model's perf runs,
/// one point at concurrency 100 with 20 request rows each, the engine version advancing every
/// 1,000 runs and output throughput stepping down 8 % at run 6,500.
///
/// The store takes a while to fill, so it is kept in the temporary folder and reused while it
/// holds what this benchmark writes (delete `caliper-benchmarks-trend-*.db` to rebuild it).
enum TrendBenchmark {
    static let runs = 10_000
    static let stepAt = 6_500
    static let storePath = FileManager.default.temporaryDirectory.appending(path: "caliper-benchmarks-trend-v1.db").path

    /// Needs the release `caliper` beside this binary (`swift build -c release` builds both).
    /// - Parameter location: the store to time (default: the SQLite file kept in the temporary
    ///   folder); a PostgreSQL store is filled when it holds anything but these runs.
    /// - Returns: the median time in milliseconds.
    @discardableResult
    static func run(store location: String = storePath, label: String = "", target: String = "< 300") throws -> Double {
        guard let caliper = GateBenchmark.caliper() else { return .nan }
        let store = try Store(location: location)
        if try store.runCount() != runs {
            if location == storePath {
                try? FileManager.default.removeItem(atPath: storePath)
            } else {
                try store.removeAllRuns()
            }
            let fresh = try Store(location: location)
            let fill = try seconds {
                for index in 0..<runs { _ = try fresh.ingest(perfRun(index)) }
            }
            print("(built a\(label) trend store of \(try fresh.runCount()) runs in \(String(format: "%.1f", fill)) s: \(fresh.location))")
        } else {
            print("(reusing the trend store \(store.location))")
        }

        let arguments = [
            "trend", "--db", location, "--model", "gpt-oss-20b", "--metric", "output_throughput",
            "--concurrency", "100", "--by", "engine_version", "--format", "json",
        ]
        var times: [Double] = []
        var output = Data()
        for _ in 0..<7 {
            let process = Process()
            process.executableURL = caliper
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            let elapsed = try seconds {
                try process.run()
                output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
            }
            precondition(process.terminationStatus == 0, "caliper trend exited \(process.terminationStatus)")
            times.append(elapsed * 1_000)
        }
        times.sort()
        let document = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        let changes = (document?["change_points"] as? [[String: Any]]) ?? []
        precondition((document?["runs"] as? Int) == runs, "the trend did not cover every run")
        precondition(changes.contains { ($0["run_id"] as? Int).map { abs($0 - (stepAt + 1)) <= 2 } ?? false },
                     "the step at run \(stepAt + 1) was not found")
        report("caliper trend\(label), 10,000 runs × 20 requests, JSON (median of 7)", times[3], "ms", target: target)
        return times[3]
    }

    /// Run `index` (stored as id index + 1): throughput about 1,500 tok/s with 2 % noise, 8 % lower
    /// from `stepAt` on, and request rows consistent with it.
    static func perfRun(_ index: Int) -> Run {
        var generator = SystemRandomNumberGenerator()
        let level = index < stepAt ? 1_500.0 : 1_380.0
        let throughput = level * (1 + 0.02 * Double.random(in: -1...1, using: &generator))
        var metrics = MetricTable()
        metrics[.outputThroughput, .value] = throughput
        metrics[.requestThroughput, .value] = throughput / 256
        metrics[.successRate, .value] = 1
        metrics[.ttft, .mean] = 0.08
        let records = (0..<20).map { sequence in
            let ttft = 0.08 * exp(0.2 * Double.random(in: -1...1, using: &generator))
            let latency = ttft + 256 * 100 / throughput * exp(0.1 * Double.random(in: -1...1, using: &generator))
            return RequestRecord(
                sequence: sequence, success: true, startOffset: Double(sequence) * 0.05, latency: latency, ttft: ttft,
                tpot: (latency - ttft) / 255, itlMean: (latency - ttft) / 255, itlCount: 255, inputTokens: 1024,
                outputTokens: 256, isStream: true)
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"),
            engine: EngineIdentity(name: "vllm", version: "0.10.\(index / 1_000)"),
            hardware: Hardware(name: "H20", count: 1, memoryGB: 96),
            generationConfig: GenerationConfig(["max_tokens": .int(256), "ignore_eos": .bool(true)]),
            workload: Workload(endpoint: "/v1/completions", dataset: "random", minPromptLength: 1024, maxPromptLength: 1024, outputLength: 256),
            labels: ["branch": "main", "commit": String(index * 7_919 % 1_048_576, radix: 16)],
            source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "perf-G"),
            runAt: RunTime(stringLiteral: runAt(index)),
            contentHash: "trend-\(index)",
            points: [PerfPoint(concurrency: 100, requests: 20, durationSeconds: 60, metrics: metrics, records: records)])
    }

    /// Ten minutes apart from 2026-01-01 00:00, in the local-time form EvalScope writes.
    static func runAt(_ index: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: 1_767_225_600 + Double(index) * 600))
    }
}
