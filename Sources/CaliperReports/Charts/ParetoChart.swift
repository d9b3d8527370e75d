import Foundation

/// Score against cost, one point per setting: x = mean output tokens per answer, y = score with its
/// interval as a whisker. The Pareto frontier (settings nothing beats on both axes) is drawn as a
/// line; dominated settings are hollow, so "which settings are worth their tokens" reads at a glance.
///
/// ```swift
/// let chart = ParetoChart(
///     title: "aime25 accuracy against output tokens", level: "95%",
///     points: [.init(label: "low", tokens: 49, score: 62.5, interval: (51.2, 73.8), isDominated: false,
///                    isReference: true, tooltip: "low: 62.50% at 49 tokens")])
/// chart.svg()   // "<svg class=\"chart\" …"
/// ```
struct ParetoChart {
    struct Point {
        var label: String
        /// Mean output tokens per answer.
        var tokens: Double
        /// The score in percent.
        var score: Double
        var interval: (low: Double, high: Double)?
        var isDominated: Bool
        /// Drawn as a square, so the reference stands out in print too.
        var isReference: Bool
        var tooltip: String
    }

    var title: String
    /// `95%`: the level of the whiskers.
    var level: String
    var points: [Point]

    private let width = 640.0
    private let height = 380.0
    private let left = 64.0
    private let right = 28.0
    private let top = 56.0
    private let bottom = 48.0

    func svg() -> String {
        var canvas = SVGCanvas(width: width, height: height)
        let plotBottom = height - bottom
        // Tokens are read against zero (twice the tokens look twice as far), with room on the right
        // so the costliest point and its label stay off the frame.
        let most = points.map(\.tokens).max() ?? 0
        let x = ChartScale(covering: [0, most * 1.08] + points.map(\.tokens), ticks: 6, from: left, to: width - right)
        // Scores are percentages: whiskers of a t interval may poke past 0 or 100, the axis does not.
        let clamp = { (value: Double) in min(100, max(0, value)) }
        let scores = points.flatMap { [$0.score, $0.interval?.low, $0.interval?.high].compactMap { $0 }.map(clamp) }
        let y = ChartScale(covering: scores, ticks: 5, from: plotBottom, to: top)

        canvas.text(title, x: left, y: 18, class: "title")
        for tick in y.ticks {
            let position = y.position(of: tick)
            canvas.line(x1: left, y1: position, x2: width - right, y2: position, class: "grid")
            canvas.text(Formatting.number(tick), x: left - 6, y: position + 4, anchor: .end, class: "tick-label")
        }
        for tick in x.ticks {
            let position = x.position(of: tick)
            canvas.line(x1: position, y1: top, x2: position, y2: plotBottom, class: "grid")
            canvas.text(Formatting.number(tick), x: position, y: plotBottom + 16, anchor: .middle, class: "tick-label")
        }
        canvas.line(x1: left, y1: top, x2: left, y2: plotBottom, class: "axis")
        canvas.line(x1: left, y1: plotBottom, x2: width - right, y2: plotBottom, class: "axis")
        canvas.text("score (%)", x: 14, y: (top + plotBottom) / 2, anchor: .middle, class: "axis-label", rotated: true)
        canvas.text(
            "mean output tokens per answer", x: (left + width - right) / 2, y: height - 8, anchor: .middle,
            class: "axis-label")

        let frontier = points.filter { !$0.isDominated }.sorted { ($0.tokens, -$0.score) < ($1.tokens, -$1.score) }
        canvas.polyline(frontier.map { (x: x.position(of: $0.tokens), y: y.position(of: $0.score)) }, class: "frontier-line")
        for point in points {
            let style = point.isDominated ? "dominated" : "frontier"
            let px = x.position(of: point.tokens), py = y.position(of: point.score)
            if let interval = point.interval {
                let low = y.position(of: clamp(interval.low)), high = y.position(of: clamp(interval.high))
                canvas.line(x1: px, y1: low, x2: px, y2: high, class: "whisker \(style)")
                canvas.line(x1: px - 5, y1: low, x2: px + 5, y2: low, class: "whisker \(style)")
                canvas.line(x1: px - 5, y1: high, x2: px + 5, y2: high, class: "whisker \(style)")
            }
            if point.isReference {
                canvas.square(x: px, y: py, size: 10, class: "point \(style)", title: point.tooltip)
            } else {
                canvas.circle(x: px, y: py, radius: 5, class: "point \(style)", title: point.tooltip)
            }
            // Labels sit right of the point, or left of it near the right edge.
            let nearEdge = px > width - right - 90
            canvas.text(
                point.label, x: nearEdge ? px - 9 : px + 9, y: py - 6, anchor: nearEdge ? .end : .start,
                class: "point-label \(style)")
        }
        legend(&canvas)
        return canvas.render(label: "\(title): score against mean output tokens, one point per setting")
    }

    private func legend(_ canvas: inout SVGCanvas) {
        let y = 38.0
        var x = left
        canvas.line(x1: x, y1: y - 4, x2: x + 18, y2: y - 4, class: "frontier-line")
        canvas.circle(x: x + 9, y: y - 4, radius: 4, class: "point frontier", title: "on the Pareto frontier")
        canvas.text("Pareto frontier", x: x + 24, y: y)
        x += 24 + 15 * 6 + 16
        canvas.circle(x: x + 9, y: y - 4, radius: 4, class: "point dominated", title: "dominated")
        canvas.text("dominated", x: x + 20, y: y)
        x += 20 + 9 * 6 + 16
        canvas.square(x: x + 9, y: y - 4, size: 8, class: "point frontier", title: "reference setting")
        canvas.text("reference · whiskers: \(level) interval", x: x + 20, y: y)
    }
}
