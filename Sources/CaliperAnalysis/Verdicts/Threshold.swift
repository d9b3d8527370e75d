import CaliperCore
import Foundation

/// The change a policy tolerates for a metric: a relative share (10 %) or an absolute amount in the
/// metric's unit (for fractions such as eval scores, percentage points: 2 pp is 0.02).
///
/// The direction comes from the metric (``Metric/direction``; eval scores are higher-is-better),
/// never from the sign the user wrote: `ttft.p99: +10%` and `ttft.p99: -10%` are the same policy.
///
/// ```swift
/// Threshold(parsing: "+10%", direction: Metric.ttft.direction)     // relative 0.10, lower is better
/// Threshold(parsing: "-2pp", direction: .higherIsBetter)           // absolute 0.02
/// ```
public struct Threshold: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable {
        case relative
        case absolute
    }

    public var kind: Kind
    /// Non-negative: a fraction of the baseline for `relative` (0.10 = 10 %), else metric units.
    public var magnitude: Double
    public var direction: Direction

    public init(kind: Kind, magnitude: Double, direction: Direction) {
        self.kind = kind
        self.magnitude = abs(magnitude)
        self.direction = direction
    }

    public static func relative(percent: Double, direction: Direction) -> Threshold {
        Threshold(kind: .relative, magnitude: percent / 100, direction: direction)
    }

    public static func absolute(_ amount: Double, direction: Direction) -> Threshold {
        Threshold(kind: .absolute, magnitude: amount, direction: direction)
    }

    public static func percentagePoints(_ points: Double, direction: Direction) -> Threshold {
        Threshold(kind: .absolute, magnitude: points / 100, direction: direction)
    }

    /// Parses `10%`, `+10 %`, `-2pp`, `2 pp` or a plain number (absolute, in metric units).
    /// The sign is ignored. Nil for anything else.
    public init?(parsing text: String, direction: Direction) {
        var body = text.trimmingCharacters(in: .whitespaces).lowercased()
        var kind = Kind.absolute
        var scale = 1.0
        if body.hasSuffix("%") {
            body.removeLast()
            kind = .relative
            scale = 0.01
        } else if body.hasSuffix("pp") {
            body.removeLast(2)
            scale = 0.01
        }
        body = body.trimmingCharacters(in: .whitespaces)
        if body.hasPrefix("+") || body.hasPrefix("-") { body.removeFirst() }
        guard let number = Double(body), number.isFinite else { return nil }
        self.init(kind: kind, magnitude: number * scale, direction: direction)
    }

    /// How the policy reads back: `10%`, `2pp` (fraction metrics) or `0.05`.
    public func label(unitIsFraction: Bool = false) -> String {
        func trim(_ x: Double) -> String { String(format: "%g", x) }
        switch kind {
        case .relative: return trim(magnitude * 100) + "%"
        case .absolute: return unitIsFraction ? trim(magnitude * 100) + "pp" : trim(magnitude)
        }
    }
}
