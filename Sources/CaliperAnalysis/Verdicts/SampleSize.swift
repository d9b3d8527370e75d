import CaliperCore
import Foundation

/// Whether a comparison had enough requests per level to test a figure at its threshold, and how
/// many it would need: a run too small to see a +10 % change must say so, not pass as "inconclusive".
///
/// The need is the larger of two bounds:
/// - a percentile needs a distribution-free interval at all: among n requests the largest is an
///   upper bound for the p-quantile with confidence 1 − pⁿ, so n ≥ ln(α/2) / ln(p) (368 for a p99
///   at α 0.05; 36 for a p90);
/// - the threshold must exceed the minimum detectable effect, which shrinks as 1/√n: with the
///   observed spread, n · (MDE / threshold)² requests (for means, throughputs and rates this is the
///   whole bound).
///
/// ```swift
/// SampleSize.needed(statistic: .p99, have: 30, alpha: 0.05, detectable: nil, threshold: 0.10)   // 368
/// SampleSize.needed(statistic: .mean, have: 30, alpha: 0.05, detectable: 0.2, threshold: 0.10)  // 120
/// ```
public struct SampleSize: Sendable, Equatable, Codable {
    /// Requests per level on the smaller side.
    public var have: Int
    /// Requests per level (each side) needed to test the figure at its threshold; nil when no bound applies.
    public var needed: Int?

    public init(have: Int, needed: Int?) {
        self.have = have
        self.needed = needed
    }

    public var isEnough: Bool { needed.map { have >= $0 } ?? true }

    /// The least n with a distribution-free (1 − alpha) interval for the quantile of `statistic`,
    /// or nil for a statistic that is not a percentile.
    public static func orderStatisticMinimum(_ statistic: Statistic, alpha: Double) -> Int? {
        guard let rank = statistic.percentileRank, rank > 0, rank < 100 else { return nil }
        let p = Swift.max(rank, 100 - rank) / 100
        return Int((log(alpha / 2) / log(p)).rounded(.up))
    }

    /// The requests per level needed; nil when neither bound applies (no spread and no percentile).
    public static func needed(
        statistic: Statistic, have: Int, alpha: Double, detectable: Double?, threshold: Double
    ) -> Int? {
        var bounds: [Int] = []
        if let minimum = orderStatisticMinimum(statistic, alpha: alpha) { bounds.append(minimum) }
        if let detectable, detectable.isFinite, threshold > 0, have > 0 {
            let scaled = Double(have) * (detectable / threshold) * (detectable / threshold)
            // Capped so that a figure with almost no spread in its threshold cannot overflow Int.
            bounds.append(Int(Swift.min(scaled.rounded(.up), 1e9)))
        }
        return bounds.max()
    }

    /// `needs ≥ 368 requests per level to detect +10% (has 30)`.
    public func phrase(detecting threshold: String) -> String {
        guard let needed else { return "enough requests" }
        return "needs ≥ \(needed) requests per level to detect \(threshold) (has \(have))"
    }
}
