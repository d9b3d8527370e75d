import CaliperMockServer
import Foundation
import Testing

struct CompletionsTests {
    /// A non-streaming completion has vLLM's `text_completion` shape and usage.
    @Test func nonStreamingAnswer() async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/completions", json: completionJSON("Once upon a time", stream: false))
            #expect(exchange.status == 200)
            let object = try exchange.jsonObject()
            #expect(object["object"] as? String == "text_completion")
            #expect((object["id"] as? String)?.hasPrefix("cmpl-") == true)
            let choice = try #require((object["choices"] as? [[String: Any]])?.first)
            #expect(choice["text"] as? String == "the model generates token stream output for benchmark")
            #expect(choice["finish_reason"] as? String == "stop")
            #expect(choice["logprobs"] is NSNull)
            #expect(try #require(usage(of: object)) == (prompt: 4, completion: 8, total: 12))
        }
    }

    /// A completions stream has no role chunk: every chunk before usage carries one token of `text`.
    @Test func streamingAnswer() async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/completions", json: completionJSON(stream: true))
            #expect(exchange.isComplete && exchange.endsWithDone)
            let chunks = try exchange.events.dropLast().map { try $0.json() }
            #expect(chunks.count == 8 + 1)
            #expect(chunks.prefix(8).map { TimedEvent.outputText(of: $0) ?? "" }.joined()
                == "the model generates token stream output for benchmark")
            #expect(chunks.allSatisfy { $0["object"] as? String == "text_completion" })
            #expect(try #require(usage(of: chunks[8])) == (prompt: 4, completion: 8, total: 12))
        }
    }

    /// Prompt tokens are whitespace-separated words, or one per token id, summed over a list.
    @Test(arguments: [
        (["a b", "c d e"] as any Sendable, 5), ([1, 2, 3] as any Sendable, 3), ([[1, 2], [3]] as any Sendable, 3),
        ("  spaced\tout\nwords  " as any Sendable, 3), ("" as any Sendable, 0),
    ])
    func promptShapes(prompt: any Sendable, expected: Int) async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/completions", json: requestJSON(["prompt": prompt, "max_tokens": 2]))
            #expect(exchange.status == 200)
            #expect(usage(of: try exchange.jsonObject())?.prompt == expected)
        }
    }
}
