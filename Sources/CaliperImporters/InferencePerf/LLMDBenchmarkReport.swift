import CaliperCore
import Foundation

/// One llm-d Benchmark Report (BR), YAML or JSON, in either line of the schema
/// (`llmd-benchmark-report` on PyPI, `llm-d/llm-d-benchmark` `analysis/benchmark_report/`):
///
/// - **v0.2 / v0.2.1**: `version`, `run{uid, eid, time{start, end}}`,
///   `scenario{stack[{standardized{kind: inference_engine, tool, tool_version, model{name},
///   accelerator{model, count}, replicas}}], load{standardized{tool, tool_version, stage,
///   rate_qps, concurrency}}}`, `results.request_performance.aggregate{requests, latency,
///   throughput}`, every figure a `Statistics` object `{units, mean, stddev, min, p0p1, p1 … p99,
///   p99p9, max}`. inference-perf 0.7 writes a partial of it (`version`, `run`, `results` only)
///   beside each stage's report.
/// - **v0.1**: `version: '0.1'`, `scenario{model{name}, host{accelerator[{model, memory, count}]},
///   platform{engine[{name, version}]}, load{name}}`, `metrics{time{start (epoch s)},
///   requests, latency, throughput{…_per_sec}}`.
///
/// ```yaml
/// version: 0.2.1
/// run: {uid: inference-perf-stage-0-c53e867f, time: {start: '2026-12-08T01:33:09.175614Z'}}
/// results:
///   request_performance:
///     aggregate:
///       requests: {total: 16, failures: 0, input_length: {units: count, mean: 30.9, …}}
///       latency: {time_to_first_token: {units: s, mean: 0.0683, stddev: 0.0134, p50: 0.0655, …}}
///       throughput: {output_token_rate: {units: tokens/s, mean: 441.9}}
/// ```
///
/// It is the one format with standardized engine version and accelerator fields. Each figure is
/// converted by its `units`. `normalized_time_per_output_token` (latency / output tokens) has no
/// Caliper metric and is left out, as are `p0p1`/`p99p9` (no Caliper statistic), `mode`, and the
/// input token rate.
struct LLMDBenchmarkReport {
    /// `0.1`, `0.2`, `0.2.1`.
    var version: String
    var start: Date?
    var end: Date?
    var model: String?
    var engine = EngineIdentity()
    var hardware = Hardware()
    /// The load generator that produced the numbers (`inference-perf`, `guidellm`) and its version.
    var loadTool: String?
    var loadToolVersion: String?
    var stage: Int?
    var requestRate: Double?
    var concurrency: Int?
    /// v0.1's `metrics.time.duration` in seconds.
    var durationSeconds: Double?
    /// `requests.total` and `requests.failures`.
    var requests: Int?
    var failures: Int?
    var metrics = MetricTable()
    /// Each distribution's `mean` as stored, to pair a partial with its stage's own report.
    var means: [Metric: Double] = [:]

    /// The `results`/`metrics` keys that hold a distribution, and what each is.
    static let distributions: [(path: [String], metric: Metric, kind: UnitKind)] = [
        (["requests", "input_length"], .inputTokens, .count),
        (["requests", "output_length"], .outputTokens, .count),
        (["latency", "request_latency"], .latency, .time),
        (["latency", "time_to_first_token"], .ttft, .time),
        (["latency", "time_per_output_token"], .tpot, .timePerToken),
        (["latency", "inter_token_latency"], .itl, .timePerToken),
    ]

    /// The unit categories the BR schema allows for each figure (`base.py`, `UNITS_*`).
    enum UnitKind {
        case count, time, timePerToken, tokenRate, requestRate

        func unit(_ text: String) -> SourceUnit? {
            switch (self, text) {
            case (.count, "count"): .count
            case (.time, "s"), (.timePerToken, "s/token"): .seconds
            case (.time, "ms"), (.timePerToken, "ms/token"): .milliseconds
            case (.tokenRate, "tokens/s"): .tokensPerSecond
            case (.requestRate, "queries/s"): .requestsPerSecond
            default: nil
            }
        }

        var expected: String {
            switch self {
            case .count: "count"
            case .time: "s or ms"
            case .timePerToken: "s/token or ms/token"
            case .tokenRate: "tokens/s"
            case .requestRate: "queries/s"
            }
        }
    }

    /// `Statistics` keys and Caliper's statistic for each.
    static let statistics: [(key: String, statistic: Statistic)] = [
        ("mean", .mean), ("stddev", .std), ("min", .min), ("p1", .p1), ("p5", .p5), ("p10", .p10),
        ("p25", .p25), ("p50", .p50), ("p75", .p75), ("p90", .p90), ("p95", .p95), ("p99", .p99), ("max", .max),
    ]

    init(_ json: JSONValue, file: URL) throws {
        let fields = JSONFields(file: file)
        let root = try fields.object(json, "")
        guard let written = root["version"] else { throw fields.error("version", "missing: not a benchmark report") }
        // YAML reads an unquoted `version: 0.2` as a number.
        let text: String
        switch written {
        case .string(let string): text = string
        case .double(let number): text = "\(number)"
        case .int(let number): text = "\(number)"
        default: throw fields.error("version", "expected a version string, found \(JSONFields.kind(of: written))")
        }
        version = text
        if text == "0.1" {
            try readV01(root, fields)
        } else if text == "0.2" || text.hasPrefix("0.2.") {
            try readV02(root, fields)
        } else {
            throw fields.error("version", "\(text): not a benchmark report version Caliper reads (0.1, 0.2.x)")
        }
        if let total = requests, let failures {
            guard failures <= total else {
                throw fields.error("requests.failures", "\(failures): more than requests.total \(total)")
            }
            metrics[.failedRequests, .value] = Double(failures)
            if total > 0 { metrics[.successRate, .value] = Double(total - failures) / Double(total) }
        }
        if let total = requests { metrics[.requests, .value] = Double(total) }
    }

    /// `br-0.1` or `br-0.2`.
    var format: String { version == "0.1" ? "br-0.1" : "br-0.2" }

    // MARK: v0.2

    private mutating func readV02(_ root: [String: JSONValue], _ fields: JSONFields) throws {
        let run = try InferencePerfFields.optionalObject(root["run"], "run", fields) ?? [:]
        if let time = try InferencePerfFields.optionalObject(run["time"], "run.time", fields) {
            start = try Self.instant(time["start"], "run.time.start", fields)
            end = try Self.instant(time["end"], "run.time.end", fields)
        }

        let scenario = try InferencePerfFields.optionalObject(root["scenario"], "scenario", fields) ?? [:]
        if let stack = scenario["stack"], !stack.isNull {
            try readStack(try fields.array(stack, "scenario.stack"), fields)
        }
        if let load = try InferencePerfFields.optionalObject(scenario["load"], "scenario.load", fields),
           let standardized = try InferencePerfFields.optionalObject(load["standardized"], "scenario.load.standardized", fields) {
            let path = "scenario.load.standardized"
            loadTool = try fields.optionalString(standardized["tool"], "\(path).tool")
            loadToolVersion = try fields.optionalString(standardized["tool_version"], "\(path).tool_version")
            stage = try fields.optionalCount(standardized["stage"], "\(path).stage")
            requestRate = try fields.optionalNumber(standardized["rate_qps"], "\(path).rate_qps")
                .map { try fields.checked($0, .arrivalRate, "\(path).rate_qps") }
            if let value = try fields.optionalNumber(standardized["concurrency"], "\(path).concurrency") {
                guard let whole = Int(exactly: value), ValueDomain.concurrency.violation(whole) == nil else {
                    throw fields.error("\(path).concurrency", "\(value): not a whole number of requests from 1")
                }
                concurrency = whole
            }
        }

        let results = try InferencePerfFields.optionalObject(root["results"], "results", fields) ?? [:]
        let performance = try InferencePerfFields.optionalObject(results["request_performance"], "results.request_performance", fields)
        guard let aggregate = try InferencePerfFields.optionalObject(
            performance?["aggregate"], "results.request_performance.aggregate", fields)
        else { return }
        let base = "results.request_performance.aggregate"
        try readAggregate(aggregate, base: base, fields)
        if let throughput = try InferencePerfFields.optionalObject(aggregate["throughput"], "\(base).throughput", fields) {
            let rates: [(String, Metric, UnitKind)] = [
                ("request_rate", .requestThroughput, .requestRate),
                ("output_token_rate", .outputThroughput, .tokenRate),
                ("total_token_rate", .totalThroughput, .tokenRate),
            ]
            for (key, metric, kind) in rates {
                let path = "\(base).throughput.\(key)"
                guard let statistics = try InferencePerfFields.optionalObject(throughput[key], path, fields) else { continue }
                let unit = try Self.unit(statistics, path, kind, fields)
                guard let mean = try fields.optionalNumber(statistics["mean"], "\(path).mean") else { continue }
                metrics[metric, .value] = try fields.checked(unit.canonical(mean), metric.domain(.value), "\(path).mean")
            }
        }
    }

    /// The inference engines of the stack: engine, model and accelerators. Accelerators are
    /// counted over every engine component (prefill and decode), `count` per replica.
    private mutating func readStack(_ stack: [JSONValue], _ fields: JSONFields) throws {
        var acceleratorName: String?
        var total = 0
        for (index, component) in stack.enumerated() {
            let path = "scenario.stack[\(index)].standardized"
            let object = try fields.object(component, "scenario.stack[\(index)]")
            guard let standardized = try InferencePerfFields.optionalObject(object["standardized"], path, fields),
                  try fields.optionalString(standardized["kind"], "\(path).kind") == "inference_engine"
            else { continue }
            if engine.name == nil {
                engine = EngineIdentity(
                    name: try fields.optionalString(standardized["tool"], "\(path).tool"),
                    version: try fields.optionalString(standardized["tool_version"], "\(path).tool_version"))
            }
            if model == nil, let modelObject = try InferencePerfFields.optionalObject(standardized["model"], "\(path).model", fields) {
                model = try fields.optionalString(modelObject["name"], "\(path).model.name")
            }
            guard let accelerator = try InferencePerfFields.optionalObject(standardized["accelerator"], "\(path).accelerator", fields),
                  let name = try fields.optionalString(accelerator["model"], "\(path).accelerator.model")
            else { continue }
            let count = try fields.optionalCount(accelerator["count"], "\(path).accelerator.count") ?? 0
            let replicas = try fields.optionalCount(standardized["replicas"], "\(path).replicas") ?? 1
            if acceleratorName == nil { acceleratorName = name }
            guard name == acceleratorName else { continue }
            let (product, overflow) = count.multipliedReportingOverflow(by: replicas)
            let (sum, overflowSum) = total.addingReportingOverflow(product)
            guard !overflow, !overflowSum, ValueDomain.count.violation(sum) == nil else {
                throw fields.error("\(path).accelerator.count", "\(count) × \(replicas) replicas: too many accelerators")
            }
            total = sum
        }
        if let acceleratorName {
            hardware = Hardware(description: acceleratorName, count: total > 0 ? total : nil)
        }
    }

    // MARK: v0.1

    private mutating func readV01(_ root: [String: JSONValue], _ fields: JSONFields) throws {
        let scenario = try InferencePerfFields.optionalObject(root["scenario"], "scenario", fields) ?? [:]
        if let modelObject = try InferencePerfFields.optionalObject(scenario["model"], "scenario.model", fields) {
            model = try fields.optionalString(modelObject["name"], "scenario.model.name")
        }
        if let platform = try InferencePerfFields.optionalObject(scenario["platform"], "scenario.platform", fields),
           let engines = platform["engine"], !engines.isNull,
           let first = try fields.array(engines, "scenario.platform.engine").first {
            let object = try fields.object(first, "scenario.platform.engine[0]")
            let version: String?
            switch object["version"] {
            case .string(let text)?: version = text
            case .double(let number)?: version = "\(number)"
            case .int(let number)?: version = "\(number)"
            default: version = nil
            }
            engine = EngineIdentity(name: try fields.optionalString(object["name"], "scenario.platform.engine[0].name"), version: version)
        }
        if let host = try InferencePerfFields.optionalObject(scenario["host"], "scenario.host", fields),
           let accelerators = host["accelerator"], !accelerators.isNull {
            var name: String?
            var memory: Double?
            var total = 0
            for (index, entry) in try fields.array(accelerators, "scenario.host.accelerator").enumerated() {
                let path = "scenario.host.accelerator[\(index)]"
                let object = try fields.object(entry, path)
                guard let model = try fields.optionalString(object["model"], "\(path).model") else { continue }
                if name == nil {
                    name = model
                    memory = try fields.optionalNumber(object["memory"], "\(path).memory")
                }
                guard model == name else { continue }
                let count = try fields.optionalCount(object["count"], "\(path).count") ?? 0
                let (sum, overflow) = total.addingReportingOverflow(count)
                guard !overflow, ValueDomain.count.violation(sum) == nil else {
                    throw fields.error("\(path).count", "\(count): too many accelerators")
                }
                total = sum
            }
            if let name { hardware = Hardware(description: name, count: total > 0 ? total : nil, memoryGB: memory) }
        }
        if let load = try InferencePerfFields.optionalObject(scenario["load"], "scenario.load", fields) {
            loadTool = try fields.optionalString(load["name"], "scenario.load.name")
            try readV01Level(load, fields)
        }

        guard let results = try InferencePerfFields.optionalObject(root["metrics"], "metrics", fields) else { return }
        if let time = try InferencePerfFields.optionalObject(results["time"], "metrics.time", fields) {
            if let seconds = try fields.optionalNumber(time["start"], "metrics.time.start") {
                start = Date(timeIntervalSince1970: try fields.checked(seconds, ValueDomain(upperBound: 1e11), "metrics.time.start"))
            }
            durationSeconds = try fields.optionalSeconds(time["duration"], "metrics.time.duration")
        }
        try readAggregate(results, base: "metrics", fields)
        if let throughput = try InferencePerfFields.optionalObject(results["throughput"], "metrics.throughput", fields) {
            let rates: [(String, Metric)] = [
                ("requests_per_sec", .requestThroughput), ("output_tokens_per_sec", .outputThroughput),
                ("total_tokens_per_sec", .totalThroughput),
            ]
            for (key, metric) in rates {
                let path = "metrics.throughput.\(key)"
                guard let value = try fields.optionalNumber(throughput[key], path) else { continue }
                metrics[metric, .value] = try fields.checked(value, metric.domain(.value), path)
            }
        }
    }

    /// v0.1 has no standardized load level. Its inference-perf converter keeps the stage
    /// (`scenario.load.metadata.stage`) and the whole config (`scenario.load.args`): the stage's
    /// `concurrency_level`, else (not the concurrent type, whose `rate` is a request count) its `rate`.
    private mutating func readV01Level(_ load: [String: JSONValue], _ fields: JSONFields) throws {
        let metadata = try InferencePerfFields.optionalObject(load["metadata"], "scenario.load.metadata", fields)
        stage = try fields.optionalCount(metadata?["stage"], "scenario.load.metadata.stage")
        guard loadTool == "inference-perf", let stage,
              let args = try InferencePerfFields.optionalObject(load["args"], "scenario.load.args", fields),
              let config = try InferencePerfFields.optionalObject(args["load"], "scenario.load.args.load", fields),
              let list = config["stages"], !list.isNull
        else { return }
        let stages = try fields.array(list, "scenario.load.args.load.stages")
        guard stages.indices.contains(stage) else { return }
        let path = "scenario.load.args.load.stages[\(stage)]"
        let entry = try fields.object(stages[stage], path)
        if let level = try fields.optionalInt(entry["concurrency_level"], "\(path).concurrency_level") {
            if let reason = ValueDomain.concurrency.violation(level) {
                throw fields.error("\(path).concurrency_level", "\(level): \(reason)")
            }
            concurrency = level
        } else if try fields.optionalString(config["type"], "scenario.load.args.load.type") != "concurrent" {
            requestRate = try fields.optionalNumber(entry["rate"], "\(path).rate")
                .map { try fields.checked($0, .arrivalRate, "\(path).rate") }
        }
    }

    // MARK: Shared

    /// `requests` counts and the latency and length distributions, the same in both lines.
    private mutating func readAggregate(_ aggregate: [String: JSONValue], base: String, _ fields: JSONFields) throws {
        if let counts = try InferencePerfFields.optionalObject(aggregate["requests"], "\(base).requests", fields) {
            requests = try fields.optionalCount(counts["total"], "\(base).requests.total")
            failures = try fields.optionalCount(counts["failures"], "\(base).requests.failures")
        }
        for (keys, metric, kind) in Self.distributions {
            var object: [String: JSONValue]? = aggregate
            var path = base
            for key in keys {
                path += ".\(key)"
                object = try InferencePerfFields.optionalObject(object?[key], path, fields)
            }
            guard let statistics = object else { continue }
            let unit = try Self.unit(statistics, path, kind, fields)
            for (key, statistic) in Self.statistics {
                guard let raw = try fields.optionalNumber(statistics[key], "\(path).\(key)") else { continue }
                metrics[metric, statistic] = try fields.checked(unit.canonical(raw), metric.domain(statistic), "\(path).\(key)")
            }
            means[metric] = metrics[metric, .mean]
        }
    }

    private static func unit(_ statistics: [String: JSONValue], _ path: String, _ kind: UnitKind, _ fields: JSONFields) throws -> SourceUnit {
        let text = try fields.string(statistics["units"], "\(path).units")
        guard let unit = kind.unit(text) else {
            throw fields.error("\(path).units", "\"\(text)\": expected \(kind.expected)")
        }
        return unit
    }

    /// An ISO 8601 instant (`2026-12-08T01:33:09.175614Z`, `…+00:00`); nil when absent.
    static func instant(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> Date? {
        guard let text = try fields.optionalString(value, path) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        throw fields.error(path, "\"\(text.prefix(40))\": not an ISO 8601 time with a zone")
    }
}
