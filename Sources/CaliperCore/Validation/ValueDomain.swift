/// The values a stored number may take: finite, within bounds, whole where it counts things.
///
/// Every number that reaches the store is checked against its domain here, once: importers call
/// ``violation(_:)`` where they read a value (so the error names the file and key), and the store
/// checks the whole run again before writing (``RunValidation``), whatever produced it.
///
/// ```swift
/// ValueDomain.seconds.violation(-1.5)     // "negative"
/// ValueDomain.fraction.violation(7.5)     // "above 1"
/// ValueDomain.tokenCount.violation(1024.7) // "not a whole number"
/// ValueDomain.seconds.violation(0.068)    // nil
/// ```
public struct ValueDomain: Sendable, Equatable {
    public var lowerBound: Double
    /// Whether the lower bound itself is allowed (a duration that throughput divides by is not 0).
    public var includesLowerBound: Bool
    public var upperBound: Double
    /// Whether only whole numbers are allowed (counts of requests and tokens).
    public var isWhole: Bool

    public init(lowerBound: Double = 0, includesLowerBound: Bool = true, upperBound: Double, isWhole: Bool = false) {
        self.lowerBound = lowerBound
        self.includesLowerBound = includesLowerBound
        self.upperBound = upperBound
        self.isWhole = isWhole
    }

    /// Why `value` is outside the domain, in a few words; nil when it is inside.
    public func violation(_ value: Double) -> String? {
        guard value.isFinite else { return value.isNaN ? "not a number (NaN)" : "not finite" }
        if value < lowerBound || (!includesLowerBound && value == lowerBound) {
            if lowerBound == 0 { return value < 0 ? "negative" : "zero, must be positive" }
            return "below \(Self.format(lowerBound))"
        }
        if value > upperBound { return "above \(Self.format(upperBound))" }
        if isWhole, value.rounded(.towardZero) != value { return "not a whole number" }
        return nil
    }

    /// Why `value` is outside the domain; nil when it is inside. Exact for any integer.
    public func violation(_ value: Int) -> String? {
        if value < 0, lowerBound >= 0 { return "negative" }
        // Larger than any bound in use: no Double rounding can let it through.
        if value.magnitude > 1 << 52 { return "above \(Self.format(upperBound))" }
        return violation(Double(value))
    }

    /// A time in seconds: 0 up to 10 million seconds (about 116 days; no request or benchmark
    /// level lasts longer).
    public static let seconds = ValueDomain(upperBound: 1e7)
    /// A wall time that a throughput is divided by: more than 0.
    public static let positiveSeconds = ValueDomain(includesLowerBound: false, upperBound: 1e7)
    /// Tokens/s or requests/s: 0 up to a billion.
    public static let rate = ValueDomain(upperBound: 1e9)
    /// A share: success rate, accuracy.
    public static let fraction = ValueDomain(upperBound: 1)
    /// An arrival rate in requests/s: more than 0, up to a billion.
    public static let arrivalRate = ValueDomain(includesLowerBound: false, upperBound: 1e9)
    /// Requests in flight: whole, 1 up to a million.
    public static let concurrency = ValueDomain(lowerBound: 1, upperBound: 1e6, isWhole: true)
    /// Answers per question (an eval's `repeats`): whole, 1 up to a million.
    public static let repeats = ValueDomain(lowerBound: 1, upperBound: 1e6, isWhole: true)
    /// A number of requests, samples or repeats: whole, 0 up to a billion.
    public static let count = ValueDomain(upperBound: 1e9, isWhole: true)
    /// The tokens of one request: whole, 0 up to a billion.
    public static let tokenCount = ValueDomain(upperBound: 1e9, isWhole: true)
    /// A statistic of token counts over requests (mean, percentile): 0 up to a billion.
    public static let tokenStatistic = ValueDomain(upperBound: 1e9)
    /// A score that is not a share (an unknown metric): any finite number.
    public static let finite = ValueDomain(lowerBound: -Double.greatestFiniteMagnitude, upperBound: .greatestFiniteMagnitude)

    static func format(_ bound: Double) -> String {
        if bound == bound.rounded(), abs(bound) < 1e15 { return String(Int64(bound)) }
        return "\(bound)"
    }
}

extension Metric {
    /// The domain of this metric's `statistic`: counts are whole only as whole-run values.
    public func domain(_ statistic: Statistic) -> ValueDomain {
        switch unit {
        case .seconds: .seconds
        case .tokensPerSecond, .requestsPerSecond: .rate
        case .fraction: .fraction
        case .count: statistic == .value ? .count : .tokenStatistic
        case .tokens: .tokenStatistic
        }
    }
}

extension EvalMetricName {
    /// The domain of a canonical eval metric's score: shares (accuracy, pass@k, BLEU, ROUGE, F1,
    /// exact match) lie in [0, 1]; a metric Caliper does not know need only be finite.
    public static func domain(_ canonical: String) -> ValueDomain {
        // `accuracy.max`: an aggregation of a share is a share; so is a filtered one
        // (lm-eval's `exact_match,strict-match`) and one scoped by its scorer (Inspect's `includes/accuracy`).
        let unfiltered = canonical.split(separator: ",").first.map(String.init) ?? canonical
        let unscoped = unfiltered.split(separator: "/").last.map(String.init) ?? unfiltered
        let base = unscoped.split(separator: ".").first.map(String.init) ?? unscoped
        let shares: Set<String> = ["accuracy", "acc", "em", "exact_match", "f1"]
        let sharePrefixes = ["pass@", "pass^", "vote@", "bleu-", "rouge-"]
        return shares.contains(base) || sharePrefixes.contains { base.hasPrefix($0) } ? .fraction : .finite
    }
}
