/// What a gate concludes about one comparison. Only `regression` should fail a CI job.
public enum Verdict: String, Sendable, Equatable, Codable, CaseIterable {
    /// Worse by more than the threshold, and significant.
    case regression
    /// Better by more than the threshold, and significant.
    case improvement
    /// Within the threshold, and the interval rules out a worse change beyond it.
    case unchanged
    /// The data cannot decide: too few samples, or a change beyond the threshold that is not
    /// significant, or an interval that reaches past the threshold. See the minimum detectable effect.
    case inconclusive
}
