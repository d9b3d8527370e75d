/// One sample's quantile (a run's TTFT p99) with a distribution-free standard error: the spacing of
/// the order statistics at ranks n·p ± 1.5·√(n·p(1−p)) estimates the density at the quantile, so no
/// shape is assumed. ``TwoSampleComparison`` combines two of these for a difference of quantiles.
///
/// The standard error is calibrated when n · min(p, 1 − p) is at least
/// ``TwoSampleComparison/minimumTailCountForAnalytic`` (5 requests beyond the quantile); with fewer,
/// ``estimate(_:p:level:)`` gives nil rather than an interval narrower than it should be.
///
/// ```swift
/// let p99 = QuantileEstimate.estimate(ttfts, p: 0.99)   // 2,000 requests
/// p99?.value      // 0.212 (nearest rank)
/// p99?.interval   // [0.198, 0.226] at 95 %
/// ```
public struct QuantileEstimate: Sendable, Equatable, Codable {
    /// The nearest-rank quantile of the sample.
    public var value: Double
    public var standardError: Double
    /// value ± z · standardError.
    public var interval: ConfidenceInterval
    public var count: Int

    /// Rank half-width of the order-statistic spacing, in binomial standard deviations. 1.5 keeps
    /// A/A false alarms near 5 % from p50 to p99 on log-normal latencies (n = 300…10,000).
    static let spacingWidth = 1.5

    /// The estimate of quantile `p` (in (0, 1)) of the finite `values`; nil when fewer than
    /// ``TwoSampleComparison/minimumTailCountForAnalytic`` values lie beyond it.
    public static func estimate(_ values: [Double], p: Double, level: Double = 0.95) -> QuantileEstimate? {
        let finite = values.filter(\.isFinite)
        guard Double(finite.count) * Swift.min(p, 1 - p) >= TwoSampleComparison.minimumTailCountForAnalytic,
              let (value, se) = withStandardError(finite, p: p)
        else { return nil }
        let z = NormalDistribution.quantile(0.5 + level / 2)
        return QuantileEstimate(
            value: value, standardError: se,
            interval: ConfidenceInterval(lower: value - z * se, upper: value + z * se, level: level),
            count: finite.count)
    }

    /// The nearest-rank quantile and its standard error (x₍ᵤ₎ − x₍ₗ₎)·√(np(1−p)) / (u − l), or nil
    /// when the ranks l, u fall outside the sample. No check of the tail count: callers decide.
    static func withStandardError(_ values: [Double], p: Double) -> (value: Double, se: Double)? {
        let n = values.count
        let centre = Double(n) * p
        let half = spacingWidth * (centre * (1 - p)).squareRoot()
        let lower = Int((centre - half).rounded(.down))
        let upper = Int((centre + half).rounded(.up))
        guard lower >= 1, upper <= n, upper > lower else { return nil }
        var copy = values
        let rank = OrderStatistics.nearestRank(p * 100, count: n)
        let picked = OrderStatistics.select(&copy, ranks: [lower - 1, rank, upper - 1])
        let se = (picked[2] - picked[0]) * (centre * (1 - p)).squareRoot() / Double(upper - lower)
        return (picked[1], se)
    }
}
