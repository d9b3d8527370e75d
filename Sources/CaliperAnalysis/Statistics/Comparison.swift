import CaliperCore

/// One statistic compared between a baseline and a candidate: the values, the difference
/// candidate − baseline (absolute, and relative as ratio − 1), its interval and its p-value.
///
/// Produced by ``TwoSampleComparison``, ``ThroughputEstimate/compare(baseline:candidate:level:)``
/// and ``PairedEvalComparison``; ``Decision`` turns it into a verdict. Intervals and p-values are
/// nil when the samples are too small for a calibrated answer (a p99 of 30 requests is their max).
public struct Comparison: Sendable, Equatable, Codable {
    public var statistic: Statistic
    public var baseline: Double
    public var candidate: Double
    public var baselineCount: Int
    public var candidateCount: Int
    /// candidate − baseline, in the metric's unit (for eval scores, a fraction: 0.02 is 2 pp).
    public var absoluteDelta: Double
    /// candidate / baseline − 1; nil when the baseline is 0.
    public var relativeDelta: Double?
    public var absoluteInterval: ConfidenceInterval?
    public var relativeInterval: ConfidenceInterval?
    /// Standard errors of the two deltas, for the minimum detectable effect.
    public var standardError: Double?
    public var relativeStandardError: Double?
    /// Two-sided p-value of "no difference", unadjusted.
    public var pValue: Double?
    public var intervalMethod: ComparisonMethod
    public var testMethod: ComparisonMethod
    /// Why there is no interval, when there is none.
    public var limitation: String?

    public init(
        statistic: Statistic, baseline: Double, candidate: Double, baselineCount: Int, candidateCount: Int,
        absoluteInterval: ConfidenceInterval? = nil, relativeInterval: ConfidenceInterval? = nil,
        standardError: Double? = nil, relativeStandardError: Double? = nil, pValue: Double? = nil,
        intervalMethod: ComparisonMethod = .none, testMethod: ComparisonMethod = .none, limitation: String? = nil
    ) {
        self.statistic = statistic
        self.baseline = baseline
        self.candidate = candidate
        self.baselineCount = baselineCount
        self.candidateCount = candidateCount
        self.absoluteDelta = candidate - baseline
        self.relativeDelta = baseline == 0 ? nil : candidate / baseline - 1
        self.absoluteInterval = absoluteInterval
        self.relativeInterval = relativeInterval
        self.standardError = standardError
        self.relativeStandardError = relativeStandardError
        self.pValue = pValue
        self.intervalMethod = intervalMethod
        self.testMethod = testMethod
        self.limitation = limitation
    }
}
