import Foundation

/// The binomial distribution, for exact McNemar and sign tests and order-statistic ranks.
///
/// ```swift
/// BinomialDistribution.cdf(1, trials: 10, probability: 0.5)   // 11 / 1024
/// ```
public enum BinomialDistribution {
    /// P(X ≤ k) for X ~ Binomial(n, p), via the incomplete beta function: exact to ~1e-14.
    public static func cdf(_ k: Int, trials n: Int, probability p: Double) -> Double {
        precondition(n >= 0 && p >= 0 && p <= 1, "invalid binomial parameters")
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if p == 0 { return 1 }
        if p == 1 { return 0 }
        return SpecialFunctions.regularizedIncompleteBeta(1 - p, Double(n - k), Double(k + 1))
    }

    /// P(X = k).
    public static func probability(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard k >= 0, k <= n else { return 0 }
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    /// The exact two-sided sign-test p-value of k successes in n fair trials: twice the smaller
    /// tail, capped at 1. This is exact McNemar when k and n − k are the two discordant counts.
    public static func twoSidedFairPValue(successes k: Int, trials n: Int) -> Double {
        guard n > 0 else { return 1 }
        return Swift.min(1, 2 * cdf(Swift.min(k, n - k), trials: n, probability: 0.5))
    }
}
