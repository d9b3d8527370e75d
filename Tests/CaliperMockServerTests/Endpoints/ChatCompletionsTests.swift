import CaliperMockServer
import Foundation
import Testing

struct ChatCompletionsTests {
    /// A non-streaming chat answer has vLLM's `chat.completion` shape, the natural length and usage.
    @Test func nonStreamingAnswer() async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/chat/completions", json: chatJSON("Say something about benchmarks", stream: false))
            #expect(exchange.status == 200)
            #expect(exchange.headers["content-type"] == "application/json")
            let object = try exchange.jsonObject()
            #expect(object["object"] as? String == "chat.completion")
            #expect(object["model"] as? String == "gpt-oss-20b")
            #expect((object["id"] as? String)?.hasPrefix("chatcmpl-") == true)
            let choice = try #require((object["choices"] as? [[String: Any]])?.first)
            let message = try #require(choice["message"] as? [String: Any])
            #expect(message["role"] as? String == "assistant")
            #expect(message["content"] as? String == "the model generates token stream output for benchmark")
            #expect(message["reasoning_content"] is NSNull)
            #expect(choice["finish_reason"] as? String == "stop")
            let tokens = try #require(usage(of: object))
            #expect(tokens == (prompt: 4, completion: 8, total: 12))
        }
    }

    /// A stream opens with the role-only chunk, sends one chunk per token (the last with
    /// `finish_reason`), then the usage-only chunk and `[DONE]`.
    @Test func streamingAnswer() async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/chat/completions", json: chatJSON("two words", stream: true))
            #expect(exchange.status == 200)
            #expect(exchange.headers["content-type"] == "text/event-stream; charset=utf-8")
            #expect(exchange.isComplete)
            #expect(exchange.endsWithDone)
            #expect(exchange.events.allSatisfy { $0.text.hasPrefix("data: ") })

            let chunks = try exchange.events.dropLast().map { try $0.json() }
            #expect(chunks.count == 1 + 8 + 1)
            let role = try #require((chunks[0]["choices"] as? [[String: Any]])?.first)
            let roleDelta = try #require(role["delta"] as? [String: Any])
            #expect(roleDelta.count == 2 && roleDelta["role"] as? String == "assistant" && roleDelta["content"] as? String == "")

            let content = chunks[1...8].compactMap { TimedEvent.outputText(of: $0) }
            #expect(content == ["the", " model", " generates", " token", " stream", " output", " for", " benchmark"])
            let finishReasons = chunks[1...8].map { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
            #expect(finishReasons == Array(repeating: nil, count: 7) + ["stop"])
            #expect(chunks[1...8].allSatisfy { $0["object"] as? String == "chat.completion.chunk" })

            let last = chunks[9]
            #expect((last["choices"] as? [Any])?.isEmpty == true)
            #expect(try #require(usage(of: last)) == (prompt: 2, completion: 8, total: 10))
        }
    }

    /// Without `stream_options.include_usage` the last token is followed directly by `[DONE]`.
    @Test func streamingWithoutUsage() async throws {
        try await withMockServer { server in
            let body = requestJSON(["messages": [["role": "user", "content": "hi"]], "stream": true])
            let exchange = try await RawHTTPClient.send(port: server.port, path: "/v1/chat/completions", json: body)
            #expect(exchange.events.count == 1 + 8 + 1)
            #expect(exchange.endsWithDone)
            #expect(try exchange.events.dropLast().allSatisfy { try usage(of: $0.json()) == nil })
        }
    }

    /// `reasoning_effort` (top level or in `extra_body`) puts `reasoning_content` tokens first; they
    /// count as output (the first of them is the first token) and in `completion_tokens`.
    @Test(arguments: [["reasoning_effort": "low"], ["extra_body": ["reasoning_effort": "low"]]] as [[String: any Sendable]])
    func reasoningComesFirst(effort: [String: any Sendable]) async throws {
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(
                port: server.port, path: "/v1/chat/completions", json: chatJSON(stream: true, effort))
            let output = try exchange.outputEvents().map { try $0.json() }
            #expect(output.count == 24 + 8)
            let deltas = output.compactMap { ($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any] }
            #expect(deltas.prefix(24).allSatisfy { $0["reasoning_content"] != nil && $0["content"] == nil })
            #expect(deltas.suffix(8).allSatisfy { $0["content"] != nil && $0["reasoning_content"] == nil })
            let usageChunk = try #require(exchange.events.dropLast().last).json()
            #expect(usage(of: usageChunk)?.completion == 32)

            let whole = try await RawHTTPClient.send(
                port: server.port, path: "/v1/chat/completions", json: chatJSON(stream: false, effort))
            let message = try #require(
                ((try whole.jsonObject()["choices"] as? [[String: Any]])?.first)?["message"] as? [String: Any])
            #expect((message["reasoning_content"] as? String)?.split(separator: " ").count == 24)
            #expect((message["content"] as? String)?.split(separator: " ").count == 8)
        }
    }

    /// A message's content may be a list of parts; only text parts count toward prompt tokens.
    @Test func contentPartsCountAsText() async throws {
        try await withMockServer { server in
            let body = requestJSON([
                "messages": [
                    ["role": "system", "content": "be brief"],
                    ["role": "user", "content": [["type": "text", "text": "three more words"], ["type": "image_url"]]],
                ]
            ])
            let exchange = try await RawHTTPClient.send(port: server.port, path: "/v1/chat/completions", json: body)
            #expect(usage(of: try exchange.jsonObject())?.prompt == 5)
        }
    }
}
