import CaliperCore
import Foundation

/// One new value against a history of values, as Bencher's t-test does: is the candidate inside
/// the prediction interval for one more draw from the distribution the history came from?
///
/// With n history values of mean m and standard deviation s, the interval for one new observation
/// is m ± t₍n−1, 1−α/2₎ · s · √(1 + 1/n): the √(1 + 1/n) adds the uncertainty of m to the spread
/// of one run. The result is a ``Comparison`` (delta x − m, its interval (x − m) ± that half-width,
/// the two-sided t p-value of (x − m) / (s · √(1 + 1/n)) on n − 1 degrees of freedom), so
/// ``Decision`` and the multiple-testing correction apply to it as to any other comparison. Exact
/// when run-level values are normal and independent.
///
/// ```swift
/// let c = PredictionIntervalComparison.compare(
///     history: [100, 102, 98, 101, 99], candidate: 90, statistic: .value, level: 0.95)
/// c.absoluteDelta      // -10
/// c.absoluteInterval   // [-14.8, -5.2]: 90 is outside 100 ± 4.8
/// c.pValue             // 0.004
/// ```
public enum PredictionIntervalComparison {
    /// Nil p-value and intervals when there are fewer than 2 history values, or when they are all
    /// equal (s = 0: no spread to test against); ``Comparison/limitation`` says which.
    public static func compare(history: [Double], candidate x: Double, statistic: Statistic, level: Double) -> Comparison {
        let n = history.count
        let m = n == 0 ? .nan : history.reduce(0, +) / Double(n)
        var comparison = Comparison(
            statistic: statistic, baseline: m, candidate: x, baselineCount: n, candidateCount: 1)
        guard n >= 2 else {
            comparison.limitation = "a prediction interval needs at least 2 history values, there \(n == 1 ? "is 1" : "are 0")"
            return comparison
        }
        // Equal values must give s = 0 exactly: their floating-point mean can be off by an ulp, and
        // an s of 1e-18 would make any difference "significant".
        let flat = history.allSatisfy { $0 == history[0] }
        let s = flat ? 0 : (history.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
        guard s > 0 else {
            comparison.limitation = "the \(n) history values are all equal (s = 0): no spread to test against"
            return comparison
        }
        let degrees = Double(n - 1)
        let se = s * (1 + 1 / Double(n)).squareRoot()
        let half = StudentTDistribution.quantile(0.5 + level / 2, degreesOfFreedom: degrees) * se
        let delta = x - m
        comparison.absoluteInterval = ConfidenceInterval(lower: delta - half, upper: delta + half, level: level)
        comparison.standardError = se
        if m != 0 {
            // Relative to the history's mean, the reference every run is read against.
            let ends = [(delta - half) / m, (delta + half) / m]
            comparison.relativeInterval = ConfidenceInterval(lower: ends.min()!, upper: ends.max()!, level: level)
            comparison.relativeStandardError = se / abs(m)
        }
        comparison.pValue = StudentTDistribution.twoSidedPValue(delta / se, degreesOfFreedom: degrees)
        comparison.intervalMethod = .predictionInterval
        comparison.testMethod = .predictionInterval
        return comparison
    }
}
