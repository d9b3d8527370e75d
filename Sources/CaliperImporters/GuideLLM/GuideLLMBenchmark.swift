import CaliperCore
import Foundation

/// One entry of a GuideLLM report's `benchmarks` (one concurrency, rate, synchronous or throughput
/// level) read into a ``PerfPoint``.
///
/// | source (unit) | Caliper |
/// |---|---|
/// | 0.3 `args.strategy`, 0.4+ `config.strategy`: `synchronous` | concurrency 1 |
/// | … `concurrent` `streams` | concurrency |
/// | … `throughput` `max_concurrency` | concurrency (nil: unlimited) |
/// | … `constant`/`poisson` `rate` (req/s), `max_concurrency` | request rate, concurrency cap |
/// | `request_totals` (0.3 on the benchmark, 0.4+ in `metrics`): `successful` + `errored` | point `requests`, `requests.value` |
/// | `request_totals.errored` | `failed_requests.value`, `success_rate.value` |
/// | `duration` (s) | point `durationSeconds` |
/// | `requests.successful[]`, `requests.errored[]`, when every request was kept | request rows |
///
/// Requests still running when a level's time ran out (`incomplete`) were cut by the tool, not
/// failed by the server: they are not counted in `requests` (the run's warnings say how many).
struct GuideLLMBenchmark {
    var point: PerfPoint
    var start: Double?
    /// Requests GuideLLM cut at the level's end.
    var incomplete: Int
    /// Whether the report kept every successful and errored request (no sampling).
    var rowsComplete: Bool
    /// The request bodies of the sampled requests, where the report kept them (0.4+).
    var bodies: [[String: JSONValue]]

    static func read(
        _ value: JSONValue, index: Int, generation: GuideLLMReport.Generation, throughputStatus status: String,
        fields: JSONFields
    ) throws -> GuideLLMBenchmark {
        let path = "benchmarks[\(index)]"
        let benchmark = try fields.object(value, path)
        let metrics = try fields.object(benchmark["metrics"], "\(path).metrics")

        // Load level.
        let strategyPath = generation == .v03 ? "\(path).args.strategy" : "\(path).config.strategy"
        let holder = try fields.object(benchmark[generation == .v03 ? "args" : "config"], generation == .v03 ? "\(path).args" : "\(path).config")
        let strategy = try fields.object(holder["strategy"], strategyPath)
        let type = try fields.string(strategy["type_"], "\(strategyPath).type_")
        let load = try level(strategy, type: type, path: strategyPath, fields: fields)

        // Counts.
        let totalsValue = metrics["request_totals"] ?? benchmark["request_totals"]
        let totalsPath = metrics["request_totals"] != nil ? "\(path).metrics.request_totals" : "\(path).request_totals"
        let totals = try fields.object(totalsValue, totalsPath)
        func count(_ key: String) throws -> Int {
            try fields.optionalCount(totals[key], "\(totalsPath).\(key)") ?? 0
        }
        let successful = try count("successful"), errored = try count("errored"), incomplete = try count("incomplete")
        let (requests, overflow) = successful.addingReportingOverflow(errored)
        if overflow || ValueDomain.count.violation(requests) != nil {
            throw fields.error(totalsPath, "\(successful) successful + \(errored) errored: too many requests")
        }
        if let total = try fields.optionalCount(totals["total"], "\(totalsPath).total"), total != requests + incomplete {
            throw fields.error(
                "\(totalsPath).total", "\(total), but successful \(successful) + errored \(errored) + incomplete \(incomplete) = \(requests + incomplete)")
        }

        // Aggregates: latencies over successful requests; rates as the tool's console prints them.
        let reader = GuideLLMDistribution(fields: fields)
        let metricsPath = "\(path).metrics"
        var table = MetricTable()
        try reader.distribution(metrics, "request_latency", unit: .seconds, as: .latency, into: &table, path: metricsPath)
        try reader.distribution(metrics, "time_to_first_token_ms", unit: .milliseconds, as: .ttft, into: &table, path: metricsPath)
        try reader.distribution(metrics, "inter_token_latency_ms", unit: .milliseconds, as: .tpot, into: &table, path: metricsPath)
        try reader.distribution(metrics, "prompt_token_count", unit: .tokens, as: .inputTokens, into: &table, path: metricsPath)
        try reader.distribution(metrics, "output_token_count", unit: .tokens, as: .outputTokens, into: &table, path: metricsPath)
        try reader.rate(metrics, "requests_per_second", status: status, unit: .requestsPerSecond, as: .requestThroughput, into: &table, path: metricsPath)
        try reader.rate(metrics, "output_tokens_per_second", status: status, unit: .tokensPerSecond, as: .outputThroughput, into: &table, path: metricsPath)
        try reader.rate(metrics, "tokens_per_second", status: status, unit: .tokensPerSecond, as: .totalThroughput, into: &table, path: metricsPath)
        table[.requests, .value] = Double(requests)
        table[.failedRequests, .value] = Double(errored)
        if requests > 0 { table[.successRate, .value] = Double(successful) / Double(requests) }

        let duration = try fields.optionalNumber(benchmark["duration"], "\(path).duration")
            .map { try fields.checked($0, .positiveSeconds, "\(path).duration") }
        let start = try fields.optionalNumber(benchmark["start_time"], "\(path).start_time")
            .map { try fields.checked($0, ValueDomain(upperBound: 1e11), "\(path).start_time") }

        // Sampled requests.
        let samples = try fields.object(benchmark["requests"] ?? .object([:]), "\(path).requests")
        func list(_ status: String) throws -> [JSONValue] {
            guard let value = samples[status], !value.isNull else { return [] }
            return try fields.array(value, "\(path).requests.\(status)")
        }
        let kept = try list("successful"), keptErrors = try list("errored"), keptIncomplete = try list("incomplete")
        let rowsComplete = kept.count == successful && keptErrors.count == errored
        var records: [RequestRecord] = []
        if rowsComplete, requests > 0 {
            records = try GuideLLMRequests.records(
                successful: kept, errored: keptErrors, path: "\(path).requests", fields: fields)
        }
        var bodies: [[String: JSONValue]] = []
        for (status, items) in [("successful", kept), ("errored", keptErrors), ("incomplete", keptIncomplete)] {
            for (itemIndex, item) in items.enumerated() {
                if let body = try GuideLLMRequests.body(item, path: "\(path).requests.\(status)[\(itemIndex)]", fields: fields) {
                    bodies.append(body)
                }
            }
        }

        let point = PerfPoint(
            concurrency: load.concurrency, requestRate: load.rate, requests: requests, durationSeconds: duration,
            metrics: table, records: records)
        return GuideLLMBenchmark(point: point, start: start, incomplete: incomplete, rowsComplete: rowsComplete, bodies: bodies)
    }

    /// Concurrency and request rate of a scheduling strategy.
    private static func level(
        _ strategy: [String: JSONValue], type: String, path: String, fields: JSONFields
    ) throws -> (concurrency: Int?, rate: Double?) {
        func concurrency(_ key: String) throws -> Int? {
            guard let value = try fields.optionalInt(strategy[key], "\(path).\(key)") else { return nil }
            if let reason = ValueDomain.concurrency.violation(value) { throw fields.error("\(path).\(key)", "\(value): \(reason)") }
            return value
        }
        switch type {
        case "synchronous":
            return (1, nil)
        case "concurrent":
            guard let streams = try concurrency("streams") else { throw fields.error("\(path).streams", "missing") }
            return (streams, nil)
        case "throughput":
            return (try concurrency("max_concurrency"), nil)
        case "constant", "poisson":
            guard let rate = try fields.optionalNumber(strategy["rate"], "\(path).rate") else {
                throw fields.error("\(path).rate", "missing")
            }
            return (try concurrency("max_concurrency"), try fields.checked(rate, .arrivalRate, "\(path).rate"))
        default:
            // Trace replay and strategies Caliper does not know: no level.
            return (nil, nil)
        }
    }
}
