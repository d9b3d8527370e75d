import CaliperCore

/// The JSON body of one benchmark request, built as `evalscope perf` builds it: `prompt` (or
/// `messages` for chat), `model`, `max_tokens`, `min_tokens` when given, `stream` with
/// `stream_options.include_usage` (so the last event carries the token counts), `temperature`,
/// and the extra arguments merged in verbatim (`{"ignore_eos": true}`, `{"reasoning_effort": "low"}`).
///
/// ```swift
/// let body = RequestBody(endpoint: .completions, model: "gpt-oss-20b", maxTokens: 1024, minTokens: 1024,
///                        extraArguments: ["ignore_eos": .bool(true)])
/// body.json(for: .text("Hello"))   // {"ignore_eos":true,"max_tokens":1024,...,"prompt":"Hello",...}
/// ```
public struct RequestBody: Sendable, Equatable {
    public enum Endpoint: String, Sendable, Equatable {
        case completions
        case chat

        /// From the URL's path: `…/chat/completions` is chat, anything else completions.
        public init(url: String) {
            self = url.hasSuffix("/chat/completions") ? .chat : .completions
        }
    }

    public var endpoint: Endpoint
    public var model: String
    public var maxTokens: Int?
    public var minTokens: Int?
    public var temperature: Double
    public var stream: Bool
    public var extraArguments: [String: JSONValue]

    public init(
        endpoint: Endpoint, model: String, maxTokens: Int? = nil, minTokens: Int? = nil, temperature: Double = 0,
        stream: Bool = true, extraArguments: [String: JSONValue] = [:]
    ) {
        self.endpoint = endpoint
        self.model = model
        self.maxTokens = maxTokens
        self.minTokens = minTokens
        self.temperature = temperature
        self.stream = stream
        self.extraArguments = extraArguments
    }

    public func json(for prompt: Prompt) -> String {
        var object = extraArguments
        object["model"] = .string(model)
        object["temperature"] = .double(temperature)
        object["stream"] = .bool(stream)
        if stream { object["stream_options"] = .object(["include_usage": .bool(true)]) }
        if let maxTokens { object["max_tokens"] = .int(Int64(maxTokens)) }
        if let minTokens { object["min_tokens"] = .int(Int64(minTokens)) }
        switch (endpoint, prompt) {
        case (.completions, .text(let text)): object["prompt"] = .string(text)
        case (.chat, .text(let text)): object["messages"] = .array([.object(["role": .string("user"), "content": .string(text)])])
        case (_, .messages(let messages)): object["messages"] = messages
        }
        return JSONValue.object(object).canonicalJSON
    }

    /// The generation settings as stored on the run, keyed like an imported EvalScope run's
    /// (`max_tokens`, `min_tokens`, `temperature`, `stream`, `extra_args`), so the two compare.
    public var generationConfig: GenerationConfig {
        var raw: [String: JSONValue] = ["temperature": .double(temperature), "stream": .bool(stream)]
        if let maxTokens { raw["max_tokens"] = .int(Int64(maxTokens)) }
        if let minTokens { raw["min_tokens"] = .int(Int64(minTokens)) }
        if !extraArguments.isEmpty { raw["extra_args"] = .object(extraArguments) }
        return GenerationConfig(raw)
    }
}
