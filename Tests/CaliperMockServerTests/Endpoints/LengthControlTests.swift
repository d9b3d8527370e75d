import CaliperMockServer
import Foundation
import Testing

/// `max_tokens`, `max_completion_tokens`, `min_tokens` and `ignore_eos`, as vLLM applies them to an
/// answer whose natural length is 8 tokens.
struct LengthControlTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fields: [String: any Sendable]
        var tokens: Int
        var finishReason: String
        var testDescription: String { "\(fields) → \(tokens) \(finishReason)" }
    }

    @Test(arguments: [
        Case(fields: [:], tokens: 8, finishReason: "stop"),
        Case(fields: ["max_tokens": 5], tokens: 5, finishReason: "length"),
        Case(fields: ["max_tokens": 20], tokens: 8, finishReason: "stop"),
        Case(fields: ["max_completion_tokens": 3], tokens: 3, finishReason: "length"),
        Case(fields: ["max_tokens": 20, "min_tokens": 12], tokens: 12, finishReason: "stop"),
        Case(fields: ["max_tokens": 20, "min_tokens": 20], tokens: 20, finishReason: "length"),
        Case(fields: ["max_tokens": 20, "ignore_eos": true], tokens: 20, finishReason: "length"),
        Case(fields: ["max_tokens": 20, "min_tokens": 4], tokens: 8, finishReason: "stop"),
    ])
    func answerLength(_ test: Case) async throws {
        try await withMockServer { server in
            for stream in [false, true] {
                let exchange = try await RawHTTPClient.send(
                    port: server.port, path: "/v1/completions", json: completionJSON(stream: stream, test.fields))
                let final: [String: Any]
                let finish: String?
                if stream {
                    #expect(exchange.outputEvents().count == test.tokens)
                    final = try #require(exchange.events.dropLast().last).json()
                    let lastToken = try #require(exchange.outputEvents().last).json()
                    finish = (lastToken["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String
                } else {
                    final = try exchange.jsonObject()
                    finish = (final["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String
                }
                #expect(usage(of: final)?.completion == test.tokens)
                #expect(finish == test.finishReason)
            }
        }
    }

    /// `max_tokens` caps reasoning and content together: a cap inside the reasoning leaves no content.
    @Test func capCutsReasoning() async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/chat/completions",
                json: chatJSON(stream: true, ["reasoning_effort": "medium", "max_tokens": 10]))
            let deltas = exchange.outputEvents().compactMap {
                (try? $0.json()["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            }
            #expect(deltas.count == 10)
            #expect(deltas.allSatisfy { $0["reasoning_content"] != nil })
        }
    }

    /// Without `max_tokens`, `ignore_eos` runs to the end of the context, as in vLLM.
    @Test func ignoreEOSWithoutCapFillsTheContext() async throws {
        let configuration = MockServerConfiguration(maxModelLen: 16)
        try await withMockServer(configuration: configuration) { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/completions",
                json: completionJSON("one two three four", stream: false, ["ignore_eos": true]))
            #expect(usage(of: try exchange.jsonObject())?.completion == 12)
        }
    }

    /// Lengths vLLM refuses are refused with HTTP 400 and its error body, and are not numbered.
    @Test(arguments: [
        ["max_tokens": 0] as [String: any Sendable], ["max_tokens": 100, "min_tokens": 101],
        ["max_tokens": 32_765], ["max_tokens": Int.max],
    ])
    func invalidLengths(fields: [String: any Sendable]) async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/completions", json: completionJSON("a b c d", stream: false, fields))
            #expect(exchange.status == 400)
            let error = try exchange.jsonObject()
            #expect(error["object"] as? String == "error" && error["type"] as? String == "BadRequestError")
            #expect(error["code"] as? Int == 400)
            #expect(server.statistics.requests == 0 && server.statistics.rejected == 1)
        }
    }
}
