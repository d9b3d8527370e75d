import Foundation

/// One figure (`ttft.p99`, `output_throughput`) across load levels: the baseline and the candidate
/// as two lines with markers, and the candidate's interval as error bars, so a regression that
/// grows with load shows as lines drifting apart.
///
/// The error bar is the interval of the change, placed around the baseline value: a bar that
/// misses the baseline's marker is a significant difference at that level.
///
/// ```swift
/// let chart = ConcurrencyChart(
///     title: "ttft.p99 by concurrency", unit: "ms", axisTitle: "concurrency",
///     baselineName: "run 41", candidateName: "run 42",
///     points: [.init(level: "1", baseline: 70, candidate: 74, interval: (71, 77), baselineText: "70.00 ms", candidateText: "74.00 ms")])
/// chart.svg()   // "<svg class=\"chart\" …"
/// ```
struct ConcurrencyChart {
    struct Point {
        /// The x-axis label: `8` under a concurrency axis, `rate=2/s` otherwise.
        var level: String
        var baseline: Double?
        var candidate: Double?
        /// Where the candidate may lie, given the interval of the change.
        var interval: (low: Double, high: Double)?
        /// The figures as the tables print them, for tooltips.
        var baselineText: String
        var candidateText: String
    }

    var title: String
    /// The y axis's unit: `ms`, `tok/s`, `%`.
    var unit: String
    var axisTitle: String
    var baselineName: String
    var candidateName: String
    var points: [Point]

    private let frame = ChartFrame(width: 520, height: 300, left: 64, right: 16, top: 48, bottom: 46)

    func svg() -> String {
        var canvas = SVGCanvas(width: frame.width, height: frame.height)
        let plotBottom = frame.plotBottom
        var values = points.flatMap { [$0.baseline, $0.candidate, $0.interval?.low, $0.interval?.high].compactMap { $0 } }
        // Latencies and throughputs are read against zero; a range that crosses it keeps it too.
        if values.allSatisfy({ $0 >= 0 }) { values.append(0) }
        let y = ChartScale(covering: values, ticks: 5, from: plotBottom, to: frame.top)
        let step = (frame.plotRight - frame.left) / Double(max(points.count, 1))
        func x(_ index: Int) -> Double { frame.left + (Double(index) + 0.5) * step }

        frame.title(title, on: &canvas)
        frame.yGrid(y, on: &canvas)
        frame.axes(on: &canvas)
        frame.yTitle(unit, on: &canvas)
        for (index, point) in points.enumerated() {
            frame.xLabel(point.level, at: x(index), on: &canvas)
        }
        frame.xTitle(axisTitle, on: &canvas)

        let baseline = points.indices.compactMap { index in points[index].baseline.map { (x: x(index), y: y.position(of: $0)) } }
        let candidate = points.indices.compactMap { index in points[index].candidate.map { (x: x(index), y: y.position(of: $0)) } }
        canvas.polyline(baseline, class: "series baseline")
        canvas.polyline(candidate, class: "series candidate")
        for (index, point) in points.enumerated() {
            if let interval = point.interval {
                let low = y.position(of: interval.low)
                let high = y.position(of: interval.high)
                canvas.line(x1: x(index), y1: low, x2: x(index), y2: high, class: "candidate whisker")
                canvas.line(x1: x(index) - 5, y1: low, x2: x(index) + 5, y2: low, class: "candidate whisker")
                canvas.line(x1: x(index) - 5, y1: high, x2: x(index) + 5, y2: high, class: "candidate whisker")
            }
            if let value = point.baseline {
                canvas.square(
                    x: x(index), y: y.position(of: value), size: 8, class: "baseline",
                    title: "\(point.level) baseline (\(baselineName)): \(point.baselineText)")
            }
            if let value = point.candidate {
                canvas.circle(
                    x: x(index), y: y.position(of: value), radius: 4, class: "candidate",
                    title: "\(point.level) candidate (\(candidateName)): \(point.candidateText)")
            }
        }
        legend(&canvas)
        return canvas.render(label: "\(title): baseline \(baselineName) and candidate \(candidateName)")
    }

    private func legend(_ canvas: inout SVGCanvas) {
        var x = frame.left
        let y = 36.0
        for (name, series, isBaseline) in [
            ("baseline \(baselineName)", "baseline", true),
            ("candidate \(candidateName), interval of the change", "candidate", false),
        ] {
            canvas.line(x1: x, y1: y - 4, x2: x + 18, y2: y - 4, class: "series \(series)")
            if isBaseline {
                canvas.square(x: x + 9, y: y - 4, size: 7, class: series, title: name)
            } else {
                canvas.circle(x: x + 9, y: y - 4, radius: 3.5, class: series, title: name)
            }
            canvas.text(name, x: x + 24, y: y)
            // No text metrics without a font engine: about 6 px per character at 11 px.
            x += 24 + Double(name.count) * 6 + 16
        }
    }
}
