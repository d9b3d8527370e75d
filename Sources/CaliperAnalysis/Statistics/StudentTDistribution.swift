import Foundation

/// Student's t distribution, for Welch and paired-t intervals at small samples.
///
/// ```swift
/// StudentTDistribution.quantile(0.975, degreesOfFreedom: 10)   // 2.228138851986274
/// ```
public enum StudentTDistribution {
    /// P(T ≤ t) with ν degrees of freedom (ν > 0, not necessarily whole, as Welch gives).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = 0.5 * SpecialFunctions.regularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// Two-sided p-value P(|T| ≥ |t|), computed without the cancellation of 1 − cdf.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        if t.isInfinite { return 0 }
        return Swift.min(1, SpecialFunctions.regularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5))
    }

    /// The p-quantile: a Cornish–Fisher start from the normal quantile, then Newton steps on `cdf`
    /// (safeguarded by bisection), accurate to ~1e-12. Beyond 1e7 degrees of freedom it is normal.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1 && nu > 0, "quantile needs 0 < p < 1 and ν > 0")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        let z = NormalDistribution.quantile(p)
        if nu > 1e7 { return z }
        let z3 = z * z * z, z5 = z3 * z * z
        var x = z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu)
        if !x.isFinite || x <= 0 { x = z }
        var low = 0.0
        var high = Swift.max(2 * x, 1)
        while cdf(high, degreesOfFreedom: nu) < p { high *= 2 }
        for _ in 0..<100 {
            let f = cdf(x, degreesOfFreedom: nu) - p
            if f > 0 { high = x } else { low = x }
            let density = exp(lgamma((nu + 1) / 2) - lgamma(nu / 2)
                - 0.5 * log(nu * Double.pi) - (nu + 1) / 2 * log1p(x * x / nu))
            var next = x - f / density
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - x) <= 1e-13 * Swift.max(1, abs(x)) { return next }
            x = next
        }
        return x
    }
}
