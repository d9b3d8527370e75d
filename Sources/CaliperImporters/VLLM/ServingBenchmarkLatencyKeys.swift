import CaliperCore
import Foundation

/// The latency statistics both `vllm bench serve` and SGLang's `bench_serving` write, one key per
/// statistic and metric, in milliseconds: `{mean,median,std,min,max}_{m}_ms` and `p{P}_{m}_ms`.
///
/// `P` is written as the user typed it (`--metric-percentiles 50,90,99.9` → `p50`, `p90`,
/// `p99.9`): a percentile Caliper has a ``Statistic`` for is stored, another (`p99.9`) is left out.
/// `median` is `p50`. `std` is NumPy's population standard deviation.
///
/// ```swift
/// // {"mean_ttft_ms": 52.66, "p99_ttft_ms": 55.1, "p99.9_ttft_ms": 55.3}
/// try ServingBenchmarkLatencyKeys.read(result, metrics: ["ttft": .ttft], into: &table)
/// table[.ttft, .mean]   // 0.05266 (seconds)
/// table[.ttft, .p99]    // 0.0551
/// ```
enum ServingBenchmarkLatencyKeys {
    /// A key's statistic and source metric name; nil when the key is not a latency statistic.
    static func parse(_ key: String) -> (statistic: Statistic?, metric: String)? {
        guard key.hasSuffix("_ms"), let underscore = key.firstIndex(of: "_") else { return nil }
        let prefix = key[..<underscore]
        let metric = String(key[key.index(after: underscore)..<key.index(key.endIndex, offsetBy: -3)])
        guard !metric.isEmpty else { return nil }
        switch prefix {
        case "mean": return (.mean, metric)
        case "median": return (.p50, metric)
        case "std": return (.std, metric)
        case "min": return (.min, metric)
        case "max": return (.max, metric)
        default:
            guard prefix.first == "p", let rank = Double(prefix.dropFirst()), rank.isFinite,
                  prefix.dropFirst().allSatisfy({ $0.isNumber || $0 == "." })
            else { return nil }
            // `p99.9` is a percentile Caliper does not keep: a statistic of nil.
            guard rank == rank.rounded(), let whole = Int(exactly: rank) else { return (nil, metric) }
            return (Statistic(rawValue: "p\(whole)"), metric)
        }
    }

    /// Stores every latency statistic of the metrics in `metrics` (source name → Caliper metric)
    /// that Caliper has a statistic for, converted to seconds.
    /// - Throws: ``ImportError`` naming the key of a value that is not a number, not finite or negative.
    static func read(_ result: ServingBenchmarkFields, metrics: [String: Metric], into table: inout MetricTable) throws {
        // Sorted, so that `p50` (the same NumPy value as `median`) is written last, whatever the order.
        for key in result.fields.keys.sorted() {
            guard let parsed = parse(key), let metric = metrics[parsed.metric], let statistic = parsed.statistic else { continue }
            if let value = try result.measure(key, .milliseconds, metric.domain(statistic)) {
                table[metric, statistic] = value
            }
        }
    }
}
