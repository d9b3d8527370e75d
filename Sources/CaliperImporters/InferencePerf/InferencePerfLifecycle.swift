import CaliperCore
import Foundation

/// One inference-perf request-lifecycle report (`stage_<i>_lifecycle_metrics.json`, or the
/// run-wide `summary_lifecycle_metrics.json`), written by `summarize_requests` in
/// `inference_perf/reportgen/base.py`: every time in seconds, every distribution an object of
/// `mean`, `min`, `max` and numpy percentiles.
///
/// ```json
/// {"benchmark_time_seconds": 2.117,
///  "load_summary": {"count": 8, "requested_rate": 4.0, "achieved_rate": 4.63, "concurrency": 4, …},
///  "successes": {"count": 8,
///                "latency": {"request_latency": {"mean": 0.368, "median": 0.36, "p99.9": …},
///                            "time_to_first_token": {…}, "time_per_output_token": {…},
///                            "inter_token_latency": {…}, "normalized_time_per_output_token": {…}},
///                "throughput": {"requests_per_sec": 3.78, "output_tokens_per_sec": 238.1, …},
///                "prompt_tokens": {"total": 247, "mean": 30.9, …}, "output_tokens": {"total": 384, "mean": 48, …}},
///  "failures": {"count": 0, "request_latency": null, "by_label": {}}}
/// ```
///
/// Caliper stores what has its own definition (see ``InferencePerfImporter``):
/// `request_latency` → latency, `time_to_first_token` → ttft, `time_per_output_token` → tpot,
/// `inter_token_latency` → itl, the throughputs, and the token counts. Left out:
/// `normalized_time_per_output_token` (latency / output tokens: no Caliper metric), `p0.1` and
/// `p99.9` (no Caliper statistic), `schedule_delay`, `achieved_rate` and the input token rate.
struct InferencePerfLifecycle {
    /// Measured requests, failed ones included (`load_summary.count`).
    var requests: Int
    var successes: Int
    var failures: Int
    /// `load_summary.requested_rate`: the stage's rate (for the concurrent load type, its
    /// request count, which inference-perf sends within one second).
    var requestedRate: Double?
    /// `load_summary.concurrency` (concurrent load type, 0.3+).
    var concurrency: Int?
    /// `benchmark_time_seconds` (0.5+): first request start to last request end.
    var durationSeconds: Double?
    var metrics: MetricTable
    /// `successes.latency.*.mean` as written, to compare with a BR partial's means.
    var latencyMeans: [Metric: Double]
    /// The token means and where they came from, to compare with a BR partial's.
    var inputTokenMean: Double?
    var outputTokenMean: Double?
    var generation: InferencePerfGeneration
    /// The inference-perf versions that write this layout (`0.7..0.7`).
    var versionRange: String

    /// Distributions in `successes.latency` and the Caliper metric each is.
    static let latencyKeys: [(key: String, metric: Metric)] = [
        ("request_latency", .latency), ("time_to_first_token", .ttft),
        ("time_per_output_token", .tpot), ("inter_token_latency", .itl),
    ]

    init(_ json: JSONValue, file: URL) throws {
        let fields = JSONFields(file: file)
        let root = try fields.object(json, "")
        generation = InferencePerfGeneration(report: root)

        let load = try fields.object(root["load_summary"], "load_summary")
        let success = try fields.object(root["successes"], "successes")
        let failure = try fields.object(root["failures"], "failures")
        requests = try Self.count(load["count"], "load_summary.count", fields)
        successes = try Self.count(success["count"], "successes.count", fields)
        failures = try Self.count(failure["count"], "failures.count", fields)
        versionRange = generation.versionRange(successes: success)
        guard successes <= requests, successes + failures == requests else {
            throw fields.error(
                "load_summary.count",
                "\(requests) requests, but successes.count \(successes) + failures.count \(failures) = \(successes + failures)")
        }
        requestedRate = try fields.optionalNumber(load["requested_rate"], "load_summary.requested_rate")
            .map { try fields.checked($0, .arrivalRate, "load_summary.requested_rate") }
        concurrency = try fields.optionalInt(load["concurrency"], "load_summary.concurrency")
        if let concurrency, let reason = ValueDomain.concurrency.violation(concurrency) {
            throw fields.error("load_summary.concurrency", "\(concurrency): \(reason)")
        }
        durationSeconds = try fields.optionalNumber(root["benchmark_time_seconds"], "benchmark_time_seconds")
            .map { try fields.checked($0, .seconds, "benchmark_time_seconds") }

        var table = MetricTable()
        table[.requests, .value] = Double(requests)
        table[.failedRequests, .value] = Double(failures)
        if requests > 0 { table[.successRate, .value] = Double(successes) / Double(requests) }

        latencyMeans = [:]
        if let latency = try InferencePerfFields.optionalObject(success["latency"], "successes.latency", fields) {
            for (key, metric) in Self.latencyKeys {
                let path = "successes.latency.\(key)"
                guard let distribution = try InferencePerfFields.optionalObject(latency[key], path, fields) else { continue }
                try Self.read(distribution, path: path, as: metric, unit: .seconds, into: &table, fields)
                latencyMeans[metric] = table[metric, .mean]
            }
        }

        if let throughput = try InferencePerfFields.optionalObject(success["throughput"], "successes.throughput", fields) {
            let rates: [(String, Metric, SourceUnit)] = [
                ("requests_per_sec", .requestThroughput, .requestsPerSecond),
                ("output_tokens_per_sec", .outputThroughput, .tokensPerSecond),
                ("total_tokens_per_sec", .totalThroughput, .tokensPerSecond),
            ]
            for (key, metric, unit) in rates {
                let path = "successes.throughput.\(key)"
                guard let raw = try fields.optionalNumber(throughput[key], path) else { continue }
                table[metric, .value] = try fields.checked(unit.canonical(raw), metric.domain(.value), path)
            }
        }

        // 0.6+: `prompt_tokens` (the server's usage, the client's count where it gave none) and
        // `output_tokens` (the server's usage); before, and as a fallback, `prompt_len` and
        // `output_len` (the client's tokenizer).
        inputTokenMean = try Self.tokens(
            in: success, keys: ["prompt_tokens", "prompt_len"], as: .inputTokens, successes: successes,
            into: &table, fields)
        outputTokenMean = try Self.tokens(
            in: success, keys: ["output_tokens", "output_len"], as: .outputTokens, successes: successes,
            into: &table, fields)
        metrics = table
    }

    // MARK: Reading

    /// The percentile keys inference-perf writes (`median`, `p0.1`, `p10`, `p99.9`; 0.1 wrote
    /// `p50`) and Caliper's statistic for each; nil for ranks Caliper has no statistic for.
    static func statistic(forKey key: String) -> Statistic? {
        switch key {
        case "mean": return .mean
        case "min": return .min
        case "max": return .max
        case "median": return .p50
        default:
            guard key.hasPrefix("p"), let statistic = Statistic(rawValue: key), statistic.percentileRank != nil
            else { return nil }
            return statistic
        }
    }

    /// Reads a `{mean, min, max, median, pNN…}` distribution into `table` as `metric`.
    static func read(
        _ distribution: [String: JSONValue], path: String, as metric: Metric, unit: SourceUnit,
        into table: inout MetricTable, _ fields: JSONFields
    ) throws {
        for (key, value) in distribution {
            guard let statistic = statistic(forKey: key) else { continue }
            let keyPath = "\(path).\(key)"
            guard let raw = try fields.optionalNumber(value, keyPath) else { continue }
            table[metric, statistic] = try fields.checked(unit.canonical(raw), metric.domain(statistic), keyPath)
        }
    }

    /// The first of `keys` that holds a token figure, read as `metric`: its distribution, or
    /// (0.6.0 wrote only `{"total": …}` for the server's counts) the total per successful
    /// request. A total of 0 over successful requests means the server reported none (0.6.0
    /// counted a missing usage as 0): the next key is tried. Returns the mean stored.
    private static func tokens(
        in success: [String: JSONValue], keys: [String], as metric: Metric, successes: Int,
        into table: inout MetricTable, _ fields: JSONFields
    ) throws -> Double? {
        for key in keys {
            let path = "successes.\(key)"
            guard let object = try InferencePerfFields.optionalObject(success[key], path, fields) else { continue }
            if object["mean"].map({ !$0.isNull }) == true {
                try read(object, path: path, as: metric, unit: .tokens, into: &table, fields)
                return table[metric, .mean]
            }
            guard let total = try fields.optionalNumber(object["total"], "\(path).total") else { continue }
            _ = try fields.checked(total, .tokenStatistic, "\(path).total")
            guard successes > 0, total > 0 else { continue }
            table[metric, .mean] = total / Double(successes)
            return table[metric, .mean]
        }
        return nil
    }

    private static func count(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> Int {
        guard let count = try fields.optionalCount(value, path) else { throw fields.error(path, "missing") }
        return count
    }
}
