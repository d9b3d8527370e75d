/// The plot area of a chart and its furniture — title, grid lines with tick labels, axes and axis
/// titles — drawn the same way in every chart.
///
/// ```swift
/// let frame = ChartFrame(width: 520, height: 300, left: 64, right: 16, top: 48, bottom: 46)
/// let y = ChartScale(covering: values, ticks: 5, from: frame.plotBottom, to: frame.top)
/// frame.title("ttft.p99 by concurrency", on: &canvas)
/// frame.yGrid(y, on: &canvas)
/// frame.axes(on: &canvas)
/// ```
struct ChartFrame {
    let width: Double
    let height: Double
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double

    var plotBottom: Double { height - bottom }
    var plotRight: Double { width - right }

    func title(_ text: String, on canvas: inout SVGCanvas) {
        canvas.text(text, x: left, y: 18, class: "title")
    }

    /// Horizontal grid lines at `y`'s ticks, labelled on the left.
    func yGrid(_ y: ChartScale, on canvas: inout SVGCanvas) {
        for tick in y.ticks {
            let position = y.position(of: tick)
            canvas.line(x1: left, y1: position, x2: plotRight, y2: position, class: "grid")
            canvas.text(Formatting.number(tick), x: left - 6, y: position + 4, anchor: .end, class: "tick-label")
        }
    }

    /// Vertical grid lines at `x`'s ticks, labelled below the plot.
    func xGrid(_ x: ChartScale, on canvas: inout SVGCanvas) {
        for tick in x.ticks {
            let position = x.position(of: tick)
            canvas.line(x1: position, y1: top, x2: position, y2: plotBottom, class: "grid")
            canvas.text(Formatting.number(tick), x: position, y: plotBottom + 16, anchor: .middle, class: "tick-label")
        }
    }

    /// The left and bottom axis lines.
    func axes(on canvas: inout SVGCanvas) {
        canvas.line(x1: left, y1: top, x2: left, y2: plotBottom, class: "axis")
        xAxis(on: &canvas)
    }

    func xAxis(on canvas: inout SVGCanvas) {
        canvas.line(x1: left, y1: plotBottom, x2: plotRight, y2: plotBottom, class: "axis")
    }

    /// A label below the plot, at `x`.
    func xLabel(_ text: String, at x: Double, on canvas: inout SVGCanvas) {
        canvas.text(text, x: x, y: plotBottom + 16, anchor: .middle, class: "tick-label")
    }

    func yTitle(_ text: String, on canvas: inout SVGCanvas) {
        canvas.text(text, x: 14, y: (top + plotBottom) / 2, anchor: .middle, class: "axis-label", rotated: true)
    }

    func xTitle(_ text: String, on canvas: inout SVGCanvas) {
        canvas.text(text, x: (left + plotRight) / 2, y: height - 8, anchor: .middle, class: "axis-label")
    }
}
