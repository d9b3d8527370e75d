import CaliperCore

/// What an eval run's answers cost, read from its per-sample rows: output tokens, latency and
/// TTFT per answer (one sample of one repeat).
///
/// ```swift
/// EvalCost.values(.outputTokens, of: samples)                        // [49, 49, …]
/// EvalCost.compare(.latency, baseline: low, candidate: high)?.relativeDelta   // 2.63: 3.6× slower
/// ```
public enum EvalCost {
    /// The figure of each sample that recorded it; other metrics have none.
    public static func values(_ metric: Metric, of samples: [EvalSample]) -> [Double] {
        samples.compactMap { sample in
            switch metric {
            case .outputTokens: sample.outputTokens.map(Double.init)
            case .inputTokens: sample.inputTokens.map(Double.init)
            case .latency: sample.latency
            case .ttft: sample.ttft
            default: nil
            }
        }
    }

    /// The mean of one figure per answer, compared between two runs' samples (Welch: the answers
    /// of two runs are independent draws). Nil when a side recorded none.
    public static func compare(
        _ metric: Metric, baseline: [EvalSample], candidate: [EvalSample], level: Double = 0.95
    ) -> Comparison? {
        let a = values(metric, of: baseline), b = values(metric, of: candidate)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        return TwoSampleComparison.compare(baseline: a, candidate: b, statistic: .mean, options: .init(level: level))
    }
}
