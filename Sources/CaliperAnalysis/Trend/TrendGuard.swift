import CaliperCore

/// A run a trend leaves out, and why: `label.branch differs (pr-12 vs main)`.
public struct TrendExclusion: Sendable, Equatable {
    public var runID: Int64
    /// Each differing key with the run's value, then the reference run's.
    public var reason: String

    public init(runID: Int64, reason: String) {
        self.runID = runID
        self.reason = reason
    }
}

/// Keeps a trend to runs `compare` would compare: a series holds only runs comparable with its
/// newest run (``Comparability``: model, hardware, workload, generation config; the engine version
/// may differ), from the same `label.branch`, so a PR branch or a streaming change does not enter
/// main's trend unnoticed. Fields in `allowed` (`--allow-diff`) may differ.
///
/// ```swift
/// let split = TrendGuard.split(observations)     // oldest first
/// split.reference                                // 23: the newest run
/// split.excluded[0]                              // run 16: stream differs (false vs true)
/// ```
public enum TrendGuard {
    /// The label a trend stays within unless allowed (`--allow-diff label.branch`).
    public static let branchLabel = "branch"

    public static func split(
        _ observations: [TrendObservation], allowing allowed: Set<String> = []
    ) -> (kept: [TrendObservation], excluded: [TrendExclusion], reference: Int64?) {
        guard let newest = observations.last else { return ([], [], nil) }
        var kept: [TrendObservation] = []
        var excluded: [TrendExclusion] = []
        for observation in observations {
            if let reason = reasonToLeaveOut(observation.run, reference: newest.run, allowing: allowed) {
                excluded.append(TrendExclusion(runID: observation.runID, reason: reason))
            } else {
                kept.append(observation)
            }
        }
        return (kept, excluded, newest.runID)
    }

    /// Every blocking key `run` differs from `reference` in, with both values; nil when comparable.
    public static func reasonToLeaveOut(_ run: Run, reference: Run, allowing allowed: Set<String>) -> String? {
        var differences = Comparability.check(baseline: run, candidate: reference, allowing: allowed).violations
            .map { (field: $0.field, value: $0.baseline, reference: $0.candidate) }
        let branch = "label.\(branchLabel)"
        if !allowed.contains(branch), run.labels[branchLabel] != reference.labels[branchLabel] {
            differences.append((branch, run.labels[branchLabel], reference.labels[branchLabel]))
        }
        guard !differences.isEmpty else { return nil }
        return differences.map {
            "\($0.field) differs (\(HistoryComparator.shown($0.value)) vs \(HistoryComparator.shown($0.reference)))"
        }.joined(separator: "; ")
    }
}
