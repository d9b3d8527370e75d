import CaliperAnalysis
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
        self.value(value, unit: metric.unit)
    }

    /// A value stored in `unit`, shown the way people read it: `68.66 ms`, `87.50%`, `160.57 tok/s`.
    public static func value(_ value: Double?, unit: CanonicalUnit) -> String {
        guard let value, value.isFinite else { return "-" }
        switch unit {
        case .seconds: return String(format: "%.2f ms", value * 1000)
        case .fraction: return String(format: "%.2f%%", value * 100)
        case .tokensPerSecond: return String(format: "%.2f tok/s", value)
        case .requestsPerSecond: return String(format: "%.3f req/s", value)
        case .count, .tokens: return number(value, digits: 1)
        }
    }

    /// The factor from a stored value to the figure people read (seconds to ms, fractions to %),
    /// and that figure's unit, for chart axes.
    public static func displayScale(_ unit: CanonicalUnit) -> (factor: Double, suffix: String) {
        switch unit {
        case .seconds: (1000, "ms")
        case .fraction: (100, "%")
        case .tokensPerSecond: (1, "tok/s")
        case .requestsPerSecond: (1, "req/s")
        case .count: (1, "")
        case .tokens: (1, "tokens")
        }
    }

    /// How a change between two values is expressed.
    public enum ChangeScale: Sendable, Equatable {
        /// A share of the baseline: `+4.1%`.
        case relative
        /// A difference of two fractions, in percentage points: `-2.5pp`.
        case percentagePoints
        /// A difference in the metric's unit: `+12.30 ms`, `+120.5`.
        case absolute(CanonicalUnit)

        /// The scale a row's delta is shown in: relative under a relative threshold (so the delta
        /// and the threshold compare directly), percentage points for fractions, else absolute.
        public static func of(unit: CanonicalUnit, threshold: Threshold?) -> ChangeScale {
            if threshold?.kind == .relative { return .relative }
            return unit == .fraction ? .percentagePoints : .absolute(unit)
        }
    }

    /// A change: `+4.1%`, `-2.5pp`, `+12.30 ms`; unsigned (for sizes such as a detectable effect)
    /// when `signed` is false. `-` for nil or non-finite values.
    public static func change(_ value: Double?, _ scale: ChangeScale, signed: Bool = true) -> String {
        guard let value, value.isFinite else { return "-" }
        let sign = signed ? "+" : ""
        func fixed(_ x: Double, _ decimals: Int) -> String {
            // A change that rounds to zero has no direction: "0.0%", never "-0.0%".
            let text = String(format: "%\(sign).\(decimals)f", x)
            return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
        }
        switch scale {
        case .relative: return fixed(value * 100, 1) + "%"
        case .percentagePoints: return fixed(value * 100, 1) + "pp"
        case .absolute(let unit):
            switch unit {
            case .seconds: return fixed(value * 1000, 2) + " ms"
            case .fraction: return fixed(value * 100, 1) + "pp"
            case .tokensPerSecond: return fixed(value, 2) + " tok/s"
            case .requestsPerSecond: return fixed(value, 3) + " req/s"
            case .count, .tokens:
                let text = number(value, digits: 1)
                return signed && value > 0 && text != "0" ? "+" + text : text
            }
        }
    }

    /// `[-9.5%, -4.4%]`, or `-` without an interval.
    public static func interval(_ interval: ConfidenceInterval?, _ scale: ChangeScale) -> String {
        guard let interval, interval.lower.isFinite, interval.upper.isFinite else { return "-" }
        return "[\(change(interval.lower, scale)), \(change(interval.upper, scale))]"
    }

    /// `0.012`, `< 0.001`, or `-` without a test.
    public static func pValue(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "-" }
        return p < 0.001 ? "< 0.001" : String(format: "%.3f", p)
    }

    /// The correction's name as reports print it next to adjusted p-values.
    public static func correction(_ adjustment: PValueAdjustment) -> String {
        switch adjustment {
        case .none: "unadjusted"
        case .holm: "Holm"
        case .benjaminiHochberg: "Benjamini-Hochberg"
        }
    }

    /// A threshold as policies write it, signed towards "worse": `+10%` for latencies, `-2pp` for
    /// scores, `±5%` for neutral metrics; absolute amounts in the unit people read (`+50.00 ms`).
    public static func threshold(_ threshold: Threshold, unit: CanonicalUnit) -> String {
        let sign = switch threshold.direction {
        case .lowerIsBetter: "+"
        case .higherIsBetter: "-"
        case .neutral: "±"
        }
        if threshold.kind == .absolute, unit != .fraction {
            return sign + value(threshold.magnitude, unit: unit)
        }
        return sign + threshold.label(unitIsFraction: unit == .fraction)
    }

    /// `welch`, or `order_statistic / mann_whitney` when the interval and the test differ; `-` for none.
    public static func method(interval: ComparisonMethod, test: ComparisonMethod) -> String {
        let names = [interval, test].filter { $0 != .none }.map(\.rawValue)
        guard let first = names.first else { return "-" }
        return names.count == 2 && names[1] != first ? "\(first) / \(names[1])" : first
    }

    /// `95%`, `99.9%`: a fraction as a percentage with no needless decimals.
    public static func percent(_ fraction: Double) -> String {
        String(format: "%g%%", (fraction * 1000).rounded() / 10)
    }

    /// `1,200`: counts people read at a glance.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// The word for a verdict; `info` for a row shown but not gated.
    public static func verdict(_ verdict: Verdict?) -> String {
        verdict?.rawValue ?? "info"
    }

    /// The verdict with the symbol Markdown and HTML lead with: `❌ regression`, `✅ improvement`.
    public static func verdictBadge(_ verdict: Verdict?) -> String {
        switch verdict {
        case .regression?: "❌ regression"
        case .improvement?: "✅ improvement"
        case .unchanged?: "➖ unchanged"
        case .inconclusive?: "⚠️ inconclusive"
        case nil: "info"
        }
    }

    /// The gate's status with its symbol: `❌ FAIL`, `✅ PASS`, `⛔ NOT COMPARABLE`, `❔ NO DATA`.
    public static func statusBadge(_ status: GateStatus, text: String? = nil) -> String {
        let symbol = switch status {
        case .pass: "✅"
        case .fail: "❌"
        case .notComparable: "⛔"
        case .noData, .noBaseline: "❔"
        }
        return "\(symbol) \(text ?? status.label)"
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

    /// `2026-11-24 19:00:48` from the stored ISO form: UTC, as every stored time is.
    public static func time(_ iso: String?) -> String {
        guard let iso else { return "unknown" }
        return iso.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    /// A run time in UTC, compact, for tables: `2026-11-24 11:00:48`.
    public static func time(_ time: RunTime?) -> String { self.time(time?.utcText) }

    /// A run time as read, with its offset, the UTC instant, and where the zone came from:
    /// `2026-11-24 19:00:48 +08:00 (11:00:48 UTC; zone of the ingesting host: the source has none)`.
    public static func runTime(_ time: RunTime?) -> String {
        guard let time else { return "unknown" }
        let utc = self.time(time.utcText)
        guard let offset = time.offsetText else { return "\(utc) UTC (zone unknown: stored before zones were kept)" }
        let local = self.time(String(time.localText.dropLast(offset.count)))
        let instant = local.prefix(10) == utc.prefix(10) ? String(utc.dropFirst(11)) : utc
        let zone = time.origin == .ingestHost ? "; zone of the ingesting host: the source has none" : ""
        return "\(local) \(offset) (\(instant) UTC\(zone))"
    }

    /// `branch=main commit=3f2a9c1`, keys sorted.
    public static func labels(_ labels: [String: String]) -> String {
        labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: " ")
    }
}
