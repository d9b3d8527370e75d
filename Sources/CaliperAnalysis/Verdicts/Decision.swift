import CaliperCore

/// A verdict on one comparison under a threshold, with everything a report line needs.
///
/// Decision rule, in the threshold's units (relative or absolute) and oriented so that positive
/// is worse (for a neutral metric, either way is worse; it can regress but not improve):
/// - no interval or p-value (too few samples): `inconclusive`;
/// - worse by more than the threshold: `regression` if p ≤ α, else `inconclusive`;
/// - better by more than the threshold: `improvement` if p ≤ α, else `inconclusive`;
/// - within the threshold: `unchanged` if the interval's worse end is within it too (a breach is
///   ruled out at the interval's level; a large improvement need not be), else `inconclusive`.
/// p is the adjusted p-value when one is given. The minimum detectable effect
/// (z₁₋α/₂ + z_power) · SE says which change these sample sizes could have detected.
///
/// ```swift
/// let d = Decision.decide(comparison, threshold: .relative(percent: 10, direction: .lowerIsBetter))
/// d.verdict                   // .regression
/// d.minimumDetectableEffect   // 0.041: a 4.1 % change was detectable at 80 % power
/// ```
public struct Decision: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Equatable, Codable {
        /// From the interval and p-value of per-request or per-sample data.
        case statistical
        /// From the point values alone (no per-request or per-sample data): threshold only, no test.
        case thresholdOnly = "threshold_only"
    }

    public var comparison: Comparison
    public var threshold: Threshold
    public var mode: Mode
    public var alpha: Double
    public var adjustment: PValueAdjustment
    /// The p-value the verdict used: adjusted if an adjustment was applied (then `adjustment` is
    /// not `.none`), else the raw one.
    public var adjustedPValue: Double?
    public var verdict: Verdict
    /// In the threshold's units (a fraction for relative thresholds); nil without a standard error.
    public var minimumDetectableEffect: Double?
    public var power: Double
    /// One sentence on why, for the report.
    public var reason: String
    /// Whether the run had enough requests per level to test the figure at its threshold (perf
    /// rows from request data); nil where not assessed.
    public var sampleSize: SampleSize? = nil

    /// Inconclusive because the run was too small to test the figure: reports list these apart.
    public var isUntested: Bool { verdict == .inconclusive && sampleSize?.isEnough == false }

    /// Decides one comparison. `adjustedPValue` comes from ``AdjustedPValues`` when several
    /// comparisons are gated together; see ``decide(_:alpha:adjustment:power:)``.
    public static func decide(
        _ comparison: Comparison, threshold: Threshold, alpha: Double = 0.05,
        adjustedPValue: Double? = nil, adjustment: PValueAdjustment = .none, power: Double = 0.8
    ) -> Decision {
        let p = adjustedPValue ?? comparison.pValue
        var decision = Decision(
            comparison: comparison, threshold: threshold, mode: .statistical, alpha: alpha,
            adjustment: adjustedPValue == nil ? .none : adjustment, adjustedPValue: p, verdict: .inconclusive,
            minimumDetectableEffect: nil, power: power, reason: "")
        let relative = threshold.kind == .relative
        let delta = relative ? comparison.relativeDelta : comparison.absoluteDelta
        let interval = relative ? comparison.relativeInterval : comparison.absoluteInterval
        let se = relative ? comparison.relativeStandardError : comparison.standardError
        if let se {
            decision.minimumDetectableEffect = (NormalDistribution.quantile(1 - alpha / 2)
                + NormalDistribution.quantile(power)) * se
        }
        guard let delta else {
            decision.reason = "relative change undefined: the baseline is 0"
            return decision
        }
        guard let interval, let p else {
            decision.reason = comparison.limitation ?? "too few samples for an interval"
            return decision
        }
        let t = threshold.magnitude
        let significant = p <= alpha
        let worse = Orientation(threshold.direction)
        let worseDelta = worse.badness(delta)
        let worstEnd = worse.worstBadness(interval)
        let mde = decision.minimumDetectableEffect.map { " (detectable: \(percentOrValue($0, relative)))" } ?? ""

        if worseDelta > t {
            decision.verdict = significant ? .regression : .inconclusive
            decision.reason = significant
                ? "worse beyond the threshold, significant (p \(short(p)))"
                : "worse beyond the threshold but not significant (p \(short(p)))" + mde
        } else if worse.canImprove && -worseDelta > t {
            decision.verdict = significant ? .improvement : .inconclusive
            decision.reason = significant
                ? "better beyond the threshold, significant (p \(short(p)))"
                : "better beyond the threshold but not significant (p \(short(p)))" + mde
        } else if worstEnd <= t {
            decision.verdict = .unchanged
            decision.reason = "within the threshold, and the interval rules out a breach"
        } else {
            decision.reason = "within the threshold, but the interval reaches past it" + mde
        }
        return decision
    }

    /// Decides many comparisons as one family: their p-values are adjusted together (comparisons
    /// without a p-value take no part), then each is decided. Results are in input order.
    public static func decide(
        _ items: [(comparison: Comparison, threshold: Threshold)], alpha: Double = 0.05,
        adjustment: PValueAdjustment = .holm, power: Double = 0.8
    ) -> [Decision] {
        let tested = items.indices.filter { items[$0].comparison.pValue != nil }
        let adjusted = AdjustedPValues(tested.map { items[$0].comparison.pValue! }, method: adjustment).adjusted
        var byIndex: [Int: Double] = [:]
        for (position, index) in tested.enumerated() { byIndex[index] = adjusted[position] }
        return items.indices.map { index in
            decide(
                items[index].comparison, threshold: items[index].threshold, alpha: alpha,
                adjustedPValue: byIndex[index], adjustment: adjustment, power: power)
        }
    }

    /// The threshold-only verdict from point values, for runs without per-request or per-sample
    /// data: beyond the threshold is a regression or improvement, else unchanged. No test is made,
    /// so noise can trip it; the mode says so.
    public static func thresholdOnly(
        statistic: Statistic, baseline: Double, candidate: Double, threshold: Threshold
    ) -> Decision {
        let comparison = Comparison(
            statistic: statistic, baseline: baseline, candidate: candidate, baselineCount: 1, candidateCount: 1,
            limitation: "no per-request or per-sample data")
        var decision = Decision(
            comparison: comparison, threshold: threshold, mode: .thresholdOnly, alpha: 0, adjustment: .none,
            adjustedPValue: nil, verdict: .inconclusive, minimumDetectableEffect: nil, power: 0, reason: "")
        let relative = threshold.kind == .relative
        guard let delta = relative ? comparison.relativeDelta : comparison.absoluteDelta else {
            decision.reason = "threshold-only: relative change undefined, the baseline is 0"
            return decision
        }
        let worse = Orientation(threshold.direction)
        let worseDelta = worse.badness(delta)
        if worseDelta > threshold.magnitude {
            decision.verdict = .regression
            decision.reason = "threshold-only: worse beyond the threshold (no test possible)"
        } else if worse.canImprove && -worseDelta > threshold.magnitude {
            decision.verdict = .improvement
            decision.reason = "threshold-only: better beyond the threshold (no test possible)"
        } else {
            decision.verdict = .unchanged
            decision.reason = "threshold-only: within the threshold (no test possible)"
        }
        return decision
    }

    /// Maps a change to "badness": positive is worse.
    private struct Orientation {
        let direction: Direction
        init(_ direction: Direction) { self.direction = direction }

        var canImprove: Bool { direction != .neutral }

        func badness(_ delta: Double) -> Double {
            switch direction {
            case .lowerIsBetter: delta
            case .higherIsBetter: -delta
            case .neutral: abs(delta)
            }
        }

        /// The worst badness the interval allows.
        func worstBadness(_ interval: ConfidenceInterval) -> Double {
            Swift.max(badness(interval.lower), badness(interval.upper))
        }
    }

    private static func short(_ p: Double) -> String {
        p < 0.001 ? "< 0.001" : "= " + String((p * 1000).rounded() / 1000)
    }

    private static func percentOrValue(_ x: Double, _ relative: Bool) -> String {
        relative ? String((x * 1000).rounded() / 10) + "%" : String((x * 10_000).rounded() / 10_000)
    }
}
