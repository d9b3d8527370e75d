import Foundation

/// A small SVG writer for report charts. Every text and title it writes goes through
/// ``HTMLEscape``, and every other attribute is a number or a class name from code, so a chart can
/// be placed in HTML unescaped (`{{{ }}}`) whatever the data says.
///
/// Colors and fonts come from CSS classes in the page, not from the SVG, so charts follow the
/// report's light and dark themes.
///
/// ```swift
/// var canvas = SVGCanvas(width: 200, height: 100)
/// canvas.line(x1: 0, y1: 50, x2: 200, y2: 50, class: "zero")
/// canvas.text("Qwen<3>", x: 10, y: 20)          // Qwen&lt;3&gt;
/// canvas.render(label: "TTFT p99 by concurrency")
/// ```
struct SVGCanvas {
    enum Anchor: String {
        case start
        case middle
        case end
    }

    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, class name: String) {
        elements.append(#"<line class="\#(name)" x1="\#(f(x1))" y1="\#(f(y1))" x2="\#(f(x2))" y2="\#(f(y2))"/>"#)
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], class name: String) {
        guard points.count > 1 else { return }
        let coordinates = points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
        elements.append(#"<polyline class="\#(name)" points="\#(coordinates)"/>"#)
    }

    /// A point marker with a tooltip.
    mutating func circle(x: Double, y: Double, radius: Double, class name: String, title: String) {
        elements.append(
            #"<circle class="\#(name)" cx="\#(f(x))" cy="\#(f(y))" r="\#(f(radius))"><title>\#(HTMLEscape.escape(title))</title></circle>"#)
    }

    /// A square marker with a tooltip, so two series differ in shape as well as in color.
    mutating func square(x: Double, y: Double, size: Double, class name: String, title: String) {
        elements.append(
            #"<rect class="\#(name)" x="\#(f(x - size / 2))" y="\#(f(y - size / 2))" width="\#(f(size))" height="\#(f(size))"><title>\#(HTMLEscape.escape(title))</title></rect>"#)
    }

    mutating func text(
        _ text: String, x: Double, y: Double, anchor: Anchor = .start, class name: String = "", rotated: Bool = false
    ) {
        let classAttribute = name.isEmpty ? "" : #" class="\#(name)""#
        let transform = rotated ? #" transform="rotate(-90 \#(f(x)) \#(f(y)))""# : ""
        elements.append(
            #"<text\#(classAttribute) x="\#(f(x))" y="\#(f(y))" text-anchor="\#(anchor.rawValue)"\#(transform)>\#(HTMLEscape.escape(text))</text>"#)
    }

    /// The `<svg>` element; `label` is read by screen readers.
    func render(label: String) -> String {
        let header = #"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(f(width)) \#(f(height))" role="img" aria-label="\#(HTMLEscape.escape(label))">"#
        return ([header] + elements + ["</svg>"]).joined(separator: "\n")
    }

    /// Coordinates to one decimal: enough for a screen, and stable text for tests.
    private func f(_ value: Double) -> String {
        String(format: "%.1f", value.isFinite ? value : 0)
    }

    /// A line with a tooltip: a change-point marker, a segment's mean.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, class name: String, title: String) {
        elements.append(
            #"<line class="\#(name)" x1="\#(f(x1))" y1="\#(f(y1))" x2="\#(f(x2))" y2="\#(f(y2))"><title>\#(HTMLEscape.escape(title))</title></line>"#)
    }

    /// A small marker without a tooltip, for many points where titles would only add weight.
    mutating func dot(x: Double, y: Double, radius: Double, class name: String) {
        elements.append(#"<circle class="\#(name)" cx="\#(f(x))" cy="\#(f(y))" r="\#(f(radius))"/>"#)
    }
}
