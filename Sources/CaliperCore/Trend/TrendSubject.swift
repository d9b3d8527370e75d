/// What a trend follows from run to run: one perf figure at one load level, or one eval dataset's
/// primary score. The store reads it for each run; the analysis turns it into a series.
///
/// ```swift
/// TrendSubject.perf(metric: .outputThroughput, statistic: .value, concurrency: 100, requestRate: nil)
/// TrendSubject.score(dataset: "aime25")
/// TrendSubject.perf(metric: .ttft, statistic: .p99, concurrency: 8, requestRate: nil).label   // "ttft.p99"
/// ```
public enum TrendSubject: Sendable, Equatable, Hashable {
    /// A statistic of a perf metric at the point with exactly this concurrency and request rate.
    /// Figures of the whole point (throughputs, success rate, request counts) use `.value`.
    case perf(metric: Metric, statistic: Statistic, concurrency: Int?, requestRate: Double?)
    /// The dataset-level primary score of `dataset` (`accuracy`, `pass@2`, …, whichever each run
    /// marked primary).
    case score(dataset: String)

    /// Metrics that are one figure per point, not a distribution over requests: their statistic is `.value`.
    public static let pointMetrics: Set<Metric> = [
        .requestThroughput, .outputThroughput, .totalThroughput, .successRate, .requests, .failedRequests,
    ]

    /// How reports name the figure: `output_throughput`, `ttft.p99`, `score`.
    public var label: String {
        switch self {
        case .perf(let metric, let statistic, _, _):
            statistic == .value ? metric.rawValue : "\(metric.rawValue).\(statistic.rawValue)"
        case .score: "score"
        }
    }

    /// The unit values are stored in; eval scores are fractions.
    public var unit: CanonicalUnit {
        switch self {
        case .perf(let metric, _, _, _): metric.unit
        case .score: .fraction
        }
    }

    public var direction: Direction {
        switch self {
        case .perf(let metric, _, _, _): metric.direction
        case .score: .higherIsBetter
        }
    }

    public var kind: RunKind {
        switch self {
        case .perf: .perf
        case .score: .eval
        }
    }
}
