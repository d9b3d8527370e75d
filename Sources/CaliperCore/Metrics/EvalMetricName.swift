import Foundation

/// Canonical names for eval metrics, so one quantity has one name across EvalScope versions.
///
/// ```swift
/// EvalMetricName.canonical("AverageAccuracy")   // "accuracy"  (0.x)
/// EvalMetricName.canonical("mean_acc")          // "accuracy"  (1.0 – 1.10)
/// EvalMetricName.canonical("mean_Rouge-L-R")    // "rouge-l-r"
/// EvalMetricName.canonical("mean_acc_pass@2")   // "pass@2"
/// EvalMetricName.canonical(name: "accuracy", aggregation: "pass_at_k", dimensions: ["k": "2"])   // "pass@2"
/// ```
public enum EvalMetricName {
    /// The canonical name of a flat (pre-1.11) metric name.
    public static func canonical(_ sourceName: String) -> String {
        var name = sourceName.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("mean_") { name.removeFirst("mean_".count) }
        let lower = name.lowercased()
        // 1.x `mean_and_pass_at_k` / `mean_and_vote_at_k` name per-k metrics `<metric>_pass@<k>`
        // (`mean_acc_pass@4`); 1.11+ writes the same quantity as identity `pass_at_k {k}`.
        if let match = lower.wholeMatch(of: /(?:.+_)?(pass|vote)@(\d+)/) {
            return "\(match.1)@\(match.2)"
        }
        switch lower {
        case "averageaccuracy", "acc", "accuracy", "averagepass@1": return "accuracy"
        default: return lower
        }
    }

    /// The canonical name of a structured (1.11+) metric identity.
    public static func canonical(name: String, aggregation: String?, dimensions: [String: String]) -> String {
        let base = canonical(name)
        switch aggregation {
        case "pass_at_k": return dimensions["k"].map { "pass@\($0)" } ?? "pass@k"
        case "vote_at_k": return dimensions["k"].map { "vote@\($0)" } ?? "vote@k"
        case "pass_hat_k": return dimensions["k"].map { "pass^\($0)" } ?? "pass^k"
        default: break
        }
        var parts = [base]
        if let ngram = dimensions["ngram"] { parts.append(ngram) }
        if let variant = dimensions["variant"] { parts.append(variant.lowercased()) }
        if let statistic = dimensions["statistic"] {
            parts.append(["recall": "r", "precision": "p", "f1": "f"][statistic] ?? statistic)
        }
        let known: Set<String> = ["ngram", "variant", "statistic", "k"]
        for key in dimensions.keys.sorted() where !known.contains(key) {
            parts.append("\(key)=\(dimensions[key]!)")
        }
        let joined = parts.joined(separator: "-")
        guard let aggregation, !["mean", "identity"].contains(aggregation) else { return joined }
        return "\(joined).\(aggregation)"
    }
}
