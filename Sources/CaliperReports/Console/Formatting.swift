import CaliperCore
import Foundation

/// Number and key formatting shared by every report, so one figure reads the same everywhere.
public enum Formatting {
    /// A number with `digits` significant decimals, trailing zeros kept off (`0.0687`, `160.57`).
    public static func number(_ value: Double?, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return "-" }
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 2 : magnitude >= 1 ? 3 : digits
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A metric value in the unit people read it in: milliseconds for times, % for fractions.
    public static func metric(_ value: Double?, _ metric: Metric) -> String {
        guard let value else { return "-" }
        switch metric.unit {
        case .seconds: return String(format: "%.2f ms", value * 1000)
        case .fraction: return String(format: "%.2f%%", value * 100)
        case .tokensPerSecond: return String(format: "%.2f tok/s", value)
        case .requestsPerSecond: return String(format: "%.3f req/s", value)
        case .count, .tokens: return number(value, digits: 1)
        }
    }

    /// `vllm 0.10.1`, or `unknown`.
    public static func engine(_ engine: EngineIdentity) -> String {
        switch (engine.name, engine.version) {
        case (nil, nil): "unknown"
        case (let name?, nil): name
        case (nil, let version?): version
        case (let name?, let version?): "\(name) \(version)"
        }
    }

    /// `2026-11-24 19:00:48` from the stored ISO form.
    public static func time(_ iso: String?) -> String {
        guard let iso else { return "unknown" }
        return iso.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    /// `branch=main commit=3f2a9c1`, keys sorted.
    public static func labels(_ labels: [String: String]) -> String {
        labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: " ")
    }
}
