import CaliperCore
import Foundation

/// The metric objects of genai-perf's `profile_export_genai_perf.json` and AIPerf's
/// `profile_export_aiperf.json`, which AIPerf copied on purpose:
/// `{"unit": "ms", "avg": 100.2, "p1": …, "p5": …, …, "p99": …, "min": …, "max": …, "std": …}`.
/// AIPerf adds `count` and `sum`; its time-series metrics have only `p50`…`p99`; whole-run figures
/// (throughputs, counts, durations) have only `unit` and `avg`.
///
/// Each read checks the unit the file names and converts through ``SourceUnit``, so an object in an
/// unexpected unit is an error instead of a number off by 1000:
///
/// ```swift
/// let reader = ProfileMetricReader(metrics: json, fields: JSONFields(file: url))
/// var table = MetricTable()
/// try reader.distribution("time_to_first_token", as: .ttft, into: &table)   // avg 100.2 ms → ttft.mean 0.1002
/// try reader.value("output_token_throughput", as: .outputThroughput, into: &table) // avg → .value
/// ```
struct ProfileMetricReader {
    /// The object holding the metrics: the whole file, or AIPerf 0.1's `records`.
    let metrics: [String: JSONValue]
    let fields: JSONFields
    /// Prefix of key paths in errors (`records.` for AIPerf 0.1).
    var prefix = ""

    /// Statistic keys of a metric object and the Caliper statistic each is.
    static let statistics: [(key: String, statistic: Statistic)] = [
        ("avg", .mean), ("std", .std), ("min", .min), ("p1", .p1), ("p5", .p5), ("p10", .p10), ("p25", .p25),
        ("p50", .p50), ("p75", .p75), ("p90", .p90), ("p95", .p95), ("p99", .p99), ("max", .max),
    ]

    /// What a metric measures, and the unit strings the tools write for it.
    enum Kind {
        case time, tokens, requestRate, tokenRate, count, percent

        /// The unit `text` names for this kind; nil when it is not one of them.
        func unit(_ text: String) -> SourceUnit? {
            switch (self, text.trimmingCharacters(in: .whitespaces).lowercased()) {
            case (.time, "ms"): .milliseconds
            case (.time, "sec"), (.time, "s"), (.time, "seconds"): .seconds
            case (.time, "us"), (.time, "µs"): .microseconds
            case (.tokens, "tokens"), (.tokens, "token"): .tokens
            case (.requestRate, "requests/sec"), (.requestRate, "per sec"), (.requestRate, "req/s"): .requestsPerSecond
            case (.tokenRate, "tokens/sec"), (.tokenRate, "tok/s"): .tokensPerSecond
            case (.count, "count"), (.count, "requests"), (.count, ""): .count
            case (.percent, "%"), (.percent, "percent"): .percent
            default: nil
            }
        }

        var expected: String {
            switch self {
            case .time: "ms or sec"
            case .tokens: "tokens"
            case .requestRate: "requests/sec"
            case .tokenRate: "tokens/sec"
            case .count: "count or requests"
            case .percent: "%"
            }
        }

        /// The kind a Caliper metric's values are.
        init(_ metric: Metric) {
            switch metric.unit {
            case .seconds: self = .time
            case .tokens: self = .tokens
            case .requestsPerSecond: self = .requestRate
            case .tokensPerSecond: self = .tokenRate
            case .count: self = .count
            case .fraction: self = .percent
            }
        }
    }

    /// The metric object under `key`; nil when absent or null.
    func object(_ key: String) throws -> [String: JSONValue]? {
        guard let value = metrics[key], !value.isNull else { return nil }
        return try fields.object(value, prefix + key)
    }

    func has(_ key: String) -> Bool {
        metrics[key].map { !$0.isNull } ?? false
    }

    /// The unit of the object under `key`, checked against `kind`.
    func unit(_ object: [String: JSONValue], _ key: String, _ kind: Kind) throws -> SourceUnit {
        let text = try fields.optionalString(object["unit"], "\(prefix)\(key).unit") ?? ""
        guard let unit = kind.unit(text) else {
            throw fields.error("\(prefix)\(key).unit", "\"\(text.prefix(40))\": expected \(kind.expected)")
        }
        return unit
    }

    /// The `avg` of the object under `key` in its canonical unit, checked against `domain`; nil
    /// when the object or its `avg` is absent.
    func scalar(_ key: String, _ kind: Kind, domain: ValueDomain) throws -> Double? {
        guard let object = try object(key) else { return nil }
        let unit = try unit(object, key, kind)
        guard let raw = try fields.optionalNumber(object["avg"], "\(prefix)\(key).avg") else { return nil }
        return try checked(unit.canonical(raw), domain, "\(prefix)\(key).avg", written: raw)
    }

    /// A whole count (`request_count`, `error_request_count`): its `avg`, which must be whole.
    func count(_ key: String) throws -> Int? {
        guard let value = try scalar(key, .count, domain: .count) else { return nil }
        guard let count = Int(exactly: value) else {
            throw fields.error("\(prefix)\(key).avg", "\(value): not a whole number")
        }
        return count
    }

    /// Stores the object's `avg` as the whole-run figure `metric.value`.
    func value(_ key: String, as metric: Metric, into table: inout MetricTable) throws {
        if let value = try scalar(key, Kind(metric), domain: metric.domain(.value)) {
            table[metric, .value] = value
        }
    }

    /// Stores every statistic of the object (`avg` as mean, `std`, `min`, percentiles, `max`) under `metric`.
    func distribution(_ key: String, as metric: Metric, into table: inout MetricTable) throws {
        guard let object = try object(key) else { return }
        let unit = try unit(object, key, Kind(metric))
        for (statKey, statistic) in Self.statistics {
            let path = "\(prefix)\(key).\(statKey)"
            guard let raw = try fields.optionalNumber(object[statKey], path) else { continue }
            table[metric, statistic] = try checked(unit.canonical(raw), metric.domain(statistic), path, written: raw)
        }
    }

    private func checked(_ value: Double, _ domain: ValueDomain, _ path: String, written: Double) throws -> Double {
        if let reason = domain.violation(value) { throw fields.error(path, "\(written): \(reason)") }
        return value
    }
}
