/// What one generation request will get, worked out from its body before any byte is sent: a pure
/// function of the request, the behavior and the configuration, so the rules are testable alone.
///
/// Length: the natural answer is the reasoning tokens plus ``MockBehavior/outputTokens``. `min_tokens`
/// raises it, `max_tokens` (or `max_completion_tokens`) caps it, and `ignore_eos` makes it exactly the
/// cap, as vLLM does. Without a cap the context left after the prompt is the cap. `finish_reason` is
/// `length` when the answer stops at the cap, else `stop`.
///
/// ```swift
/// let plan = try GenerationPlan(request: request, endpoint: .chatCompletions,
///                               behavior: MockBehavior(), configuration: MockServerConfiguration())
/// plan.completionTokens   // 64 for a request without max_tokens
/// ```
struct GenerationPlan: Sendable, Equatable {
    var endpoint: MockEndpoint
    /// The model name echoed in every chunk.
    var model: String
    var stream: Bool
    /// Whether a streaming answer ends with a usage-only chunk.
    var includeUsage: Bool
    var promptTokens: Int
    /// Output tokens in the answer, reasoning included.
    var completionTokens: Int
    /// The first `reasoningTokens` of ``completionTokens`` are `reasoning_content` (chat only).
    var reasoningTokens: Int
    /// `stop` or `length`.
    var finishReason: String

    init(
        request: GenerationRequest, endpoint: MockEndpoint, behavior: MockBehavior,
        configuration: MockServerConfiguration
    ) throws(MockRequestError) {
        let model = request.model ?? configuration.model
        if configuration.rejectsUnknownModels && model != configuration.model {
            throw MockRequestError(
                status: 404, type: "NotFoundError", message: "The model `\(model)` does not exist.")
        }
        let promptTokens: Int
        switch endpoint {
        case .completions:
            guard let prompt = request.prompt else {
                throw .badRequest("Either prompt or prompt_embeds must be provided and non-empty.")
            }
            promptTokens = prompt.tokenCount
        case .chatCompletions:
            guard let messages = request.messages, !messages.isEmpty else {
                throw .badRequest("messages must be a non-empty list.")
            }
            promptTokens = messages.reduce(0) { $0 + PromptTokenCounter.count($1.text) }
        }

        let requestedCap = request.maxTokens ?? request.maxCompletionTokens
        let cap = requestedCap ?? (configuration.maxModelLen - promptTokens)
        if let requestedCap, requestedCap < 1 {
            throw .badRequest("max_tokens must be at least 1, got \(requestedCap).")
        }
        // max_tokens is any JSON integer: added without trapping on overflow.
        let (total, overflow) = promptTokens.addingReportingOverflow(max(cap, 1))
        if overflow || total > configuration.maxModelLen {
            throw .badRequest(
                "This model's maximum context length is \(configuration.maxModelLen) tokens. However, you "
                    + "requested \(overflow ? "more than \(Int.max)" : "\(total)") tokens (\(promptTokens) in the messages, "
                    + "\(max(cap, 1)) in the completion). Please reduce the length of the messages or completion.")
        }
        let minTokens = request.minTokens ?? 0
        if minTokens < 0 || minTokens > cap {
            throw .badRequest("min_tokens must be between 0 and max_tokens (\(cap)), got \(minTokens).")
        }

        // Reasoning is a chat feature in vLLM: the completions endpoint has no reasoning parser.
        let reasoning = endpoint == .chatCompletions ? behavior.reasoningTokenCount(effort: request.effort) : 0
        let natural = reasoning + max(1, behavior.outputTokens)
        let length = request.ignoreEOS == true ? cap : min(max(natural, minTokens), cap)

        self.endpoint = endpoint
        self.model = model
        self.stream = request.stream ?? false
        self.includeUsage = request.streamOptions?.includeUsage ?? false
        self.promptTokens = promptTokens
        self.completionTokens = length
        self.reasoningTokens = min(reasoning, length)
        self.finishReason = length == cap ? "length" : "stop"
    }
}
