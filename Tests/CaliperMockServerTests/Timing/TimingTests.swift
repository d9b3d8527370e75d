import CaliperMockServer
import Foundation
import Testing

/// The timing truth as a client in the same process sees it: every output chunk is sent no earlier
/// than its deadline (`arrival + ttft + i · delay`) and received no earlier than it was sent. That
/// is all these tests assert, with counts: how late the server and the client are depends on the
/// machine's load, so those figures (and the bounds once checked here, as targets) are measured by
/// `caliper-benchmarks client` (Benchmarks/caliper-benchmarks/ClientOverheadBenchmark.swift).
/// Each test still prints its figures. The suite is serialized so that its streams never compete.
@Suite(.serialized)
struct TimingTests {
    static let behavior = MockBehavior(ttft: 0.050, interTokenDelay: 0.005, outputTokens: 32)

    @Test func concurrencyOne() async throws {
        try await withMockServer(Self.behavior) { server in
            try await Self.warmUp(server)
            var exchanges: [HTTPExchange] = []
            for index in 0..<10 {
                let body = index % 2 == 0 ? chatJSON(stream: true) : completionJSON(stream: true)
                let path = index % 2 == 0 ? "/v1/chat/completions" : "/v1/completions"
                exchanges.append(try await RawHTTPClient.send(port: server.port, path: path, json: body))
            }
            await server.waitUntilIdle()
            let timings = try StreamTiming.all(exchanges, records: server.records)
            print("timing c=1: \(TimingReport(timings))")
            #expect(timings.count == 10)
            #expect(timings.allSatisfy { $0.gaps.count == 31 })
            #expect(timings.allSatisfy { $0.isCausal })
        }
    }

    /// A non-streaming answer is sent whole when its last token is due: TTFT + (n − 1) · delay.
    @Test func nonStreamingLatency() async throws {
        try await withMockServer(Self.behavior) { server in
            try await Self.warmUp(server)
            var latencies: [Double] = []
            for _ in 0..<5 {
                let exchange = try await RawHTTPClient.send(
                    port: server.port, path: "/v1/completions", json: completionJSON(stream: false))
                #expect(exchange.status == 200)
                latencies.append(try #require(exchange.completedAfter))
            }
            let due = 0.050 + 31 * 0.005
            print("timing non-stream: latency error median \(ms(latencies.median - due)), max \(ms((latencies.max() ?? .nan) - due))")
            #expect(latencies.allSatisfy { $0 >= due - StreamTiming.rounding })
        }
    }

    /// 64 streams at once: all complete, each chunk on or after its deadline, none received early.
    @Test func concurrencySixtyFour() async throws {
        try await withMockServer(Self.behavior) { server in
            try await Self.warmUp(server)
            let exchanges = try await withThrowingTaskGroup(of: HTTPExchange.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        try await RawHTTPClient.send(
                            port: server.port, path: index % 2 == 0 ? "/v1/chat/completions" : "/v1/completions",
                            json: index % 2 == 0 ? chatJSON(stream: true) : completionJSON(stream: true))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            await server.waitUntilIdle()
            let timings = try StreamTiming.all(exchanges, records: server.records)
            print("timing c=64 (max in flight \(server.statistics.maxInFlight)): \(TimingReport(timings))")
            #expect(timings.count == 64)
            #expect(timings.allSatisfy { $0.gaps.count == 31 })
            #expect(timings.allSatisfy { $0.isCausal })
        }
    }

    /// With a load slowdown each request gets its own truth, fixed on arrival from the requests already
    /// in flight; the record says which, and the client receives nothing before that truth allows.
    @Test func loadSlowdownIsPerRequestTruth() async throws {
        var behavior = Self.behavior
        behavior.outputTokens = 8
        behavior.loadSlowdown = LoadSlowdown(ttftPerExtraRequest: 0.25, interTokenDelayPerExtraRequest: 0.15)
        try await withMockServer(behavior) { server in
            let exchanges = try await withThrowingTaskGroup(of: HTTPExchange.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await RawHTTPClient.send(
                            port: server.port, path: "/v1/completions", json: completionJSON(stream: true))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            await server.waitUntilIdle()
            let records = server.records
            // How many overlap depends on scheduling; the first to arrive always finds the server idle.
            #expect(records.count == 4)
            #expect(records.first?.othersInFlight == 0)
            #expect(records.enumerated().allSatisfy { $1.othersInFlight <= $0 })
            for record in records {
                let extra = Double(record.othersInFlight)
                #expect(abs(record.ttft - 0.050 * (1 + 0.25 * extra)) < 1e-12)
                #expect(abs(record.interTokenDelay - 0.005 * (1 + 0.15 * extra)) < 1e-12)
            }
            let timings = try StreamTiming.all(exchanges, records: records)
            print("timing slowdown c=4 (others in flight \(records.map(\.othersInFlight))): \(TimingReport(timings))")
            #expect(timings.allSatisfy { $0.isCausal })
        }
    }

    /// One short request first, as a load generator's warm-up: the first request of a process pays
    /// for lazy initialisation (routing tables, decoders, the first connection) on both sides.
    static func warmUp(_ server: MockServer) async throws {
        _ = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: completionJSON(stream: true))
    }
}
