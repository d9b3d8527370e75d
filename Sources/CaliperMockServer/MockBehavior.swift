/// What the mock server injects into every response: the truth a measurement is checked against.
///
/// ```swift
/// var behavior = MockBehavior()
/// behavior.ttft = 0.050                 // 50 ms before the first token
/// behavior.interTokenDelay = 0.005      // then one token every 5 ms
/// behavior.failEvery = 4                // every 4th request fails
/// ```
public struct MockBehavior: Sendable, Equatable {
    /// Seconds from the request to the first output chunk.
    public var ttft: Double = 0.050
    /// Seconds between output chunks (one token per chunk).
    public var interTokenDelay: Double = 0.005
    /// Tokens in every answer unless the request asks for fewer with `max_tokens`.
    public var outputTokens: Int = 64
    /// Every n-th request (1-based) fails with HTTP 500; nil never.
    public var failEvery: Int?

    public init() {}
}
