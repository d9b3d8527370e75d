import CaliperMockServer
import Foundation
import Testing

/// Each fault hits exactly the requests its "every n-th" names, and looks on the wire as documented.
/// Requests are sent one after another, so arrival order is the order of the loop.
struct FaultInjectionTests {
    /// `failEvery` counts every generation request, on both endpoints, streaming or not.
    @Test func httpErrorsOnEveryNthRequest() async throws {
        var behavior = quickBehavior
        behavior.failEvery = 3
        try await withMockServer(behavior) { server in
            var failed: [Int] = []
            for number in 1...9 {
                let stream = number % 2 == 0
                let (path, body) =
                    number % 4 < 2
                    ? ("/v1/completions", completionJSON(stream: stream)) : ("/v1/chat/completions", chatJSON(stream: stream))
                let exchange = try await RawHTTPClient.send(port: server.port, path: path, json: body)
                if exchange.status == 500 {
                    failed.append(number)
                    let error = try exchange.jsonObject()
                    #expect(error["object"] as? String == "error")
                    #expect(error["type"] as? String == "InternalServerError")
                    #expect(error["code"] as? Int == 500 && error["param"] is NSNull)
                    #expect(error["message"] as? String == "Injected failure for request #\(number)")
                } else {
                    #expect(exchange.status == 200)
                }
            }
            #expect(failed == [3, 6, 9])
            await server.waitUntilIdle()
            #expect(server.records.filter { $0.fault == .httpError }.map(\.number) == [3, 6, 9])
            #expect(server.statistics.faults == [.httpError: 3] && server.statistics.completed == 6)
        }
    }

    /// `closeEvery` counts streams only: the cut stream has `faultAfterTokens` tokens, no usage, no
    /// `[DONE]`, and no terminating HTTP chunk; non-streaming requests in between do not shift it.
    @Test func closesEveryNthStream() async throws {
        var behavior = quickBehavior
        behavior.closeEvery = 2
        try await withMockServer(behavior) { server in
            var cut: [Int] = []
            for stream in 1...6 {
                _ = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: completionJSON(stream: false))
                let exchange = try await RawHTTPClient.send(
                    port: server.port, path: "/v1/chat/completions", json: chatJSON(stream: true))
                #expect(exchange.status == 200)
                if !exchange.isComplete {
                    cut.append(stream)
                    #expect(exchange.outputEvents().count == 3)
                    #expect(!exchange.endsWithDone)
                    #expect(try exchange.events.allSatisfy { try usage(of: $0.json()) == nil })
                } else {
                    #expect(exchange.endsWithDone && exchange.outputEvents().count == 8)
                }
            }
            #expect(cut == [2, 4, 6])
            await server.waitUntilIdle()
            let records = server.records.filter { $0.fault == .closedMidStream }
            #expect(records.map(\.streamNumber) == [2, 4, 6])
            #expect(records.map(\.number) == [4, 8, 12])
            #expect(records.allSatisfy { $0.tokensSent == 3 && !$0.clientDisconnected })
        }
    }

    /// `errorEvery` ends the n-th stream with an in-band error event and `[DONE]`, cleanly at the HTTP level.
    @Test func inBandErrorOnEveryNthStream() async throws {
        var behavior = quickBehavior
        behavior.errorEvery = 2
        behavior.faultAfterTokens = 5
        try await withMockServer(behavior) { server in
            for stream in 1...4 {
                let exchange = try await RawHTTPClient.send(
                    port: server.port, path: "/v1/completions", json: completionJSON(stream: true))
                #expect(exchange.isComplete && exchange.endsWithDone)
                let output = exchange.outputEvents()
                if stream % 2 == 0 {
                    #expect(output.count == 5)
                    let error = try exchange.events[exchange.events.count - 2].json()
                    #expect(error["object"] as? String == "error")
                    #expect(error["message"] as? String == "Injected in-band error for request #\(stream)")
                    #expect(error["code"] as? Int == 500)
                } else {
                    #expect(output.count == 8)
                }
            }
            #expect(server.statistics.faults == [.inBandError: 2])
        }
    }

    /// `malformedEvery` slips `data: {not json` into the n-th stream after `faultAfterTokens` tokens;
    /// the stream otherwise completes, usage and `[DONE]` included.
    @Test func malformedLineOnEveryNthStream() async throws {
        var behavior = quickBehavior
        behavior.malformedEvery = 3
        try await withMockServer(behavior) { server in
            for stream in 1...3 {
                let exchange = try await RawHTTPClient.send(
                    port: server.port, path: "/v1/chat/completions", json: chatJSON(stream: true))
                #expect(exchange.isComplete && exchange.endsWithDone)
                #expect(exchange.outputEvents().count == 8)
                let bad = exchange.events.indices.filter { (try? exchange.events[$0].json()) == nil }
                if stream == 3 {
                    // role chunk, 3 tokens, then the bad line; the other failure to parse is [DONE]
                    #expect(bad == [4, exchange.events.count - 1])
                    #expect(exchange.events[4].text == "data: {not json")
                } else {
                    #expect(bad == [exchange.events.count - 1])
                }
            }
        }
    }

    /// When one request qualifies for several faults, HTTP 500 beats the stream faults.
    @Test func failureWinsOverStreamFaults() async throws {
        var behavior = quickBehavior
        behavior.failEvery = 2
        behavior.closeEvery = 2
        behavior.errorEvery = 3
        try await withMockServer(behavior) { server in
            for _ in 1...6 {
                _ = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: completionJSON(stream: true))
            }
            await server.waitUntilIdle()
            #expect(server.records.map(\.fault) == [nil, .httpError, .inBandError, .httpError, nil, .httpError])
        }
    }

    /// With `faultAfterTokens` 0 the stream is cut when its first token is due, before any output.
    @Test func closeBeforeTheFirstToken() async throws {
        var behavior = quickBehavior
        behavior.closeEvery = 1
        behavior.faultAfterTokens = 0
        try await withMockServer(behavior) { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/chat/completions", json: chatJSON(stream: true))
            #expect(!exchange.isComplete)
            #expect(exchange.events.count == 1)   // the role-only chunk
            #expect(exchange.outputEvents().isEmpty)
        }
    }

    /// The behavior can change while the server runs; counting goes on from where it was.
    @Test func behaviorChangesTakeEffectForLaterRequests() async throws {
        try await withMockServer { server in
            _ = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: completionJSON(stream: false))
            server.behavior.failEvery = 2
            let second = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: completionJSON(stream: false))
            #expect(second.status == 500)
            server.behavior.failEvery = nil
            server.behavior.outputTokens = 3
            let third = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: completionJSON(stream: false))
            #expect(usage(of: try third.jsonObject())?.completion == 3)
        }
    }
}
