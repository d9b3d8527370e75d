/// A canonical performance metric, stored under one name whatever the source called it.
///
/// Values are always in the metric's ``unit``: seconds for times, tokens/s and requests/s for rates,
/// a fraction in [0, 1] for rates of success. Sources' own units are converted by ``SourceUnit``.
///
/// ```swift
/// Metric(rawValue: "ttft")?.direction   // .lowerIsBetter
/// ```
public enum Metric: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable, Comparable {
    case requestThroughput = "request_throughput"
    case outputThroughput = "output_throughput"
    case totalThroughput = "total_throughput"
    case latency
    case ttft
    case tpot
    case itl
    case successRate = "success_rate"
    case requests
    case failedRequests = "failed_requests"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"

    /// Which way is better. It comes from the metric, never from the sign a user writes in a policy.
    public var direction: Direction {
        switch self {
        case .requestThroughput, .outputThroughput, .totalThroughput, .successRate: .higherIsBetter
        case .latency, .ttft, .tpot, .itl, .failedRequests: .lowerIsBetter
        case .requests, .inputTokens, .outputTokens: .neutral
        }
    }

    public var unit: CanonicalUnit {
        switch self {
        case .requestThroughput: .requestsPerSecond
        case .outputThroughput, .totalThroughput: .tokensPerSecond
        case .latency, .ttft, .tpot, .itl: .seconds
        case .successRate: .fraction
        case .requests, .failedRequests: .count
        case .inputTokens, .outputTokens: .tokens
        }
    }

    public static func < (lhs: Metric, rhs: Metric) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Whether a larger value of a metric is an improvement.
public enum Direction: String, Sendable, Codable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
    case neutral
}
