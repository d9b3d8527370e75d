/// One run's reading of a ``TrendSubject``, as the store returns it for a trend: the run's keys (to
/// name what changed between runs), the figure the source reported, and only the rows its
/// uncertainty comes from — one column of one point's requests or sums over them, or one
/// dataset's question scores.
///
/// ```swift
/// let observations = try store.trend(TrendQuery(filter: filter, subject: .score(dataset: "aime25")))
/// observations[0].value      // 0.8: the stored primary score
/// observations[0].evidence   // .questionScores([1, 0.75, 1, …]): one mean per question
/// ```
public struct TrendObservation: Sendable, Equatable {
    /// What the rows behind the figure say, for its interval: the values themselves where the
    /// statistic needs them (percentiles, question scores), else the sums SQL computes over them.
    public enum Evidence: Sendable, Equatable {
        /// Nothing beyond the figure (and ``TrendObservation/count``).
        case none
        /// The metric's value for each successful request of the point (latency, TTFT, TPOT, ITL,
        /// token counts), in completion order: what a percentile's interval needs.
        case requestValues([Double])
        /// Count, mean and sample variance (0 below two) of the metric over the point's successful
        /// requests: what a mean's interval needs.
        case requestMoments(count: Int, mean: Double, variance: Double)
        /// Over the point's timed requests (latency > 0): their count and the sums Σy, Σx, Σy², Σxy,
        /// Σx² of y, the tokens the throughput counts (0 for a failed request; for requests/s, 1 for
        /// a successful one), and x, the latency in seconds: what a throughput's ratio estimator needs.
        case ratioSums(count: Int, y: Double, x: Double, yy: Double, xy: Double, xx: Double)
        /// How many of the point's requests succeeded, of how many: the success rate's interval.
        case successes(Int, of: Int)
        /// Each question's score, its repeats averaged (the subset keeps equal question ids apart).
        case questionScores([Double])
    }

    public var runID: Int64
    /// When the run was ingested (UTC, ISO 8601).
    public var ingestedAt: String
    /// The run's keys, labels and ``Run/runAt``: what tells two runs' setups apart. No points,
    /// scores or samples, and no checkpoint, paths, URL or content hash.
    public var run: Run
    /// The figure as the source reported it; nil when it reported none (the evidence may still give one).
    public var value: Double?
    /// Perf: requests measured at the point. Eval: the samples the score is over, as the source counts.
    public var count: Int?
    /// Eval: the canonical name of the run's primary metric for the dataset (`accuracy`).
    public var scoreMetric: String?
    public var evidence: Evidence

    public init(
        runID: Int64, ingestedAt: String, run: Run, value: Double?, count: Int? = nil, scoreMetric: String? = nil,
        evidence: Evidence = .none
    ) {
        self.runID = runID
        self.ingestedAt = ingestedAt
        self.run = run
        self.value = value
        self.count = count
        self.scoreMetric = scoreMetric
        self.evidence = evidence
    }

    /// `run_at`, else the ingest time, both UTC (`2026-11-24T11:00:48Z`): when the run happened as
    /// far as the store knows, in a form that orders as text.
    public var time: String { run.runAt?.utcText ?? ingestedAt }
}
