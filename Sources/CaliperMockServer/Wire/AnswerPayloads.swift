/// The JSON of one answer, chunk by chunk or whole, shaped as vLLM 0.10 shapes it.
///
/// Streaming chat: a role-only chunk (`{"role":"assistant","content":""}`), one chunk per token
/// (`reasoning_content` first, then `content`; the last carries `finish_reason`), then, when asked, a
/// usage-only chunk with `choices: []`. Completions stream the same way with `text` and no role chunk.
///
/// ```swift
/// let payloads = AnswerPayloads(plan: plan, id: "chatcmpl-mock-1", created: 1_700_000_000)
/// payloads.tokenChunk(0).text
/// // {"id":"chatcmpl-mock-1","object":"chat.completion.chunk",…,"delta":{"content":"the"},…}
/// ```
struct AnswerPayloads: Sendable {
    var plan: GenerationPlan
    var id: String
    var created: Int

    private var isChat: Bool { plan.endpoint == .chatCompletions }
    private var chunkObject: JSONValue { isChat ? "chat.completion.chunk" : "text_completion" }

    /// The chat stream's first chunk, which carries no output and so is not the first token.
    func roleChunk() -> JSONValue {
        chunk(choice: [
            ("index", 0), ("delta", .object([("role", "assistant"), ("content", "")])), ("logprobs", .null),
            ("finish_reason", .null),
        ])
    }

    /// The chunk of output token `index` (0-based over reasoning then content).
    func tokenChunk(_ index: Int) -> JSONValue {
        let finish: JSONValue = index == plan.completionTokens - 1 ? .string(plan.finishReason) : .null
        if isChat {
            let delta: JSONValue =
                index < plan.reasoningTokens
                ? .object([("reasoning_content", .string(TokenText.token(index)))])
                : .object([("content", .string(TokenText.token(index - plan.reasoningTokens)))])
            return chunk(choice: [
                ("index", 0), ("delta", delta), ("logprobs", .null), ("finish_reason", finish),
            ])
        }
        return chunk(choice: [
            ("index", 0), ("text", .string(TokenText.token(index))), ("logprobs", .null),
            ("finish_reason", finish), ("stop_reason", .null),
        ])
    }

    /// The usage-only chunk that ends a stream sent with `stream_options.include_usage`.
    func usageChunk() -> JSONValue {
        .object([
            ("id", .string(id)), ("object", chunkObject), ("created", .int(created)), ("model", .string(plan.model)),
            ("choices", .array([])), ("usage", usage),
        ])
    }

    /// The whole answer of a non-streaming request.
    func completeResponse() -> JSONValue {
        let content = TokenText.text(tokens: plan.completionTokens - plan.reasoningTokens)
        if isChat {
            let reasoning: JSONValue =
                plan.reasoningTokens > 0 ? .string(TokenText.text(tokens: plan.reasoningTokens)) : .null
            let message: JSONValue = .object([
                ("role", "assistant"), ("reasoning_content", reasoning), ("content", .string(content)),
                ("tool_calls", .array([])),
            ])
            return .object([
                ("id", .string(id)), ("object", "chat.completion"), ("created", .int(created)),
                ("model", .string(plan.model)),
                ("choices", .array([.object([
                    ("index", 0), ("message", message), ("logprobs", .null),
                    ("finish_reason", .string(plan.finishReason)), ("stop_reason", .null),
                ])])),
                ("usage", usage), ("prompt_logprobs", .null),
            ])
        }
        return .object([
            ("id", .string(id)), ("object", "text_completion"), ("created", .int(created)),
            ("model", .string(plan.model)),
            ("choices", .array([.object([
                ("index", 0), ("text", .string(content)), ("logprobs", .null),
                ("finish_reason", .string(plan.finishReason)), ("stop_reason", .null), ("prompt_logprobs", .null),
            ])])),
            ("usage", usage),
        ])
    }

    private var usage: JSONValue {
        .object([
            ("prompt_tokens", .int(plan.promptTokens)),
            ("total_tokens", .int(plan.promptTokens + plan.completionTokens)),
            ("completion_tokens", .int(plan.completionTokens)), ("prompt_tokens_details", .null),
        ])
    }

    private func chunk(choice: [(String, JSONValue)]) -> JSONValue {
        .object([
            ("id", .string(id)), ("object", chunkObject), ("created", .int(created)), ("model", .string(plan.model)),
            ("choices", .array([.object(choice)])),
        ])
    }
}
