/// How p-values of many comparisons (metrics × statistics × concurrency points) are corrected, so
/// that a gate with 32 comparisons does not cry wolf on about one in twenty of them.
public enum PValueAdjustment: String, Sendable, Equatable, Codable, CaseIterable {
    /// Raw p-values.
    case none
    /// Holm's step-down: controls the family-wise error rate, uniformly better than Bonferroni.
    case holm
    /// Benjamini–Hochberg step-up: controls the false discovery rate, more power with many tests.
    case benjaminiHochberg = "benjamini_hochberg"
}
