/// The unit a canonical metric is stored in.
public enum CanonicalUnit: String, Sendable, Codable {
    case seconds = "s"
    case tokensPerSecond = "tok/s"
    case requestsPerSecond = "req/s"
    case fraction
    case count
    case tokens
}

/// The unit a source wrote a number in. Every conversion into canonical units happens here.
///
/// ```swift
/// SourceUnit.milliseconds.canonical(68.66)   // 0.06866 (seconds)
/// SourceUnit.percent.canonical(70)           // 0.7 (fraction)
/// ```
public enum SourceUnit: Sendable {
    case seconds
    case milliseconds
    case microseconds
    case nanoseconds
    case tokensPerSecond
    case requestsPerSecond
    case fraction
    case percent
    case count
    case tokens

    /// The value in the canonical unit of its metric: seconds, tokens/s, requests/s or a fraction.
    public func canonical(_ value: Double) -> Double {
        switch self {
        case .milliseconds: value / 1_000
        case .microseconds: value / 1_000_000
        case .nanoseconds: value / 1_000_000_000
        case .percent: value / 100
        case .seconds, .tokensPerSecond, .requestsPerSecond, .fraction, .count, .tokens: value
        }
    }
}
