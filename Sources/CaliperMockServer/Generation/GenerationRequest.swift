/// The fields of an OpenAI completions or chat completions request that the mock honours. Anything
/// else in the body is ignored, as vLLM ignores sampling parameters that do not change timing.
///
/// ```swift
/// let request = try JSONDecoder().decode(GenerationRequest.self, from: Data(#"{"prompt":"hi"}"#.utf8))
/// request.prompt   // .texts(["hi"])
/// ```
struct GenerationRequest: Decodable, Sendable {
    var model: String?
    var prompt: PromptInput?
    var messages: [ChatMessage]?
    var maxTokens: Int?
    var maxCompletionTokens: Int?
    var minTokens: Int?
    var ignoreEOS: Bool?
    var stream: Bool?
    var streamOptions: StreamOptions?
    var reasoningEffort: String?
    var extraBody: ExtraBody?

    /// `stream_options` of a streaming request.
    struct StreamOptions: Decodable, Sendable {
        var includeUsage: Bool?

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    /// `extra_body` as a raw client may send it; OpenAI's Python client merges it into the top level
    /// instead, so both places are read.
    struct ExtraBody: Decodable, Sendable {
        var reasoningEffort: String?

        enum CodingKeys: String, CodingKey {
            case reasoningEffort = "reasoning_effort"
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, prompt, messages, stream
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case minTokens = "min_tokens"
        case ignoreEOS = "ignore_eos"
        case streamOptions = "stream_options"
        case reasoningEffort = "reasoning_effort"
        case extraBody = "extra_body"
    }

    /// `reasoning_effort` from the top level, else from `extra_body`.
    var effort: String? { reasoningEffort ?? extraBody?.reasoningEffort }
}
