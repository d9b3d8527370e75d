import CaliperAnalysis
import CaliperCore

/// Figures of a settings comparison, formatted the way every other report formats them.
extension Formatting {
    /// A score's interval: `[51.23%, 73.77%]`, or `-`.
    public static func scoreInterval(_ interval: ConfidenceInterval?) -> String {
        guard let interval, interval.lower.isFinite, interval.upper.isFinite else { return "-" }
        return "[\(value(interval.lower, unit: .fraction)), \(value(interval.upper, unit: .fraction))]"
    }

    /// Output tokens per correct answer: `78.4`, `∞` when no answer was correct, `-` when unknown.
    public static func tokensPerCorrect(_ tokens: Double?) -> String {
        guard let tokens else { return "-" }
        return tokens == .infinity ? "∞" : value(tokens, unit: .tokens)
    }

    /// A score difference and its interval in percentage points, and a caveat when it may be noise:
    /// (`+17.5pp [+5.8pp, +29.2pp]`, nil), (`+3.1pp [-2.0pp, +8.2pp]`, `not significant`).
    static func scoreDifference(_ comparison: Comparison) -> (text: String, caveat: String?) {
        let delta = change(comparison.absoluteDelta, .percentagePoints)
        guard let interval = comparison.absoluteInterval else { return (delta, "no interval") }
        return ("\(delta) \(self.interval(interval, .percentagePoints))", interval.contains(0) ? "not significant" : nil)
    }

    /// How a token change reads in a sentence: `for +277.6% output tokens`, `at -12.0% output tokens`.
    static func tokenChangePhrase(_ relative: Double?) -> String? {
        guard let relative, relative.isFinite else { return nil }
        if relative == 0 { return "at the same output tokens" }
        return "\(relative > 0 ? "for" : "at") \(change(relative, .relative)) output tokens"
    }
}
