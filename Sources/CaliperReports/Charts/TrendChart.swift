import Foundation

/// A series across runs (or groups): a line through the values with each one's interval as a
/// whisker, dashed vertical markers where the level changes (labelled with the relative change),
/// and each segment's mean as a horizontal bar, so "when did it move, by how much, and how sure"
/// reads at a glance.
///
/// With many points the markers shrink to the line and whiskers; tooltips stay on the points up
/// to ``maxMarkedPoints``, so a 10,000-run page stays light.
///
/// ```swift
/// let chart = TrendChart(
///     title: "output_throughput at c=100", unit: "tok/s", axisTitle: "run, in run-time order",
///     points: [.init(label: "41", value: 1520, interval: (1490, 1550), tooltip: "run 41: 1520.00 tok/s")],
///     markers: [], segments: [])
/// chart.svg()   // "<svg class=\"chart\" …"
/// ```
struct TrendChart {
    struct Point {
        /// The x-axis label: a run id, or a group's value.
        var label: String
        var value: Double
        var interval: (low: Double, high: Double)?
        /// Values drawn as small dots in the same slot (a group's runs).
        var members: [Double] = []
        var tooltip: String
    }

    /// A change point: the new level starts at point `index`.
    struct Marker {
        var index: Int
        /// `-8.0%`.
        var label: String
        var tooltip: String
    }

    /// A stretch at one mean level, over points `range`.
    struct Segment {
        var range: Range<Int>
        var mean: Double
        var tooltip: String
    }

    var title: String
    /// The y axis's unit: `ms`, `tok/s`, `%`.
    var unit: String
    var axisTitle: String
    var points: [Point]
    var markers: [Marker]
    var segments: [Segment]
    /// Whether a line joins the points (runs in order; groups are not a sequence in time).
    var connected = true

    /// Above this many points, points are not drawn one by one: the line, whiskers, markers and
    /// segments carry the chart.
    static let maxMarkedPoints = 400
    /// At most this many x-axis labels.
    static let maxLabels = 12

    private let frame = ChartFrame(width: 760, height: 320, left: 70, right: 16, top: 52, bottom: 46)

    func svg() -> String {
        var canvas = SVGCanvas(width: frame.width, height: frame.height)
        let plotBottom = frame.plotBottom
        var values: [Double] = []
        for point in points {
            values += [point.value, point.interval?.low, point.interval?.high].compactMap { $0 } + point.members
        }
        values += segments.map(\.mean)
        let y = ChartScale(covering: values, ticks: 5, from: plotBottom, to: frame.top)
        let step = (frame.width - frame.left - frame.right) / Double(max(points.count, 1))
        func x(_ index: Double) -> Double { frame.left + (index + 0.5) * step }

        frame.title(title, on: &canvas)
        frame.yGrid(y, on: &canvas)
        frame.axes(on: &canvas)
        frame.yTitle(unit, on: &canvas)
        let labelEvery = max(1, Int((Double(points.count) / Double(Self.maxLabels)).rounded(.up)))
        for index in stride(from: 0, to: points.count, by: labelEvery) {
            frame.xLabel(Self.shortened(points[index].label), at: x(Double(index)), on: &canvas)
        }
        frame.xTitle(axisTitle, on: &canvas)

        // Bottom to top: intervals (faint, they are many), the line, the points, then what the
        // reader looks for — segment means and change markers — over everything.
        let marked = points.count <= Self.maxMarkedPoints
        // A group's interval is what its chart is for: full strength there.
        let whisker = connected ? "candidate whisker interval" : "candidate whisker"
        for (index, point) in points.enumerated() {
            guard let interval = point.interval else { continue }
            let centre = x(Double(index))
            let low = y.position(of: interval.low)
            let high = y.position(of: interval.high)
            canvas.line(x1: centre, y1: low, x2: centre, y2: high, class: whisker)
            if step >= 8 {
                let cap = min(5, step / 3)
                canvas.line(x1: centre - cap, y1: low, x2: centre + cap, y2: low, class: whisker)
                canvas.line(x1: centre - cap, y1: high, x2: centre + cap, y2: high, class: whisker)
            }
        }
        if connected {
            canvas.polyline(points.indices.map { (x(Double($0)), y.position(of: points[$0].value)) }, class: "series candidate")
        }
        for (index, point) in points.enumerated() {
            let centre = x(Double(index))
            for member in point.members {
                canvas.dot(x: centre, y: y.position(of: member), radius: 2.5, class: "member")
            }
            if marked {
                canvas.circle(
                    x: centre, y: y.position(of: point.value), radius: min(4, max(2, step / 4)), class: "candidate",
                    title: point.tooltip)
            }
        }
        for segment in segments where !segment.range.isEmpty {
            let level = y.position(of: segment.mean)
            canvas.line(
                x1: x(Double(segment.range.lowerBound) - 0.5), y1: level, x2: x(Double(segment.range.upperBound) - 0.5),
                y2: level, class: "segment", title: segment.tooltip)
        }
        for marker in markers where points.indices.contains(marker.index) {
            let position = x(Double(marker.index) - 0.5)
            canvas.line(x1: position, y1: frame.top - 6, x2: position, y2: plotBottom, class: "change-point", title: marker.tooltip)
            canvas.text(marker.label, x: position + 3, y: frame.top - 8, class: "change-label")
        }
        return canvas.render(label: "\(title), \(points.count) \(connected ? "runs" : "groups")")
    }

    /// A label that fits under a slot: long group names and ids are cut with an ellipsis.
    static func shortened(_ label: String) -> String {
        label.count <= 14 ? label : label.prefix(13) + "…"
    }
}
