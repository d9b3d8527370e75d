import CaliperCore

/// A change point in a trend, tied to the runs around it: the first run at the new level, the run
/// before it, the segment means and the test, and which keys changed between those two runs — the
/// usual suspects for a step (engine_version 0.10.0 → 0.10.1).
///
/// ```swift
/// let change = series.changes[0]
/// change.runID                          // 1042: the first run at the new level
/// change.changePoint.relativeChange     // -0.08
/// change.differences.map(\.field)       // ["engine_version", "label.commit"]
/// ```
public struct TrendChange: Sendable, Equatable {
    /// Index, segment means and counts, relative change and p-value, as the detector found them.
    public var changePoint: ChangePoint
    /// The first run of the new segment.
    public var runID: Int64
    /// The run just before it in the series.
    public var previousRunID: Int64
    /// When the first run of the new segment ran.
    public var time: String
    /// Keys that differ from the previous run (names as in `--allow-diff`), then labels (`label.NAME`),
    /// then the eval metric (`score_metric`) when the primary metric changed; `baseline` is the
    /// previous run's value.
    public var differences: [KeyDifference]

    public init(changePoint: ChangePoint, runID: Int64, previousRunID: Int64, time: String, differences: [KeyDifference]) {
        self.changePoint = changePoint
        self.runID = runID
        self.previousRunID = previousRunID
        self.time = time
        self.differences = differences
    }

    /// The change at `changePoint.index` of `points`, with what differs between that point's run
    /// and the one before.
    init(_ changePoint: ChangePoint, in points: [TrendPoint]) {
        let before = points[changePoint.index - 1], after = points[changePoint.index]
        var differences = Comparability.check(baseline: before.run, candidate: after.run).differences
        for key in Set(before.run.labels.keys).union(after.run.labels.keys).sorted()
        where before.run.labels[key] != after.run.labels[key] {
            differences.append(KeyDifference(
                field: "label.\(key)", baseline: before.run.labels[key], candidate: after.run.labels[key], blocking: false))
        }
        if before.scoreMetric != after.scoreMetric {
            differences.append(KeyDifference(
                field: "score_metric", baseline: before.scoreMetric, candidate: after.scoreMetric, blocking: true))
        }
        self.init(
            changePoint: changePoint, runID: after.runID, previousRunID: before.runID, time: after.time,
            differences: differences)
    }
}
