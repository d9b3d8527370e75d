/// A shift in the mean level of a metric series: where the new level starts, the means of the
/// segments on either side (bounded by the neighbouring change points or the series' ends), and
/// the Student t-test p-value that they differ.
///
/// ```swift
/// let points = ChangePointDetector().changePoints(in: ttftMeansPerRun)
/// points.first?.index            // 60: run 60 is the first at the new level
/// points.first?.relativeChange   // -0.10: 10 % lower from there on
/// points.first?.forwardChange    // .decrease
/// ```
public struct ChangePoint: Sendable, Equatable, Codable {
    /// Which way the mean moved, read forward in time.
    public enum Direction: String, Sendable, Equatable, Codable {
        case increase
        case decrease
        case unchanged
    }

    /// The first index of the new segment.
    public var index: Int
    /// Mean of the segment before `index`.
    public var before: Double
    /// Mean of the segment from `index` on.
    public var after: Double
    public var beforeCount: Int
    public var afterCount: Int
    /// after / before − 1; nil when `before` is 0.
    public var relativeChange: Double?
    /// Two-sided Student t-test (pooled variance) p-value of "the two segments have the same mean",
    /// adjusted for the search that chose the split (see ``ChangePointDetector``).
    public var pValue: Double

    public init(index: Int, before: Double, after: Double, beforeCount: Int, afterCount: Int, pValue: Double) {
        self.index = index
        self.before = before
        self.after = after
        self.beforeCount = beforeCount
        self.afterCount = afterCount
        self.relativeChange = before == 0 ? nil : after / before - 1
        self.pValue = pValue
    }

    public var forwardChange: Direction {
        after > before ? .increase : after < before ? .decrease : .unchanged
    }

    /// |after / before − 1|, what `ChangePointDetector.Options.minMagnitude` is compared with.
    /// A move away from a zero mean has no relative size; it counts as infinite so that it is
    /// never dropped as too small.
    var magnitude: Double {
        relativeChange.map(abs) ?? (after == before ? 0 : .infinity)
    }
}
