/// One load level of a perf run: a concurrency (closed loop) or request rate (open loop), its
/// aggregate metrics as the source reported them, and its individual requests.
public struct PerfPoint: Sendable, Equatable, Codable {
    /// Requests in flight; nil in open loop.
    public var concurrency: Int?
    /// Requested arrival rate in requests/s; nil when unlimited (closed loop).
    public var requestRate: Double?
    /// Measured requests (warm-up excluded), failed ones included.
    public var requests: Int
    /// Wall time of the point in seconds, when known.
    public var durationSeconds: Double?
    /// Aggregates in canonical units.
    public var metrics: MetricTable
    /// One record per measured request, in completion order; empty when the source kept none.
    public var records: [RequestRecord]

    public init(
        concurrency: Int?, requestRate: Double? = nil, requests: Int, durationSeconds: Double? = nil,
        metrics: MetricTable = MetricTable(), records: [RequestRecord] = []
    ) {
        self.concurrency = concurrency
        self.requestRate = requestRate
        self.requests = requests
        self.durationSeconds = durationSeconds
        self.metrics = metrics
        self.records = records
    }
}

/// One measured request. Times in seconds; nil where the source has no value (failed requests).
public struct RequestRecord: Sendable, Equatable, Codable {
    /// Position in completion order, from 0.
    public var sequence: Int
    public var success: Bool
    /// Seconds from the point's first request start to this one's start.
    public var startOffset: Double?
    public var latency: Double?
    public var ttft: Double?
    public var tpot: Double?
    /// Mean gap between output chunks, and how many gaps there were.
    public var itlMean: Double?
    public var itlCount: Int?
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var isStream: Bool?
    /// The error text of a failed request, where the source kept it.
    public var error: String?

    public init(
        sequence: Int, success: Bool, startOffset: Double? = nil, latency: Double? = nil,
        ttft: Double? = nil, tpot: Double? = nil, itlMean: Double? = nil, itlCount: Int? = nil,
        inputTokens: Int? = nil, outputTokens: Int? = nil, isStream: Bool? = nil, error: String? = nil
    ) {
        self.sequence = sequence
        self.success = success
        self.startOffset = startOffset
        self.latency = latency
        self.ttft = ttft
        self.tpot = tpot
        self.itlMean = itlMean
        self.itlCount = itlCount
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.isStream = isStream
        self.error = error
    }
}
