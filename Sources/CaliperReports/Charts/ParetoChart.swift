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

    private let frame = ChartFrame(width: 640, height: 380, left: 64, right: 28, top: 56, bottom: 48)

    func svg() -> String {
        var canvas = SVGCanvas(width: frame.width, height: frame.height)
        let plotBottom = frame.plotBottom
        // Tokens are read against zero (twice the tokens look twice as far), with room on the right
        // so the costliest point and its label stay off the frame.
        let most = points.map(\.tokens).max() ?? 0
        let x = ChartScale(covering: [0, most * 1.08] + points.map(\.tokens), ticks: 6, from: frame.left, to: frame.plotRight)
        // Scores are percentages: whiskers of a t interval may poke past 0 or 100, the axis does not.
        let clamp = { (value: Double) in min(100, max(0, value)) }
        let scores = points.flatMap { [$0.score, $0.interval?.low, $0.interval?.high].compactMap { $0 }.map(clamp) }
        let y = ChartScale(covering: scores, ticks: 5, from: plotBottom, to: frame.top)

        frame.title(title, on: &canvas)
        frame.yGrid(y, on: &canvas)
        frame.xGrid(x, on: &canvas)
        frame.axes(on: &canvas)
        frame.yTitle("score (%)", on: &canvas)
        frame.xTitle("mean output tokens per answer", on: &canvas)

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
            let nearEdge = px > frame.plotRight - 90
            canvas.text(
                point.label, x: nearEdge ? px - 9 : px + 9, y: py - 6, anchor: nearEdge ? .end : .start,
                class: "point-label \(style)")
        }
        legend(&canvas)
        return canvas.render(label: "\(title): score against mean output tokens, one point per setting")
    }

    private func legend(_ canvas: inout SVGCanvas) {
        let y = 38.0
        var x = frame.left
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
