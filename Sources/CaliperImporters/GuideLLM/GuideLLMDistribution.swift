import CaliperCore
import Foundation

/// GuideLLM's `StatusDistributionSummary`: `{"successful": D, "errored": D, "incomplete": D,
/// "total": D}`, each `D` a `DistributionSummary` `{mean, median, mode, variance, std_dev, min,
/// max, count, total_sum, percentiles: {p001, p01, p05, p10, p25, p50, p75, p90, p95, p99, p999}, …}`.
///
/// | `D` key | Caliper statistic |
/// |---|---|
/// | `mean` | `mean` |
/// | `std_dev` | `std` |
/// | `min`, `max` | `min`, `max` |
/// | `percentiles.p01`, `p05`, `p10`, `p25`, `p50`, `p75`, `p90`, `p95`, `p99` | `p1`, `p5`, `p10`, `p25`, `p50`, `p75`, `p90`, `p95`, `p99` |
/// | `median` | `p50` when `percentiles.p50` is missing |
///
/// `p001` (0.1th) and `p999` (99.9th percentile) have no Caliper statistic and are left out, as
/// are `mode`, `variance`, `total_sum` and the 0.8 confidence intervals. A status with
/// `count: 0` (all zeros) is no data and stores nothing.
struct GuideLLMDistribution {
    let fields: JSONFields

    static let percentiles: [(key: String, statistic: Statistic)] = [
        ("p01", .p1), ("p05", .p5), ("p10", .p10), ("p25", .p25), ("p50", .p50), ("p75", .p75),
        ("p90", .p90), ("p95", .p95), ("p99", .p99),
    ]

    /// The `status` part of the summary at `path` in `metrics`; nil when absent, null or empty.
    func summary(_ metrics: [String: JSONValue], _ key: String, status: String, path: String) throws -> [String: JSONValue]? {
        guard let value = metrics[key], !value.isNull else { return nil }
        let statuses = try fields.object(value, "\(path).\(key)")
        guard let statusValue = statuses[status], !statusValue.isNull else { return nil }
        let summary = try fields.object(statusValue, "\(path).\(key).\(status)")
        if let count = try fields.optionalNumber(summary["count"], "\(path).\(key).\(status).count"), count == 0 { return nil }
        return summary
    }

    /// Stores every statistic of `metrics[key][status]`, written in `unit`, under `metric`.
    func distribution(
        _ metrics: [String: JSONValue], _ key: String, status: String = "successful", unit: SourceUnit,
        as metric: Metric, into table: inout MetricTable, path: String
    ) throws {
        guard let summary = try summary(metrics, key, status: status, path: path) else { return }
        let base = "\(path).\(key).\(status)"
        func store(_ value: JSONValue?, _ statistic: Statistic, _ keyPath: String) throws {
            guard let raw = try fields.optionalNumber(value, keyPath) else { return }
            let canonical = unit.canonical(raw)
            if let reason = metric.domain(statistic).violation(canonical) {
                throw fields.error(keyPath, "\(raw): \(reason)")
            }
            table[metric, statistic] = canonical
        }
        try store(summary["mean"], .mean, "\(base).mean")
        try store(summary["std_dev"], .std, "\(base).std_dev")
        try store(summary["min"], .min, "\(base).min")
        try store(summary["max"], .max, "\(base).max")
        var percentiles: [String: JSONValue] = [:]
        if let value = summary["percentiles"], !value.isNull {
            percentiles = try fields.object(value, "\(base).percentiles")
        }
        for (key, statistic) in Self.percentiles {
            try store(percentiles[key], statistic, "\(base).percentiles.\(key)")
        }
        if table[metric, .p50] == nil { try store(summary["median"], .p50, "\(base).median") }
    }

    /// `metrics[key][status].mean` as the whole-run figure `metric.value` (a rate over the level).
    func rate(
        _ metrics: [String: JSONValue], _ key: String, status: String, unit: SourceUnit,
        as metric: Metric, into table: inout MetricTable, path: String
    ) throws {
        guard let summary = try summary(metrics, key, status: status, path: path) else { return }
        let keyPath = "\(path).\(key).\(status).mean"
        guard let raw = try fields.optionalNumber(summary["mean"], keyPath) else { return }
        let canonical = unit.canonical(raw)
        if let reason = metric.domain(.value).violation(canonical) { throw fields.error(keyPath, "\(raw): \(reason)") }
        table[metric, .value] = canonical
    }
}
