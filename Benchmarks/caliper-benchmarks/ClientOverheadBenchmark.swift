import CaliperCore
import CaliperMockServer
import CaliperRunners
import Foundation

/// The load generator's own error and cost against `caliper-mock-server`'s injected truth
/// (TTFT 50 ms, 5 ms per token, 64 tokens):
/// - measured minus injected TTFT at p50 and p99 with 1, 64 and 256 requests in flight, next to
///   how late the server itself sent the first token (its own record), so that the client's share
///   shows; TPOT and ITL against the injected delay and against the pace the server really kept;
/// - the most streamed tokens/s the client takes on one core: the server (a separate process)
///   sends without delay, and this process's CPU time is the client's.
/// Where a bound is given it is the one BenchAccuracyTests and the mock server's TimingTests used to
/// assert, kept as a target: PASS or MISS is printed, nothing fails (load makes these figures vary).
enum ClientOverheadBenchmark {
    static let ttft = 0.050
    static let delay = 0.005

    /// Targets in ms per level, as the tests had them: TTFT p50 error, server lateness p50,
    /// |TPOT − delay| and |ITL − delay| (c=1), |TPOT − server's pace| and pace − delay (c=64).
    struct Targets {
        var ttftError: Double
        var serverLateness: Double
        var tpotError: Double?
        var tpotAgainstPace: Double?
        var paceError: Double?
    }

    static let targets: [Int: Targets] = [
        1: Targets(ttftError: 5, serverLateness: 2, tpotError: 0.5),
        64: Targets(ttftError: 60, serverLateness: 5, tpotAgainstPace: 2, paceError: 5),
    ]

    static func run() async throws {
        for parallel in [1, 64, 256] {
            let server = try await MockServer.start(behavior: MockBehavior(ttft: ttft, interTokenDelay: delay, outputTokens: 64))
            let point = try await bench(url: server.url(.completions).absoluteString, parallel: parallel, requests: max(40, 2 * parallel), tokens: 64)
            let records = server.records
            let maxInFlight = server.statistics.maxInFlight
            await server.stop()
            let serverLate = records.compactMap { $0.firstTokenSentAfter.map { $0 - ttft } }.sorted()
            let overhead = point.records.compactMap(\.ttft).map { $0 - ttft }.sorted()
            guard !overhead.isEmpty else { print("client overhead c=\(parallel): no successful request"); continue }
            let target = targets[parallel]
            check("TTFT measured − injected, c=\(parallel), p50", ms(percentile(50, overhead)), from: 0, below: target?.ttftError)
            report("TTFT measured − injected, c=\(parallel), p99", ms(percentile(99, overhead)), "ms", target: "report")
            if !serverLate.isEmpty {
                check("  of which the server's own lateness, p50", ms(percentile(50, serverLate)), from: 0, below: target?.serverLateness)
            }
            let pace = serverPace(records)
            if let tpot = point.metrics[.tpot, .mean], let itl = point.metrics[.itl, .mean] {
                check("TPOT mean − injected delay, c=\(parallel)", ms(tpot - delay), magnitude: target?.tpotError)
                check("ITL mean − injected delay, c=\(parallel)", ms(itl - delay), magnitude: target?.tpotError)
                check("TPOT mean − the server's kept pace, c=\(parallel)", ms(tpot - pace), magnitude: target?.tpotAgainstPace)
            }
            check("the server's kept pace − injected delay, c=\(parallel)", ms(pace - delay), from: 0, below: target?.paceError)
            report("requests in flight at the server, c=\(parallel), max", Double(maxInFlight), "", target: "report")
        }
        try await nonStreamingLatency()
        try await throughput()
    }

    /// A non-streaming answer is due whole at TTFT + 63 · delay; its latency error at one in flight.
    static func nonStreamingLatency() async throws {
        let server = try await MockServer.start(behavior: MockBehavior(ttft: ttft, interTokenDelay: delay, outputTokens: 64))
        let point = try await bench(url: server.url(.completions).absoluteString, parallel: 1, requests: 10, tokens: 64, stream: false)
        await server.stop()
        let errors = point.records.compactMap(\.latency).map { $0 - (ttft + 63 * delay) }.sorted()
        guard !errors.isEmpty else { return print("non-streaming latency: no successful request") }
        check("non-streaming latency − due time, c=1, p50", ms(percentile(50, errors)), from: -0.5, below: 5)
    }

    /// Mean seconds per token between the first and the last chunk the server sent, over its records.
    static func serverPace(_ records: [MockRequestRecord]) -> Double {
        let paces = records.compactMap { record -> Double? in
            guard let first = record.firstTokenSentAfter, let last = record.lastTokenSentAfter, record.tokensSent > 1
            else { return nil }
            return (last - first) / Double(record.tokensSent - 1)
        }
        return paces.reduce(0, +) / Double(max(1, paces.count))
    }

    static func percentile(_ percent: Int, _ sorted: [Double]) -> Double {
        sorted[NearestRank.index(percent: percent, count: sorted.count)]
    }

    static func ms(_ seconds: Double) -> Double { seconds * 1_000 }

    /// Prints a figure in ms with its target range and PASS or MISS; "report" without a target.
    static func check(_ name: String, _ value: Double, from lower: Double = -.infinity, below upper: Double?) {
        guard let upper else { return report(name, value, "ms", target: "report") }
        let range = lower.isFinite ? "\(lower) ≤ x < \(upper) ms" : "< \(upper) ms"
        report(name, value, "ms", target: "\(range): \(value >= lower && value < upper ? "PASS" : "MISS")")
    }

    static func check(_ name: String, _ value: Double, magnitude bound: Double?) {
        guard let bound else { return report(name, value, "ms", target: "report") }
        report(name, value, "ms", target: "|x| < \(bound) ms: \(abs(value) < bound ? "PASS" : "MISS")")
    }

    /// Streams from a separate `caliper-mock-server` with no delays; tokens/s per CPU-second of this process.
    static func throughput() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appending(path: "caliper-mock-server")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("client throughput: skipped, no \(binary.path) (run `swift build -c release` first)")
            return
        }
        let server = Process()
        server.executableURL = binary
        server.arguments = ["--port", "0", "--ttft", "0", "--itl", "0", "--output-tokens", "4000"]
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        defer { server.terminate() }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            line += byte
        }
        let base = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "listening on ", with: "")
        let cpuBefore = cpuSeconds(), wallBefore = MonotonicClock.now()
        let point = try await bench(url: base + "/v1/completions", parallel: 16, requests: 64, tokens: 4_000)
        let cpu = cpuSeconds() - cpuBefore, wall = MonotonicClock.now() - wallBefore
        let tokens = Double(point.records.compactMap(\.outputTokens).reduce(0, +))
        report("client: streamed tokens/s per CPU-second (one core)", tokens / cpu, "tok/s", target: "report")
        report("client: streamed tokens/s, wall (server on the same 2 cores)", tokens / wall, "tok/s", target: "report")
    }

    static func bench(url: String, parallel: Int, requests: Int, tokens: Int, stream: Bool = true) async throws -> PerfPoint {
        let client = try StreamingHTTPClient()
        let plan = BenchPlan(
            url: url, model: "gpt-oss-20b", levels: [LoadLevel(parallel: parallel, requests: requests)],
            body: RequestBody(
                endpoint: .completions, model: "gpt-oss-20b", maxTokens: tokens, minTokens: tokens, stream: stream,
                extraArguments: ["ignore_eos": .bool(true)]),
            prompts: try PromptSource.load(dataset: "random", minLength: 16, maxLength: 16))
        let points = await Bench.run(plan, client: client)
        client.shutdown()
        return points[0]
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
