import Foundation

/// Score changes per dataset as a horizontal dot-and-whisker chart: the change (in percentage
/// points for fraction scores) with its interval, a zero line and the threshold, so "how much and
/// how sure" reads at a glance.
///
/// ```swift
/// let chart = DeltaChart(
///     title: "Score change by dataset", unit: "pp", level: "95%",
///     rows: [.init(label: "aime25", delta: 3.3, interval: (-1.2, 7.9), thresholds: [-2], verdict: "inconclusive", tooltip: "aime25 +3.3pp")])
/// chart.svg()
/// ```
struct DeltaChart {
    struct Row {
        var label: String
        var delta: Double
        var interval: (low: Double, high: Double)?
        /// Where the threshold lies on this row, in plotted units (`-2` for `-2pp`; both sides for
        /// a neutral metric).
        var thresholds: [Double]
        /// A verdict name, for the dot's CSS class.
        var verdict: String
        var tooltip: String
    }

    var title: String
    /// `pp`, or the unit of a non-fraction score.
    var unit: String
    /// `95%`.
    var level: String
    var rows: [Row]

    private let width = 640.0
    private let rowHeight = 28.0
    private let top = 40.0
    private let bottom = 44.0
    private let right = 20.0

    func svg() -> String {
        // No text metrics without a font engine: about 6.5 px per character at 11 px.
        let left = min(240, max(90, Double(rows.map(\.label.count).max() ?? 0) * 6.5 + 18))
        let height = top + Double(rows.count) * rowHeight + bottom
        let plotBottom = height - bottom
        var canvas = SVGCanvas(width: width, height: height)
        var values = [0.0]
        for row in rows {
            values += [row.delta, row.interval?.low, row.interval?.high].compactMap { $0 } + row.thresholds
        }
        let x = ChartScale(covering: values, ticks: 6, from: left, to: width - right)

        let frame = ChartFrame(width: width, height: height, left: left, right: right, top: top, bottom: bottom)
        // Row labels sit left of the plot: the title starts at the edge instead.
        canvas.text(title, x: 8, y: 18, class: "title")
        frame.xGrid(x, on: &canvas)
        frame.xAxis(on: &canvas)
        frame.xTitle("change (\(unit)), \(level) interval; dashed: threshold", on: &canvas)
        let zero = x.position(of: 0)
        canvas.line(x1: zero, y1: top, x2: zero, y2: plotBottom, class: "zero")

        for (index, row) in rows.enumerated() {
            let y = top + (Double(index) + 0.5) * rowHeight
            canvas.text(row.label, x: left - 8, y: y + 4, anchor: .end)
            for threshold in row.thresholds {
                let position = x.position(of: threshold)
                canvas.line(
                    x1: position, y1: y - rowHeight / 2, x2: position, y2: y + rowHeight / 2, class: "threshold")
            }
            if let interval = row.interval {
                let low = x.position(of: interval.low)
                let high = x.position(of: interval.high)
                let whisker = "dot whisker v-\(row.verdict)"
                canvas.line(x1: low, y1: y, x2: high, y2: y, class: whisker)
                canvas.line(x1: low, y1: y - 5, x2: low, y2: y + 5, class: whisker)
                canvas.line(x1: high, y1: y - 5, x2: high, y2: y + 5, class: whisker)
            }
            canvas.circle(x: x.position(of: row.delta), y: y, radius: 5, class: "dot v-\(row.verdict)", title: row.tooltip)
        }
        return canvas.render(label: title)
    }
}
