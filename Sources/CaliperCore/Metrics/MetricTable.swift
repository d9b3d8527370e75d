/// The aggregate figures of one perf point: metric → statistic → value, in canonical units.
///
/// ```swift
/// var table = MetricTable()
/// table[.ttft, .mean] = 0.0687
/// table[.ttft, .p99]  // nil: the source did not report it
/// ```
public struct MetricTable: Sendable, Equatable, Codable {
    public private(set) var values: [Metric: [Statistic: Double]] = [:]

    public init() {}

    public subscript(metric: Metric, statistic: Statistic) -> Double? {
        get { values[metric]?[statistic] }
        set {
            if let newValue, newValue.isFinite {
                values[metric, default: [:]][statistic] = newValue
            } else {
                values[metric]?[statistic] = nil
                if values[metric]?.isEmpty == true { values[metric] = nil }
            }
        }
    }

    /// Every (metric, statistic, value) in a stable order: metrics, then statistics, as declared.
    public var entries: [(metric: Metric, statistic: Statistic, value: Double)] {
        values.keys.sorted().flatMap { metric in
            values[metric]!.keys.sorted().map { (metric, $0, values[metric]![$0]!) }
        }
    }

    public var isEmpty: Bool { values.isEmpty }
}
