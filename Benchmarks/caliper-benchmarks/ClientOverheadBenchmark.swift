import CaliperCore
import CaliperMockServer
import CaliperRunners
import Foundation

/// The load generator's own error and cost against `caliper-mock-server`'s injected truth
/// (TTFT 50 ms, 5 ms per token, 64 tokens):
/// - measured minus injected TTFT at p50 and p99 with 1, 64 and 256 requests in flight, next to
///   how late the server itself sent the first token (its own record), so that the client's share
///   shows;
/// - the most streamed tokens/s the client takes on one core: the server (a separate process)
///   sends without delay, and this process's CPU time is the client's.
enum ClientOverheadBenchmark {
    static let ttft = 0.050
    static let delay = 0.005

    static func run() async throws {
        for parallel in [1, 64, 256] {
            let server = try await MockServer.start(behavior: MockBehavior(ttft: ttft, interTokenDelay: delay, outputTokens: 64))
            let point = try await bench(url: server.url(.completions).absoluteString, parallel: parallel, requests: max(40, 2 * parallel), tokens: 64)
            let serverLate = server.records.compactMap { $0.firstTokenSentAfter.map { $0 - ttft } }.sorted()
            await server.stop()
            let overhead = point.records.compactMap(\.ttft).map { $0 - ttft }.sorted()
            guard !overhead.isEmpty else { print("client overhead c=\(parallel): no successful request"); continue }
            report("TTFT measured − injected, c=\(parallel), p50", overhead[NearestRank.index(percent: 50, count: overhead.count)] * 1_000, "ms", target: "report")
            report("TTFT measured − injected, c=\(parallel), p99", overhead[NearestRank.index(percent: 99, count: overhead.count)] * 1_000, "ms", target: "report")
            if !serverLate.isEmpty {
                report("  of which the server's own lateness, p50", serverLate[NearestRank.index(percent: 50, count: serverLate.count)] * 1_000, "ms", target: "report")
            }
        }
        try await throughput()
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

    static func bench(url: String, parallel: Int, requests: Int, tokens: Int) async throws -> PerfPoint {
        let client = try StreamingHTTPClient()
        let plan = BenchPlan(
            url: url, model: "gpt-oss-20b", levels: [LoadLevel(parallel: parallel, requests: requests)],
            body: RequestBody(
                endpoint: .completions, model: "gpt-oss-20b", maxTokens: tokens, minTokens: tokens,
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
