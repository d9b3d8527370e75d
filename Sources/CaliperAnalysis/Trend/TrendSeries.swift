import CaliperCore

/// A metric's series across runs: one ``TrendPoint`` per run in the store's order, each with its
/// own interval; the change points of the series (``ChangePointDetector``) tied to the runs and
/// keys that changed there; the segments between them; and, grouped by a key, each group's mean.
///
/// ```swift
/// let observations = try store.trend(TrendQuery(filter: filter, subject: subject))
/// let series = TrendSeries(observations, subject: subject, groupedBy: RunKey("engine_version"))
/// series.points.count              // 120
/// series.changes.first?.runID      // 61
/// series.changes.first?.differences.map(\.field)   // ["engine_version"]
/// series.groups.map(\.value)       // ["0.9.2", "0.10.0", "0.10.1"]
/// ```
public struct TrendSeries: Sendable, Equatable {
    /// A stretch of the series between change points (or its ends) at one mean level.
    public struct Segment: Sendable, Equatable {
        /// Indices into ``TrendSeries/points``.
        public var range: Range<Int>
        public var mean: Double
    }

    public var subject: TrendSubject
    public var order: TrendOrder
    /// The conditions that chose the runs, as the user wrote them (`model=gpt-oss-20b`), for reports.
    public var filters: [String]
    public var points: [TrendPoint]
    public var changes: [TrendChange]
    public var segments: [Segment]
    public var grouping: RunKey?
    public var groups: [TrendGroup]
    public var detector: ChangePointDetector.Options
    /// Confidence level of every interval.
    public var level: Double
    /// Runs that matched but gave no figure (the source reported none and no rows give one).
    public var leftOut: [Int64]
    /// Runs that matched but are not comparable with ``reference`` (``TrendGuard``), oldest first.
    public var excluded: [TrendExclusion]
    /// The run the others were checked against: the newest that matched.
    public var reference: Int64?
    /// The fields allowed to differ (`--allow-diff`).
    public var allowed: Set<String>

    public init(
        _ observations: [TrendObservation], subject: TrendSubject, order: TrendOrder = .runTime, filters: [String] = [],
        detector: ChangePointDetector.Options = .init(), groupedBy grouping: RunKey? = nil, level: Double = 0.95,
        excluded: [TrendExclusion] = [], reference: Int64? = nil, allowed: Set<String> = []
    ) {
        self.excluded = excluded
        self.reference = reference
        self.allowed = allowed
        self.subject = subject
        self.order = order
        self.filters = filters
        self.detector = detector
        self.grouping = grouping
        self.level = level
        var points: [TrendPoint] = []
        var leftOut: [Int64] = []
        for observation in observations {
            if let point = TrendPoint(observation, subject: subject, level: level) {
                points.append(point)
            } else {
                leftOut.append(observation.runID)
            }
        }
        self.points = points
        self.leftOut = leftOut

        let values = points.map(\.value)
        let found = ChangePointDetector(options: detector).changePoints(in: values)
        changes = found.map { TrendChange($0, in: points) }
        let bounds = [0] + found.map(\.index) + [points.count]
        segments = points.isEmpty ? [] : zip(bounds, bounds.dropFirst()).map { lower, upper in
            Segment(range: lower..<upper, mean: Descriptive.mean(Array(values[lower..<upper]))!)
        }
        groups = grouping.map { TrendGroup.groups(of: points, by: $0, level: level) } ?? []
    }

    /// The distinct primary metrics of an eval series, in order of first appearance (more than one
    /// means the runs disagree on which score is primary).
    public var scoreMetrics: [String] {
        var seen: [String] = []
        for metric in points.compactMap(\.scoreMetric) where !seen.contains(metric) { seen.append(metric) }
        return seen
    }

    /// The first and last run times of the series.
    public var timeSpan: (first: String, last: String)? {
        guard let first = points.first else { return nil }
        let times = points.map(\.time)
        return (order == .runTime ? first.time : times.min()!, order == .runTime ? points.last!.time : times.max()!)
    }
}
