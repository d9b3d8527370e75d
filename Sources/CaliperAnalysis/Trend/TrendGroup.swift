/// The runs of a trend that share a key's value (`--by engine_version`): their mean and a t
/// interval across the runs' values, which measures run-to-run spread, not just each run's own noise.
///
/// ```swift
/// let group = series.groups[0]
/// group.value      // "0.10.0"
/// group.mean       // 1520.4 tok/s
/// group.interval   // [1498.2, 1542.6] over 12 runs; nil for a group of one run
/// ```
public struct TrendGroup: Sendable, Equatable {
    /// The key's value; nil for runs without the key.
    public var value: String?
    /// The group's runs, in series order.
    public var runIDs: [Int64]
    /// Indices of those runs in ``TrendSeries/points``.
    public var indices: [Int]
    public var mean: Double
    /// Student's t interval of the mean over the runs' values; nil for one run.
    public var interval: ConfidenceInterval?

    public init(value: String?, runIDs: [Int64], indices: [Int], mean: Double, interval: ConfidenceInterval?) {
        self.value = value
        self.runIDs = runIDs
        self.indices = indices
        self.mean = mean
        self.interval = interval
    }

    /// The groups of `points` by `key`: in the values' natural order when they have one (versions
    /// 0.9.2 < 0.10.0 < 0.10.1, efforts low < high, numbers; ``ValueOrder``), else in order of first
    /// appearance; runs without the key last.
    static func groups(of points: [TrendPoint], by key: RunKey, level: Double) -> [TrendGroup] {
        var order: [String?] = []
        var members: [String?: [Int]] = [:]
        for (index, point) in points.enumerated() {
            let value = key.value(in: point.run)
            if members[value] == nil { order.append(value) }
            members[value, default: []].append(index)
        }
        let named = order.compactMap { $0 }
        var sorted: [String?] = ValueOrder.isOrdered(named) ? named.sorted(by: ValueOrder.areInIncreasingOrder) : named
        if members[nil] != nil { sorted.append(nil) }
        return sorted.map { value in
            let indices = members[value]!
            let values = indices.map { points[$0].value }
            return TrendGroup(
                value: value, runIDs: indices.map { points[$0].runID }, indices: indices,
                mean: Descriptive.mean(values)!, interval: ConfidenceInterval.studentT(values, level: level))
        }
    }
}
