import Foundation

/// A summary statistic of a metric's distribution over requests (or over a run, for `value`).
///
/// Percentiles are named `pNN`. Sources that report other percentiles (EvalScope ≤ 1.6 writes
/// 66 %, 80 % and 98 %) keep them under the same scheme.
public enum Statistic: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable, Comparable {
    /// A figure of the whole run (a throughput, a count), not a summary over requests.
    case value
    case mean
    case std
    case min
    case p1, p5, p10, p25, p50, p66, p75, p80, p90, p95, p98, p99
    case max

    /// The percentile rank in [0, 100] for `pNN`, `min` (0) and `max` (100); nil otherwise.
    public var percentileRank: Double? {
        switch self {
        case .min: 0
        case .max: 100
        default:
            rawValue.first == "p" ? Double(rawValue.dropFirst()) : nil
        }
    }

    /// The statistic for a percentile label as sources write it: `"50%"`, `"min"`, `"max"`.
    public init?(percentileLabel label: String) {
        let trimmed = label.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "min" { self = .min; return }
        if trimmed == "max" { self = .max; return }
        guard trimmed.hasSuffix("%"), let rank = Int(trimmed.dropLast()) else { return nil }
        self.init(rawValue: "p\(rank)")
    }

    public static func < (lhs: Statistic, rhs: Statistic) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
