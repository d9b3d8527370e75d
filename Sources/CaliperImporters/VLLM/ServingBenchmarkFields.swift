import CaliperCore
import Foundation

/// One result object of a serving benchmark written by Python (`vllm bench serve`, SGLang's
/// `bench_serving`), with typed reads whose errors name the file, the line and the key.
///
/// ```swift
/// let result = try ServingBenchmarkFields(json, file: url, line: 2)
/// try result.count("completed")   // 20, or `file: "line 2: completed": expected an integer, …`
/// ```
struct ServingBenchmarkFields {
    let fields: [String: JSONValue]
    let reader: JSONFields

    /// - Parameter line: the 1-based line of a JSON Lines file; nil for a whole-file document.
    init(_ json: JSONValue, file: URL, line: Int?) throws {
        reader = JSONFields(file: file, line: line)
        guard let object = json.objectValue else {
            throw reader.error("", "expected a JSON object, found \(JSONFields.kind(of: json))")
        }
        fields = object
    }

    var file: URL { reader.file }

    subscript(key: String) -> JSONValue? { fields[key] }

    /// Whether the key is there with a value other than null.
    func has(_ key: String) -> Bool {
        guard let value = fields[key] else { return false }
        return !value.isNull
    }

    func error(_ key: String, _ reason: String) -> ImportError { reader.error(key, reason) }

    /// A whole count in ``ValueDomain/count``; the key must be there.
    func count(_ key: String) throws -> Int {
        guard let count = try optionalCount(key) else { throw error(key, "missing") }
        return count
    }

    /// A whole count in ``ValueDomain/count``; nil when absent or null.
    func optionalCount(_ key: String) throws -> Int? {
        try reader.optionalCount(fields[key], key)
    }

    /// A finite number; nil when absent or null. NaN and ±Infinity are errors.
    func optionalNumber(_ key: String) throws -> Double? {
        try reader.optionalNumber(fields[key], key)
    }

    /// A number written in `unit`, converted to its canonical unit and checked against `domain`;
    /// nil when absent or null.
    func measure(_ key: String, _ unit: SourceUnit, _ domain: ValueDomain) throws -> Double? {
        guard let raw = try optionalNumber(key) else { return nil }
        let value = unit.canonical(raw)
        if let reason = domain.violation(value) { throw error(key, "\(raw): \(reason)") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        try reader.optionalString(fields[key], key)
    }

    func string(_ key: String) throws -> String {
        guard let string = try optionalString(key) else { throw error(key, "missing") }
        return string
    }

    /// `--max-concurrency`: nil when absent or null (no limit), else in ``ValueDomain/concurrency``.
    func concurrency(_ key: String) throws -> Int? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard let int = value.intValue else { throw error(key, "expected an integer, found \(JSONFields.kind(of: value))") }
        if let reason = ValueDomain.concurrency.violation(int) { throw error(key, "\(int): \(reason)") }
        return int
    }

    /// A request rate in requests/s; nil for "no rate": Python's `inf` (written as the bare
    /// `Infinity` or the string `"inf"`), null, or one of `unlimited` (`"trace"`: SGLang replays
    /// a trace's own timestamps).
    func requestRate(_ key: String, unlimited: Set<String> = ["inf", "infinity"]) throws -> Double? {
        guard let value = fields[key], !value.isNull else { return nil }
        switch value {
        case .string(let text):
            if unlimited.contains(text.lowercased()) { return nil }
            // Python's str(float), in a string: "8.0".
            guard let rate = Double(text), rate.isFinite else {
                throw error(key, "\"\(text.prefix(40))\": expected a number or \"inf\"")
            }
            if let reason = ValueDomain.arrivalRate.violation(rate) { throw error(key, "\(text): \(reason)") }
            return SourceUnit.requestsPerSecond.canonical(rate)
        case .double(let rate) where rate == .infinity:
            return nil
        case .int, .double:
            guard let rate = value.doubleValue else { throw error(key, "\(value.canonicalJSON): not a finite number") }
            if let reason = ValueDomain.arrivalRate.violation(rate) { throw error(key, "\(rate): \(reason)") }
            return SourceUnit.requestsPerSecond.canonical(rate)
        default:
            throw error(key, "expected a number or \"inf\", found \(JSONFields.kind(of: value))")
        }
    }

    /// A list; nil when absent or null.
    func optionalArray(_ key: String) throws -> [JSONValue]? {
        guard let value = fields[key], !value.isNull else { return nil }
        return try reader.array(value, key)
    }
}

extension ServingBenchmarkFields {
    /// The aggregates both serving clients (vLLM's and SGLang's) write alike: counts, the three
    /// throughputs, token totals as means per completed request, and the latency statistics.
    /// With nothing completed they write 0.0 or NaN for every mean: not stored.
    func servingMetrics(
        requests: Int, completed: Int, failed: Int?, totalThroughputKey: String, latencyMetrics: [String: Metric]
    ) throws -> MetricTable {
        var metrics = MetricTable()
        metrics[.requests, .value] = SourceUnit.count.canonical(Double(requests))
        if let failed {
            metrics[.failedRequests, .value] = SourceUnit.count.canonical(Double(failed))
            if requests > 0 { metrics[.successRate, .value] = SourceUnit.fraction.canonical(Double(completed) / Double(requests)) }
        }
        metrics[.requestThroughput, .value] = try measure("request_throughput", .requestsPerSecond, .rate)
        metrics[.outputThroughput, .value] = try measure("output_throughput", .tokensPerSecond, .rate)
        metrics[.totalThroughput, .value] = try measure(totalThroughputKey, .tokensPerSecond, .rate)
        if completed > 0 {
            if let input = try measure("total_input_tokens", .tokens, .tokenStatistic) {
                metrics[.inputTokens, .mean] = input / Double(completed)
            }
            if let output = try measure("total_output_tokens", .tokens, .tokenStatistic) {
                metrics[.outputTokens, .mean] = output / Double(completed)
            }
            try ServingBenchmarkLatencyKeys.read(self, metrics: latencyMetrics, into: &metrics)
        }
        return metrics
    }
}
