import CaliperMockServer
import Foundation
import Testing

struct MockServerLifecycleTests {
    /// Port 0 binds a free port; two servers get two ports; a stopped server refuses connections.
    @Test func startsOnFreePortsAndStops() async throws {
        let first = try await MockServer.start()
        let second = try await MockServer.start()
        #expect(first.port > 0 && second.port > 0 && first.port != second.port)
        #expect(first.baseURL.absoluteString == "http://127.0.0.1:\(first.port)")
        #expect(first.url(.chatCompletions).absoluteString == "http://127.0.0.1:\(first.port)/v1/chat/completions")
        #expect(try await RawHTTPClient.send(port: first.port, method: "GET", path: "/health").status == 200)
        await first.stop()
        await first.stop()   // idempotent
        await #expect(throws: (any Error).self) {
            try await RawHTTPClient.send(port: first.port, method: "GET", path: "/health")
        }
        #expect(try await RawHTTPClient.send(port: second.port, method: "GET", path: "/health").status == 200)
        await second.stop()
    }

    /// A taken port is an error from `start`, not a hang.
    @Test func takenPortThrows() async throws {
        try await withMockServer { server in
            await #expect(throws: (any Error).self) {
                let clash = try await MockServer.start(port: server.port)
                await clash.stop()
            }
        }
    }

    /// The defaults are the documented mock: 50 ms TTFT, 5 ms between tokens, no faults, no slowdown.
    @Test func defaults() {
        let behavior = MockBehavior()
        #expect(behavior.ttft == 0.050 && behavior.interTokenDelay == 0.005 && behavior.outputTokens == 64)
        #expect(behavior.failEvery == nil && behavior.closeEvery == nil && behavior.loadSlowdown == nil)
        let configuration = MockServerConfiguration()
        #expect(configuration.model == "gpt-oss-20b" && configuration.version == "0.10.1")
        #expect(configuration.maxModelLen == 32_768)
    }

    /// Records and statistics describe every request: numbers, token counts, what was sent.
    @Test func recordsDescribeEachRequest() async throws {
        try await withMockServer { server in
            _ = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: completionJSON("a b c", stream: false))
            _ = try await RawHTTPClient.send(
                port: server.port, path: "/v1/chat/completions", json: chatJSON("d e", stream: true, ["max_tokens": 5]))
            #expect(await server.waitUntilIdle())
            let records = server.records
            #expect(records.map(\.number) == [1, 2] && records.map(\.streamNumber) == [nil, 1])
            #expect(records.map(\.endpoint) == [.completions, .chatCompletions])
            #expect(records.map(\.promptTokens) == [3, 2] && records.map(\.completionTokens) == [8, 5])
            #expect(records.map(\.tokensSent) == [8, 5] && records.map(\.finishReason) == ["stop", "length"])
            #expect(records.allSatisfy { $0.isFinished && $0.fault == nil && $0.firstTokenSentAfter != nil })
            let stats = server.statistics
            #expect(stats.requests == 2 && stats.streams == 1 && stats.completed == 2 && stats.inFlight == 0)
        }
    }
}
