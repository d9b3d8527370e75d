/// What the server did with one generation request: the injected truth for that request and what
/// was actually sent, for checking a client's measurement request by request.
///
/// ```swift
/// let record = server.records[0]
/// record.ttft                   // 0.05: the TTFT this request was given
/// record.firstTokenSentAfter    // 0.0501: when the server actually handed the first chunk to the socket
/// ```
public struct MockRequestRecord: Sendable, Equatable {
    /// Arrival number among generation requests, from 1 (the count ``MockBehavior/failEvery`` uses).
    public var number: Int
    /// Arrival number among streaming requests, from 1; nil for a non-streaming request.
    public var streamNumber: Int?
    public var endpoint: MockEndpoint
    /// The model name the answer carries.
    public var model: String
    public var stream: Bool
    /// `usage.prompt_tokens`: whitespace-separated words of the prompt (or token ids given as such).
    public var promptTokens: Int
    /// `usage.completion_tokens` of a complete answer, reasoning included.
    public var completionTokens: Int
    /// How many of ``completionTokens`` are `reasoning_content`.
    public var reasoningTokens: Int
    /// `stop` or `length`.
    public var finishReason: String
    /// The injected failure, if any.
    public var fault: MockFault?
    /// Seconds from arrival to the first output chunk, as injected for this request (slowdown included).
    public var ttft: Double
    /// Seconds between output chunks, as injected for this request (slowdown included).
    public var interTokenDelay: Double
    /// When the request's head reached the handler, on the continuous clock: the origin of ``ttft`` and
    /// of every ``scheduledOffset(ofToken:)``. A client in the same process can subtract its own send time
    /// to see how long the request took to reach the server.
    public var arrival: ContinuousClock.Instant
    /// Generation requests already in flight when this one arrived.
    public var othersInFlight: Int
    /// Output chunks written (for a non-streaming answer: all of them once the body is sent).
    public var tokensSent: Int = 0
    /// Seconds from arrival to the moment the first output chunk was handed to the connection: the
    /// server's own lateness against ``ttft``. For a non-streaming answer, when the body was handed over.
    public var firstTokenSentAfter: Double?
    /// Seconds from arrival to the moment the last output chunk was handed to the connection.
    public var lastTokenSentAfter: Double?
    /// Whether the server is done with the request.
    public var isFinished: Bool = false
    /// Whether a write failed because the client had gone.
    public var clientDisconnected: Bool = false

    /// The scheduled send time of output chunk `index`, in seconds after arrival: `ttft + index · delay`.
    ///
    /// ```swift
    /// record.scheduledOffset(ofToken: 0)   // == record.ttft
    /// ```
    public func scheduledOffset(ofToken index: Int) -> Double {
        ttft + Double(index) * interTokenDelay
    }
}
