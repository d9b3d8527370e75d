import CaliperAnalysis
import CaliperCore

/// The charts of the HTML trend report, as inline SVG: the runs in order with their intervals,
/// change points and segment means; with grouping, also one slot per group with its mean, its
/// interval across runs, and its runs as dots.
///
/// ```swift
/// TrendCharts.svg(for: series, view: TrendView(series))   // ["<svg class=\"chart\" …"] (two with --by)
/// ```
enum TrendCharts {
    /// - Parameter view: the series' view with every run (tooltips read their figures from it).
    static func svg(for series: TrendSeries, view: TrendView) -> [String] {
        guard !series.points.isEmpty else { return [] }
        var charts: [String] = []
        if !series.groups.isEmpty { charts.append(groups(series, view: view)) }
        charts.append(runs(series, view: view))
        return charts
    }

    static func runs(_ series: TrendSeries, view: TrendView) -> String {
        let unit = series.subject.unit
        let factor = Formatting.displayScale(unit).factor
        let points = series.points.indices.map { index in
            let point = series.points[index], row = view.rows[index]
            return TrendChart.Point(
                label: String(point.runID), value: point.value * factor,
                interval: point.interval.map { ($0.lower * factor, $0.upper * factor) },
                tooltip: "\(row.run) · \(row.time) · \(row.value) \(row.interval) · \(row.key)")
        }
        let markers = series.changes.indices.map { index in
            let change = view.changes[index]
            return TrendChart.Marker(
                index: series.changes[index].changePoint.index, label: change.change,
                tooltip: "\(change.run): \(change.beforeAfter), \(change.change), p \(change.pValue); \(change.changed)")
        }
        let segments = series.segments.map { segment in
            TrendChart.Segment(
                range: segment.range, mean: segment.mean * factor,
                tooltip: "runs \(series.points[segment.range.lowerBound].runID)–\(series.points[segment.range.upperBound - 1].runID): "
                    + "mean \(Formatting.value(segment.mean, unit: unit))")
        }
        return TrendChart(
            title: "\(view.title) by run", unit: view.unit, axisTitle: "run id, \(view.order)",
            points: points, markers: markers, segments: segments
        ).svg()
    }

    static func groups(_ series: TrendSeries, view: TrendView) -> String {
        let factor = Formatting.displayScale(series.subject.unit).factor
        let points = series.groups.indices.map { index in
            let group = series.groups[index], shown = view.groups[index]
            return TrendChart.Point(
                label: shown.value, value: group.mean * factor,
                interval: group.interval.map { ($0.lower * factor, $0.upper * factor) },
                members: group.indices.map { series.points[$0].value * factor },
                tooltip: "\(view.grouping) \(shown.value): mean \(shown.mean) \(shown.interval), \(shown.runs) run(s)")
        }
        return TrendChart(
            title: "\(view.title) by \(view.grouping)", unit: view.unit, axisTitle: view.grouping,
            points: points, markers: [], segments: [], connected: false
        ).svg()
    }
}
