import CaliperCore
import Foundation

/// Compares a statistic of two independent request-level samples (latency, TTFT, TPOT, ITL of
/// each request), baseline against candidate.
///
/// Methods, chosen by ``Method/automatic`` to stay calibrated and fast (a 10,000-request p99 costs
/// one O(n) selection per side, no resampling):
/// - mean: Welch's t interval and test (exact-in-the-limit, robust to skew at equal n).
/// - percentiles: when each side has ≥ ``minimumTailCountForAnalytic`` requests beyond the
///   quantile, a normal interval whose per-side standard error comes from the order statistics
///   at ranks n·p ± 1.5·√(n·p(1−p)) (a distribution-free density estimate); with fewer, a seeded
///   percentile bootstrap; with less than one request beyond it (p99 of < 100), no interval.
/// - std: bootstrap. min, max and value: point values only.
///
/// ```swift
/// let c = TwoSampleComparison.compare(baseline: ttftA, candidate: ttftB, statistic: .p99)
/// c?.relativeDelta        // 0.12: candidate p99 is 12 % higher
/// c?.relativeInterval     // [0.07, 0.17] at 95 %
/// c?.pValue               // 2e-6
/// ```
public enum TwoSampleComparison {
    public enum Method: String, Sendable, Equatable, Codable {
        /// Analytic where it is calibrated, bootstrap where the sample is small.
        case automatic
        /// Welch or order-statistic intervals only (none where they do not apply).
        case analytic
        /// Percentile bootstrap, the reference method (slow at large n).
        case bootstrap
    }

    public struct Options: Sendable, Equatable {
        /// Confidence level of the intervals.
        public var level: Double
        public var method: Method
        /// Bootstrap resamples. 1,000 puts the Monte Carlo error of a 95 % percentile bound below
        /// a tenth of the interval's width; it is only spent on small samples.
        public var resamples: Int
        public var seed: UInt64

        public init(level: Double = 0.95, method: Method = .automatic, resamples: Int = 1_000, seed: UInt64 = 0xCA11_BE12) {
            precondition(level > 0 && level < 1 && resamples > 0, "invalid comparison options")
            self.level = level
            self.method = method
            self.resamples = resamples
            self.seed = seed
        }
    }

    /// Requests beyond the quantile (n · min(p, 1 − p)) each side needs for the order-statistic
    /// interval. Below it the interval is too coarse, and the bootstrap takes over.
    public static let minimumTailCountForAnalytic = 5.0

    /// The comparison of `statistic` (mean, std or a percentile), or nil if a side has no finite value.
    public static func compare(
        baseline: [Double], candidate: [Double], statistic: Statistic, options: Options = Options()
    ) -> Comparison? {
        let base = baseline.filter(\.isFinite)
        let cand = candidate.filter(\.isFinite)
        guard !base.isEmpty, !cand.isEmpty else { return nil }

        switch statistic {
        case .mean:
            if options.method == .bootstrap { return bootstrap(base, cand, .mean, statistic, options) }
            return welch(base, cand, level: options.level)
        case .std:
            guard options.method != .analytic else {
                return pointOnly(base, cand, statistic, "no analytic interval for a standard deviation")
            }
            return bootstrap(base, cand, .std, statistic, options)
        case .min, .max, .value:
            return pointOnly(base, cand, statistic, "an extreme or run-level figure has no calibrated interval")
        default:
            let p = (statistic.percentileRank ?? 50) / 100
            let tail = { (n: Int) in Double(n) * Swift.min(p, 1 - p) }
            let analytic = options.method != .bootstrap
                && tail(base.count) >= minimumTailCountForAnalytic && tail(cand.count) >= minimumTailCountForAnalytic
            if analytic, let result = orderStatistic(base, cand, statistic, p: p, level: options.level) {
                return result
            }
            if options.method != .analytic, tail(base.count) >= 1, tail(cand.count) >= 1 {
                return bootstrap(base, cand, .quantile(p), statistic, options)
            }
            return pointOnly(base, cand, statistic, "too few requests beyond the \(statistic.rawValue) for an interval")
        }
    }

    // MARK: Welch

    private static func welch(_ base: [Double], _ cand: [Double], level: Double) -> Comparison {
        let mb = Descriptive.mean(base)!, mc = Descriptive.mean(cand)!
        guard base.count > 1, cand.count > 1 else {
            return pointOnly(base, cand, .mean, "a mean needs two requests per side for an interval")
        }
        let nb = Double(base.count), nc = Double(cand.count)
        let vb = Descriptive.variance(base)! / nb, vc = Descriptive.variance(cand)! / nc
        let se = (vb + vc).squareRoot()
        let delta = mc - mb
        guard se > 0 else { return degenerate(base.count, cand.count, mb, mc, .mean, .welch, level: level) }
        let df = (vb + vc) * (vb + vc) / (vb * vb / (nb - 1) + vc * vc / (nc - 1))
        let t = StudentTDistribution.quantile(0.5 + level / 2, degreesOfFreedom: df)
        var relative: ConfidenceInterval?
        var relativeSE: Double?
        if mb > 0, mc > 0 {
            let seLog = (vb / (mb * mb) + vc / (mc * mc)).squareRoot()
            let logRatio = log(mc / mb)
            relative = ConfidenceInterval(
                lower: exp(logRatio - t * seLog) - 1, upper: exp(logRatio + t * seLog) - 1, level: level)
            relativeSE = mc / mb * seLog
        }
        return Comparison(
            statistic: .mean, baseline: mb, candidate: mc, baselineCount: base.count, candidateCount: cand.count,
            absoluteInterval: ConfidenceInterval(lower: delta - t * se, upper: delta + t * se, level: level),
            relativeInterval: relative, standardError: se, relativeStandardError: relativeSE,
            pValue: StudentTDistribution.twoSidedPValue(delta / se, degreesOfFreedom: df),
            intervalMethod: .welch, testMethod: .welch)
    }

    // MARK: Order-statistic interval

    /// Both sides' quantiles with their standard errors from ``QuantileEstimate``, combined in a
    /// normal interval.
    private static func orderStatistic(
        _ base: [Double], _ cand: [Double], _ statistic: Statistic, p: Double, level: Double
    ) -> Comparison? {
        guard let b = QuantileEstimate.withStandardError(base, p: p),
              let c = QuantileEstimate.withStandardError(cand, p: p) else { return nil }
        let se = (b.se * b.se + c.se * c.se).squareRoot()
        guard se > 0 else {
            return degenerate(base.count, cand.count, b.value, c.value, statistic, .orderStatistic, level: level)
        }
        let z = NormalDistribution.quantile(0.5 + level / 2)
        let delta = c.value - b.value
        var relative: ConfidenceInterval?
        var relativeSE: Double?
        if b.value > 0, c.value > 0 {
            let seLog = ((b.se / b.value) * (b.se / b.value) + (c.se / c.value) * (c.se / c.value)).squareRoot()
            let logRatio = log(c.value / b.value)
            relative = ConfidenceInterval(
                lower: exp(logRatio - z * seLog) - 1, upper: exp(logRatio + z * seLog) - 1, level: level)
            relativeSE = c.value / b.value * seLog
        }
        return Comparison(
            statistic: statistic, baseline: b.value, candidate: c.value,
            baselineCount: base.count, candidateCount: cand.count,
            absoluteInterval: ConfidenceInterval(lower: delta - z * se, upper: delta + z * se, level: level),
            relativeInterval: relative, standardError: se, relativeStandardError: relativeSE,
            pValue: NormalDistribution.twoSidedPValue(delta / se),
            intervalMethod: .orderStatistic, testMethod: .orderStatistic)
    }

    // MARK: Bootstrap

    enum Estimator {
        case mean
        case std
        /// Nearest-rank quantile at probability p.
        case quantile(Double)

        /// The estimate over `buffer`, which it may reorder.
        func estimate(_ buffer: UnsafeMutableBufferPointer<Double>) -> Double {
            let n = buffer.count
            switch self {
            case .mean:
                var sum = 0.0
                for value in buffer { sum += value }
                return sum / Double(n)
            case .std:
                guard n > 1 else { return 0 }
                var sum = 0.0
                for value in buffer { sum += value }
                let mean = sum / Double(n)
                var squares = 0.0
                for value in buffer { squares += (value - mean) * (value - mean) }
                return (squares / Double(n - 1)).squareRoot()
            case .quantile(let p):
                let rank = OrderStatistics.nearestRank(p * 100, count: n)
                OrderStatistics.select(buffer, rank, low: 0, high: n - 1)
                return buffer[rank]
            }
        }
    }

    private static func bootstrap(
        _ base: [Double], _ cand: [Double], _ estimator: Estimator, _ statistic: Statistic, _ options: Options
    ) -> Comparison {
        var generator = SeededGenerator(seed: options.seed)
        var scratch = [Double](repeating: 0, count: Swift.max(base.count, cand.count))
        var deltas = [Double](), ratios = [Double]()
        deltas.reserveCapacity(options.resamples)
        ratios.reserveCapacity(options.resamples)
        func estimate(_ values: [Double], resample: Bool) -> Double {
            scratch.withUnsafeMutableBufferPointer { whole in
                let buffer = UnsafeMutableBufferPointer(rebasing: whole[0..<values.count])
                values.withUnsafeBufferPointer { source in
                    for i in 0..<source.count {
                        buffer[i] = resample ? source[generator.index(below: source.count)] : source[i]
                    }
                }
                return estimator.estimate(buffer)
            }
        }
        let b = estimate(base, resample: false), c = estimate(cand, resample: false)
        for _ in 0..<options.resamples {
            let rb = estimate(base, resample: true), rc = estimate(cand, resample: true)
            deltas.append(rc - rb)
            if rb > 0, rc > 0 { ratios.append(rc / rb - 1) }
        }
        let absolute = BootstrapReplicates(deltas)
        let relative = ratios.count == options.resamples && b > 0 ? BootstrapReplicates(ratios) : nil
        return Comparison(
            statistic: statistic, baseline: b, candidate: c, baselineCount: base.count, candidateCount: cand.count,
            absoluteInterval: absolute.interval(level: options.level),
            relativeInterval: relative?.interval(level: options.level),
            standardError: absolute.standardError, relativeStandardError: relative?.standardError,
            pValue: absolute.pValue(), intervalMethod: .bootstrapPercentile, testMethod: .bootstrapPercentile)
    }

    // MARK: Degenerate cases

    private static func pointOnly(_ base: [Double], _ cand: [Double], _ statistic: Statistic, _ why: String) -> Comparison {
        let estimator: Estimator
        switch statistic {
        case .mean, .value: estimator = .mean
        case .std: estimator = .std
        default: estimator = .quantile((statistic.percentileRank ?? 50) / 100)
        }
        var b = base, c = cand
        let vb = b.withUnsafeMutableBufferPointer { estimator.estimate($0) }
        let vc = c.withUnsafeMutableBufferPointer { estimator.estimate($0) }
        return Comparison(
            statistic: statistic, baseline: vb, candidate: vc, baselineCount: base.count,
            candidateCount: cand.count, limitation: why)
    }

    /// Zero spread on both sides: the difference is known exactly.
    private static func degenerate(
        _ nb: Int, _ nc: Int, _ b: Double, _ c: Double, _ statistic: Statistic, _ method: ComparisonMethod,
        level: Double
    ) -> Comparison {
        let delta = c - b
        let relative = b > 0 ? c / b - 1 : nil
        return Comparison(
            statistic: statistic, baseline: b, candidate: c, baselineCount: nb, candidateCount: nc,
            absoluteInterval: ConfidenceInterval(lower: delta, upper: delta, level: level),
            relativeInterval: relative.map { ConfidenceInterval(lower: $0, upper: $0, level: level) },
            standardError: 0, relativeStandardError: relative == nil ? nil : 0,
            pValue: delta == 0 ? 1 : 0, intervalMethod: method, testMethod: method)
    }
}
