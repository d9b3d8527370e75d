/// What the mock server says about itself: the served model and the vLLM version, as a real vLLM
/// deployment would report them from `/v1/models` and `/version`.
///
/// ```swift
/// var configuration = MockServerConfiguration()
/// configuration.model = "qwen3-8b"
/// configuration.maxModelLen = 8192
/// let server = try await MockServer.start(configuration: configuration)
/// ```
public struct MockServerConfiguration: Sendable, Equatable {
    /// The served model name: `/v1/models` lists it, and requests must name it (or no model at all).
    public var model: String = "gpt-oss-20b"
    /// The model's path or hub id, reported as `root` by `/v1/models`; nil reports ``model``.
    public var modelRoot: String?
    /// Context length: `/v1/models` reports it, and a prompt plus `max_tokens` beyond it is rejected
    /// with HTTP 400. Without `max_tokens` an answer is capped at what the context leaves.
    public var maxModelLen: Int = 32_768
    /// What `GET /version` answers.
    public var version: String = "0.10.1"
    /// Whether a request naming another model gets vLLM's HTTP 404; false serves it under the name asked.
    public var rejectsUnknownModels: Bool = true

    public init() {}

    /// The configuration with every field named.
    ///
    /// ```swift
    /// let configuration = MockServerConfiguration(model: "m", version: "0.11.0")
    /// ```
    public init(
        model: String = "gpt-oss-20b", modelRoot: String? = nil, maxModelLen: Int = 32_768,
        version: String = "0.10.1", rejectsUnknownModels: Bool = true
    ) {
        self.model = model
        self.modelRoot = modelRoot
        self.maxModelLen = maxModelLen
        self.version = version
        self.rejectsUnknownModels = rejectsUnknownModels
    }
}
