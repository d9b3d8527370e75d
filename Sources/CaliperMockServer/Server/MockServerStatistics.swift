/// Counts over everything a server has been asked, for a test's quick checks.
///
/// ```swift
/// let stats = server.statistics
/// #expect(stats.requests == 20 && stats.faults[.httpError] == 5)
/// ```
public struct MockServerStatistics: Sendable, Equatable {
    /// Generation requests admitted (numbered), streaming or not.
    public var requests: Int = 0
    /// Of them, the streaming ones.
    public var streams: Int = 0
    /// Admitted requests the server is done with.
    public var finished: Int = 0
    /// Requests finished without an injected fault and without the client leaving early.
    public var completed: Int = 0
    /// Admitted requests per injected fault; a fault that never happened is absent.
    public var faults: [MockFault: Int] = [:]
    /// Requests refused with a 4xx (bad JSON, unknown model, too long): never numbered.
    public var rejected: Int = 0
    /// Generation requests being served now.
    public var inFlight: Int = 0
    /// The most generation requests served at once.
    public var maxInFlight: Int = 0
    /// Requests whose client went away before the answer was written.
    public var clientDisconnects: Int = 0

    public init() {}
}
