/// What the mock server injects into every answer: the truth a measurement is checked against.
///
/// Timing is exact by default: output chunk `i` (0-based, reasoning first) leaves the server at
/// `arrival + ttft + i · interTokenDelay`, each on its own deadline of a monotonic clock, so late wake-ups
/// never add up. ``loadSlowdown`` makes both delays grow with the number of requests in flight, like a
/// real server; it is off unless set, because then the truth is one number per request, not per server.
///
/// Failures are chosen by arrival number, so a test knows in advance which requests will fail:
/// ``failEvery`` counts generation requests (both endpoints, streaming or not), the three stream faults
/// count streaming requests only. When one request qualifies for more than one, the first of fail,
/// close, in-band error, malformed line wins.
///
/// ```swift
/// var behavior = MockBehavior()
/// behavior.ttft = 0.050                 // 50 ms before the first token
/// behavior.interTokenDelay = 0.005      // then one token every 5 ms
/// behavior.outputTokens = 128           // answers of 128 tokens unless max_tokens is lower
/// behavior.failEvery = 4                // requests 4, 8, 12… get HTTP 500
/// behavior.closeEvery = 5               // streams 5, 10, 15… are cut after `faultAfterTokens` tokens
/// ```
public struct MockBehavior: Sendable, Equatable {
    /// Seconds from the request's arrival to the first output chunk (reasoning or content).
    public var ttft: Double = 0.050
    /// Seconds between consecutive output chunks; every chunk carries exactly one token.
    public var interTokenDelay: Double = 0.005
    /// Content tokens in a natural answer: the length when the request neither caps it with
    /// `max_tokens` nor stretches it with `min_tokens` / `ignore_eos`. At least 1 is used.
    public var outputTokens: Int = 64
    /// Reasoning tokens streamed as `reasoning_content` before the content when a chat request carries
    /// `reasoning_effort` (top level or inside `extra_body`). They count in `completion_tokens`, as in
    /// vLLM. An effort not listed here (such as `"none"`) gets none.
    public var reasoningTokens: [String: Int] = ["minimal": 8, "low": 24, "medium": 64, "high": 160]

    /// Every n-th generation request (1-based, counted on arrival) fails with HTTP 500 and a vLLM error
    /// body, sent `ttft` after arrival; nil never.
    public var failEvery: Int?
    /// Every n-th streaming request has its connection closed after ``faultAfterTokens`` output chunks,
    /// with neither usage nor `[DONE]` and without the chunked body's last chunk; nil never.
    public var closeEvery: Int?
    /// Every n-th streaming request sends `data: {"object":"error",…}` after ``faultAfterTokens`` output
    /// chunks, then `data: [DONE]`, and ends cleanly; nil never.
    public var errorEvery: Int?
    /// Every n-th streaming request sends the line `data: {not json` after ``faultAfterTokens`` output
    /// chunks and then carries on to a normal end; nil never.
    public var malformedEvery: Int?
    /// Output chunks sent before a stream fault. A shorter answer is faulted after its last token.
    public var faultAfterTokens: Int = 3

    /// Delays that grow with the requests in flight; nil keeps the truth independent of load.
    public var loadSlowdown: LoadSlowdown?

    /// The defaults: 50 ms TTFT, 5 ms between tokens, 64 content tokens, no failures, no slowdown.
    public init() {}

    /// The behavior with every delay and failure named.
    ///
    /// ```swift
    /// let behavior = MockBehavior(ttft: 0.02, interTokenDelay: 0.002, outputTokens: 16, failEvery: 3)
    /// ```
    public init(
        ttft: Double = 0.050, interTokenDelay: Double = 0.005, outputTokens: Int = 64,
        failEvery: Int? = nil, closeEvery: Int? = nil, errorEvery: Int? = nil, malformedEvery: Int? = nil,
        faultAfterTokens: Int = 3, loadSlowdown: LoadSlowdown? = nil
    ) {
        self.ttft = ttft
        self.interTokenDelay = interTokenDelay
        self.outputTokens = outputTokens
        self.failEvery = failEvery
        self.closeEvery = closeEvery
        self.errorEvery = errorEvery
        self.malformedEvery = malformedEvery
        self.faultAfterTokens = faultAfterTokens
        self.loadSlowdown = loadSlowdown
    }
}
