import CaliperAnalysis
import CaliperCore

/// A ``TrendSeries`` flattened into display strings once, so the terminal, Markdown and HTML
/// reports show identical figures and the templates hold no logic beyond loops.
///
/// Properties are stored because Mustache reads them by reflection; `has…` flags sit beside the
/// lists so a template can skip a heading over an empty list.
///
/// ```swift
/// let view = TrendView(series)
/// view.title               // "output_throughput at c=100"
/// view.changes[0].change   // "-8.0%"
/// view.changes[0].changed  // "engine_version: 0.10.0 → 0.10.1"
/// view.rows.last?.value    // "1398.20 tok/s"
/// ```
public struct TrendView: Sendable, Equatable {
    /// One run of the series.
    public struct Row: Sendable, Equatable {
        /// `run 61`.
        public let run: String
        public let runID: String
        public let time: String
        /// The grouping key's value, or the engine without grouping.
        public let key: String
        public let value: String
        public let interval: String
        /// Requests or questions behind the interval.
        public let count: String
        public let method: String
        /// `▲ +8.0%` on the first run of a new level, else empty.
        public let change: String
        public let isChange: Bool
        /// Why there is no interval, else empty.
        public let note: String
    }

    /// One change point.
    public struct Change: Sendable, Equatable {
        /// `run 61`.
        public let run: String
        public let previousRun: String
        public let time: String
        public let before: String
        public let after: String
        /// `1520.40 tok/s → 1398.20 tok/s`.
        public let beforeAfter: String
        /// `-8.0%`; for fractions also the difference: `-8.0% (-6.4pp)`.
        public let change: String
        public let pValue: String
        /// `60 → 60 runs`: the segments the test compared.
        public let counts: String
        /// `engine_version: 0.10.0 → 0.10.1; label.commit: 3f2a9c1 → 9be01d2`, or `no key changed`.
        public let changed: String
        public let differences: [String]
        /// `increase` or `decrease`, also a CSS class.
        public let direction: String
    }

    /// The runs sharing one value of the grouping key.
    public struct Group: Sendable, Equatable {
        public let value: String
        public let runs: String
        public let mean: String
        public let interval: String
        /// `runs 12–40` or the list of run ids.
        public let members: String
    }

    /// `output_throughput at c=100`, `aime25 accuracy`.
    public let title: String
    /// `output_throughput`, `ttft.p99`, `score`.
    public let metric: String
    /// `ms`, `tok/s`, `%`.
    public let unit: String
    /// `higher is better`.
    public let direction: String
    /// `model=gpt-oss-20b · dataset=random`, or empty when every run was considered.
    public let filters: String
    /// `120 runs`, `1 run`.
    public let runCount: String
    /// `2026-01-01 12:00:00 → 2026-03-01 12:00:00`.
    public let span: String
    /// `run-time order` or `ingest order`.
    public let order: String
    /// `95%`.
    public let level: String
    /// `p < 0.001 · window 50 · minimum change 0%`.
    public let detector: String
    /// `12 runs · 2026-… → 2026-… · run-time order · 1 change point`.
    public let summary: String

    public let changes: [Change]
    /// `1 change point`, `no change point`, `too few runs for change points`.
    public let changesSummary: String
    /// The sentence when there is no change point: `No change point (p < 0.001 · …).`, or why
    /// none could be found.
    public let noChange: String
    /// `engine_version`, or empty without grouping.
    public let grouping: String
    public let groups: [Group]
    /// The header of the rows' key column: the grouping key, else `Engine`.
    public let keyHeader: String
    public private(set) var rows: [Row]
    /// `40 earlier runs are not listed; the JSON report has every run.`, or empty.
    public private(set) var omitted: String
    public let notes: [String]
    /// `2 runs are not comparable with run 23, the newest, and are left out:`, or empty.
    public let leftOutSummary: String
    /// `run 12 left out: stream differs (false vs true)`, oldest first.
    public let leftOut: [String]
    public private(set) var charts: [String]

    public let hasFilters: Bool
    public let hasChanges: Bool
    public let hasGroups: Bool
    public private(set) var hasRows: Bool
    public private(set) var hasOmitted: Bool
    public let hasNotes: Bool
    public let hasLeftOut: Bool
    public private(set) var hasCharts: Bool

    public init(_ series: TrendSeries) {
        let unit = series.subject.unit
        let scale = Formatting.displayScale(unit)
        title = Self.title(series)
        metric = series.subject.label
        self.unit = scale.suffix
        direction = switch series.subject.direction {
        case .higherIsBetter: "higher is better"
        case .lowerIsBetter: "lower is better"
        case .neutral: "neither direction is better"
        }
        filters = series.filters.joined(separator: " · ")
        runCount = "\(Formatting.count(series.points.count)) run\(series.points.count == 1 ? "" : "s")"
        span = series.timeSpan.map { "\(Formatting.time($0.first)) → \(Formatting.time($0.last))" } ?? "-"
        order = series.order == .runTime ? "run-time order" : "ingest order"
        level = Formatting.percent(series.level)
        detector = [
            "p < \(Formatting.number(series.detector.maxPValue))", "window \(series.detector.window)",
            "minimum change \(Formatting.percent(series.detector.minMagnitude))",
        ].joined(separator: " · ")
        let changeCount = series.changes.count
        let needed = series.detector.minimumSeriesLength
        let tooShort = series.points.count < needed
        changesSummary = tooShort ? "too few runs for change points"
            : changeCount == 0 ? "no change point" : changeCount == 1 ? "1 change point" : "\(changeCount) change points"
        noChange = tooShort
            ? "Too few runs to look for change points: a change needs \(series.detector.minSegment) runs on each side, "
                + "\(needed) in all, and there \(series.points.count == 1 ? "is" : "are") \(series.points.count)."
            : "No change point (\(detector))."
        summary = [runCount, span, order, changesSummary].joined(separator: " · ")

        changes = series.changes.map { Self.change($0, unit: unit) }
        grouping = series.grouping?.description ?? ""
        groups = series.groups.map { group in
            Group(
                value: group.value ?? "(unset)",
                runs: Formatting.count(group.runIDs.count),
                mean: Formatting.value(group.mean, unit: unit),
                interval: Self.interval(group.interval, unit: unit),
                members: Self.members(group.runIDs))
        }
        keyHeader = series.grouping?.description ?? "Engine"

        let changeIndex = Dictionary(series.changes.map { ($0.changePoint.index, $0) }) { first, _ in first }
        rows = series.points.enumerated().map { index, point in
            let change = changeIndex[index]
            return Row(
                run: "run \(point.runID)", runID: String(point.runID), time: Formatting.time(point.time),
                key: series.grouping.map { $0.value(in: point.run) ?? "(unset)" } ?? Formatting.engine(point.run.engine),
                value: Formatting.value(point.value, unit: unit),
                interval: Self.interval(point.interval, unit: unit),
                count: point.count.map(Formatting.count) ?? "-",
                method: Formatting.method(interval: point.method, test: .none),
                change: change.map { Self.marker($0.changePoint) } ?? "",
                isChange: change != nil,
                note: point.limitation ?? "")
        }
        omitted = ""
        notes = Self.notes(series)
        leftOut = series.excluded.map { "run \($0.runID) left out: \($0.reason)" }
        let excludedCount = series.excluded.count
        leftOutSummary = excludedCount == 0 ? "" : "\(Formatting.count(excludedCount)) run"
            + (excludedCount == 1 ? "" : "s") + " left out, not comparable with "
            + (series.reference.map { "run \($0), the newest" } ?? "the newest run")
            + " (--allow-diff FIELD keeps runs that differ in FIELD):"
        charts = []

        hasFilters = !filters.isEmpty
        hasChanges = !changes.isEmpty
        hasGroups = !groups.isEmpty
        hasRows = !rows.isEmpty
        hasOmitted = false
        hasNotes = !notes.isEmpty
        hasLeftOut = !leftOut.isEmpty
        hasCharts = false
    }

    /// The view listing only the newest `limit` runs, saying how many it leaves out.
    public func keepingLast(_ limit: Int) -> TrendView {
        guard rows.count > limit else { return self }
        var copy = self
        let dropped = rows.count - limit
        copy.rows = Array(rows.suffix(limit))
        copy.hasRows = !copy.rows.isEmpty
        copy.omitted = "\(Formatting.count(dropped)) earlier run\(dropped == 1 ? " is" : "s are") not listed; the JSON report has every run."
        copy.hasOmitted = true
        return copy
    }

    /// The same view with charts (inline SVG, escaped when built).
    func with(charts: [String]) -> TrendView {
        var copy = self
        copy.charts = charts
        copy.hasCharts = !charts.isEmpty
        return copy
    }

    /// `output_throughput at c=100`, `ttft.p99 at rate=2/s`, `aime25 accuracy`.
    static func title(_ series: TrendSeries) -> String {
        switch series.subject {
        case .perf(_, _, let concurrency, let requestRate):
            let level = LoadLevel(concurrency: concurrency, requestRate: requestRate).description
            return level.isEmpty ? series.subject.label : "\(series.subject.label) at \(level)"
        case .score(let dataset):
            let metrics = series.scoreMetrics
            return "\(dataset) \(metrics.isEmpty ? "score" : metrics.joined(separator: "/"))"
        }
    }

    /// `[65.20 ms, 72.10 ms]`, or `-` without an interval.
    static func interval(_ interval: ConfidenceInterval?, unit: CanonicalUnit) -> String {
        guard let interval, interval.lower.isFinite, interval.upper.isFinite else { return "-" }
        return "[\(Formatting.value(interval.lower, unit: unit)), \(Formatting.value(interval.upper, unit: unit))]"
    }

    /// `▲ +8.0%` / `▼ -8.0%`: the first run of a new level in the runs table.
    static func marker(_ point: ChangePoint) -> String {
        let arrow = point.forwardChange == .increase ? "▲" : point.forwardChange == .decrease ? "▼" : "◆"
        return "\(arrow) \(Formatting.change(point.relativeChange, .relative))"
    }

    static func change(_ change: TrendChange, unit: CanonicalUnit) -> Change {
        let point = change.changePoint
        let before = Formatting.value(point.before, unit: unit)
        let after = Formatting.value(point.after, unit: unit)
        var relative = Formatting.change(point.relativeChange, .relative)
        if unit == .fraction {
            relative += " (\(Formatting.change(point.after - point.before, .percentagePoints)))"
        }
        let differences = change.differences.map { difference in
            let from = ComparisonView.keyValue(difference.baseline) ?? "(unset)"
            let to = ComparisonView.keyValue(difference.candidate) ?? "(unset)"
            return "\(difference.field): \(from) → \(to)"
        }
        return Change(
            run: "run \(change.runID)", previousRun: "run \(change.previousRunID)", time: Formatting.time(change.time),
            before: before, after: after, beforeAfter: "\(before) → \(after)", change: relative,
            pValue: Formatting.pValue(point.pValue),
            counts: "\(Formatting.count(point.beforeCount)) → \(Formatting.count(point.afterCount)) runs",
            changed: differences.isEmpty ? "no key changed" : differences.joined(separator: "; "),
            differences: differences, direction: point.forwardChange.rawValue)
    }

    /// `runs 3, 7, 12` or, for many, `runs 3, 7, 12 … 240 (40 runs)`.
    static func members(_ ids: [Int64]) -> String {
        let shown = ids.count <= 6 ? ids.map(String.init).joined(separator: ", ")
            : ids.prefix(3).map(String.init).joined(separator: ", ") + " … " + String(ids.last!)
        return (ids.count == 1 ? "run " : "runs ") + shown
    }

    /// What a reader should know beyond the table: runs left out, runs without an interval and
    /// why, and primary metrics that differ between eval runs.
    static func notes(_ series: TrendSeries) -> [String] {
        var notes: [String] = []
        if !series.leftOut.isEmpty {
            let ids = series.leftOut.prefix(10).map(String.init).joined(separator: ", ")
                + (series.leftOut.count > 10 ? " and \(series.leftOut.count - 10) more" : "")
            notes.append("\(Formatting.count(series.leftOut.count)) matching run\(series.leftOut.count == 1 ? "" : "s") "
                + "reported no \(series.subject.label) and kept no rows to compute it from, so \(series.leftOut.count == 1 ? "it is" : "they are") left out: \(ids)")
        }
        var methods: [String: Int] = [:]
        var limitations: [String: Int] = [:]
        for point in series.points {
            if point.interval != nil {
                methods[point.method.rawValue, default: 0] += 1
            } else {
                limitations[point.limitation ?? "no interval", default: 0] += 1
            }
        }
        if !methods.isEmpty {
            notes.append("per-run \(Formatting.percent(series.level)) intervals: " + methods.keys.sorted().map {
                "\($0) (\(Formatting.count(methods[$0]!)) run\(methods[$0]! == 1 ? "" : "s"))"
            }.joined(separator: ", "))
        }
        for reason in limitations.keys.sorted() {
            let n = limitations[reason]!
            notes.append("\(Formatting.count(n)) run\(n == 1 ? " has" : "s have") no interval: \(reason)")
        }
        if series.scoreMetrics.count > 1 {
            notes.append("the runs mark different primary metrics (\(series.scoreMetrics.joined(separator: ", "))), "
                + "so the series mixes them; a change of metric shows as score_metric among what changed")
        }
        if !series.allowed.isEmpty {
            notes.append("runs may differ from the newest in \(series.allowed.sorted().joined(separator: ", ")) (--allow-diff)")
        }
        if !series.groups.isEmpty {
            notes.append("group intervals are t intervals over the runs' values: they include run-to-run spread")
        }
        return notes
    }
}
