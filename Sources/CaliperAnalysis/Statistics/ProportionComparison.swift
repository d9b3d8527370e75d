import CaliperCore

/// Two proportions compared: a success rate of requests, baseline against candidate.
///
/// The interval for the difference is Newcombe's hybrid score interval, built from each side's
/// Wilson interval: it keeps its coverage near 100 % success, where the Wald interval collapses to
/// zero width. The p-value is the pooled two-proportion z test (1 when both sides are all successes
/// or all failures: no evidence of a difference).
///
/// ```swift
/// let c = ProportionComparison.compare(baselineSuccesses: 998, baselineTrials: 1000,
///                                      candidateSuccesses: 981, candidateTrials: 1000)
/// c.absoluteDelta      // -0.017: 1.7 pp fewer successes
/// c.absoluteInterval   // [-0.026, -0.009]
/// ```
public enum ProportionComparison {
    public static func compare(
        baselineSuccesses: Int, baselineTrials: Int, candidateSuccesses: Int, candidateTrials: Int,
        level: Double = 0.95
    ) -> Comparison {
        precondition(baselineTrials > 0 && candidateTrials > 0, "a proportion needs trials")
        let n1 = Double(baselineTrials), n2 = Double(candidateTrials)
        let p1 = Double(baselineSuccesses) / n1, p2 = Double(candidateSuccesses) / n2
        let w1 = ConfidenceInterval.wilson(successes: Double(baselineSuccesses), trials: baselineTrials, level: level)
        let w2 = ConfidenceInterval.wilson(successes: Double(candidateSuccesses), trials: candidateTrials, level: level)
        let delta = p2 - p1
        // Newcombe (1998), method 10.
        let lower = delta - ((p2 - w2.lower) * (p2 - w2.lower) + (w1.upper - p1) * (w1.upper - p1)).squareRoot()
        let upper = delta + ((w2.upper - p2) * (w2.upper - p2) + (p1 - w1.lower) * (p1 - w1.lower)).squareRoot()
        let pooled = (Double(baselineSuccesses) + Double(candidateSuccesses)) / (n1 + n2)
        let pooledSE = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        let pValue = pooledSE > 0 ? NormalDistribution.twoSidedPValue(delta / pooledSE) : 1
        // The unpooled standard error, floored at one success's worth, for the detectable effect.
        let se = Swift.max((p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot(), 1 / Swift.max(n1, n2))
        let interval = ConfidenceInterval(lower: lower, upper: upper, level: level)
        return Comparison(
            statistic: .value, baseline: p1, candidate: p2, baselineCount: baselineTrials, candidateCount: candidateTrials,
            absoluteInterval: interval,
            relativeInterval: p1 > 0 ? ConfidenceInterval(lower: lower / p1, upper: upper / p1, level: level) : nil,
            standardError: se, relativeStandardError: p1 > 0 ? se / p1 : nil, pValue: pValue,
            intervalMethod: .newcombe, testMethod: .newcombe)
    }
}
