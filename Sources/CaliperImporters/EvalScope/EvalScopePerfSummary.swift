import CaliperCore
import Foundation

/// A JSON object from one EvalScope perf file, with typed reads whose errors name the file and key.
struct EvalScopePerfObject {
    let fields: [String: JSONValue]
    let file: URL

    init(_ json: JSONValue, file: URL) throws {
        guard let fields = json.objectValue else {
            throw ImportError(file: file, reason: "expected a JSON object, got \(Self.kind(of: json))")
        }
        self.fields = fields
        self.file = file
    }

    var keys: Set<String> { Set(fields.keys) }

    func requiredInt(_ key: String) throws -> Int {
        guard let value = fields[key] else { throw ImportError(file: file, field: key, reason: "missing") }
        guard let int = value.intValue else {
            throw ImportError(file: file, field: key, reason: "expected an integer, got \(Self.kind(of: value))")
        }
        return int
    }

    /// A number; nil when absent, null or NaN (EvalScope's "no data"). ±Infinity is an error.
    func number(_ key: String) throws -> Double? {
        guard let value = fields[key] else { return nil }
        switch value {
        case .null: return nil
        case .double(let number) where number.isNaN: return nil
        case .double(let number) where !number.isFinite:
            throw ImportError.invalid(file: file, field: key, value: "\(number)", reason: "not finite")
        case .int, .double: return value.doubleValue
        default: throw ImportError(file: file, field: key, reason: "expected a number, got \(Self.kind(of: value))")
        }
    }

    /// A number in `unit`, converted to its canonical unit and checked against `domain`; nil when
    /// absent, null or NaN.
    func measure(_ key: String, unit: SourceUnit, domain: ValueDomain) throws -> Double? {
        guard let raw = try number(key) else { return nil }
        return try check(unit.canonical(raw), domain, key, written: raw)
    }

    /// `value` when it lies in `domain`; else an error naming the key and the value as written.
    func check(_ value: Double, _ domain: ValueDomain, _ key: String, written: Double? = nil) throws -> Double {
        if let reason = domain.violation(value) {
            throw ImportError.invalid(file: file, field: key, value: "\(written ?? value)", reason: reason)
        }
        return value
    }

    /// `value` when it lies in `domain`; else an error naming the key and the value.
    func check(_ value: Int, _ domain: ValueDomain, _ key: String) throws -> Int {
        if let reason = domain.violation(value) {
            throw ImportError.invalid(file: file, field: key, value: "\(value)", reason: reason)
        }
        return value
    }

    /// A whole count in ``ValueDomain/count``.
    func requiredCount(_ key: String) throws -> Int {
        try check(try requiredInt(key), .count, key)
    }

    func requiredNumber(_ key: String) throws -> Double {
        guard fields[key] != nil else { throw ImportError(file: file, field: key, reason: "missing") }
        guard let number = try number(key) else {
            throw ImportError(file: file, field: key, reason: "expected a number, got NaN or null")
        }
        return number
    }

    /// An integer setting; nil when absent or null. With a domain, a value outside it is an error.
    func int(_ key: String, domain: ValueDomain? = nil) throws -> Int? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard let int = value.intValue else {
            throw ImportError(file: file, field: key, reason: "expected an integer, got \(Self.kind(of: value))")
        }
        return try domain.map { try check(int, $0, key) } ?? int
    }

    /// A string setting; nil when absent or null.
    func string(_ key: String) throws -> String? {
        guard let value = fields[key], !value.isNull else { return nil }
        guard let string = value.stringValue else {
            throw ImportError(file: file, field: key, reason: "expected a string, got \(Self.kind(of: value))")
        }
        return string
    }

    func requiredString(_ key: String) throws -> String {
        guard let string = try string(key) else { throw ImportError(file: file, field: key, reason: "missing") }
        return string
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "a number"
        case .double(let number): number.rounded() == number ? "a number" : "a fractional number (\(number))"
        case .string(let string): "a string \"\(string.prefix(40))\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One point's aggregates: `benchmark_summary.json` plus, when present, `benchmark_percentile.json`.
struct EvalScopePerfSummary {
    var generation: EvalScopePerfGeneration
    var keys: Set<String>
    /// Nil in open loop (EvalScope writes -1).
    var concurrency: Int?
    /// The summary's requested rate; nil when unlimited (-1) or not in this layout.
    var requestRate: Double?
    var hasRateKey: Bool
    var requests: Int
    var durationSeconds: Double
    var metrics = MetricTable()
    /// Row labels of the percentile file, in file order; nil without one.
    var percentileLabels: [String]?

    init(_ json: JSONValue, file: URL) throws {
        let summary = try EvalScopePerfObject(json, file: file)
        guard let generation = EvalScopePerfGeneration.detect(summaryKeys: summary.keys) else {
            let sample = summary.keys.sorted().prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
            throw ImportError(file: file, reason: "unknown benchmark_summary.json layout (keys: \(sample))")
        }
        let names = generation.keys
        self.generation = generation
        keys = summary.keys
        let duration = try summary.requiredNumber(names.duration)
        durationSeconds = try summary.check(SourceUnit.seconds.canonical(duration), .positiveSeconds, names.duration)
        // -1 is open loop; a real concurrency is at least 1.
        let concurrency = try summary.requiredInt(names.concurrency)
        if concurrency != -1 { _ = try summary.check(concurrency, .concurrency, names.concurrency) }
        self.concurrency = concurrency == -1 ? nil : concurrency
        // -1 is "unlimited"; a real rate is more than 0.
        let rate = try names.rate.flatMap { try summary.number($0) }
        hasRateKey = rate != nil
        if let rate, rate != -1, let key = names.rate {
            _ = try summary.check(rate, .arrivalRate, key)
        }
        requestRate = rate.flatMap { $0 == -1 ? nil : SourceUnit.requestsPerSecond.canonical($0) }

        requests = try summary.requiredCount(names.total)
        let succeeded = try summary.requiredCount(names.success)
        let failed = try summary.requiredCount(names.failed)
        guard succeeded + failed == requests else {
            throw ImportError.invalid(
                file: file, field: names.success, value: "\(succeeded)",
                reason: "with \(failed) failed, does not add up to the \(requests) of \"\(names.total)\"")
        }
        metrics[.requests, .value] = SourceUnit.count.canonical(Double(requests))
        metrics[.failedRequests, .value] = SourceUnit.count.canonical(Double(failed))
        if requests > 0 {
            metrics[.successRate, .value] = SourceUnit.fraction.canonical(Double(succeeded) / Double(requests))
        }
        for entry in names.metrics {
            // -1 is EvalScope's "not computed": missing, not a value.
            if let raw = try summary.number(entry.key), raw != -1 {
                metrics[entry.metric, entry.statistic] = try summary.check(
                    entry.unit.canonical(raw), entry.metric.domain(entry.statistic), entry.key, written: raw)
            }
        }
    }

    /// Adds the percentile rows (`[{"Percentiles": "50%", "TTFT (ms)": 68.1, …}, …]`) as statistics.
    mutating func addPercentiles(_ json: JSONValue, file: URL) throws {
        guard let rows = json.arrayValue else {
            throw ImportError(file: file, reason: "expected a JSON array of rows, got \(EvalScopePerfObject.kind(of: json))")
        }
        var labels: [String] = []
        for (index, rowValue) in rows.enumerated() {
            let row = try EvalScopePerfObject(rowValue, file: file)
            // "Percentile" in 0.8–0.15, "Percentiles" from 0.16.
            let labelKey = row.fields["Percentiles"] != nil ? "Percentiles" : "Percentile"
            guard let label = try row.string(labelKey) else {
                throw ImportError(file: file, field: "Percentiles", reason: "missing in row \(index + 1)")
            }
            guard let statistic = Statistic(percentileLabel: label) else {
                throw ImportError(file: file, field: labelKey, reason: "unknown percentile label \"\(label)\"")
            }
            labels.append(label)
            for column in row.fields.keys.sorted() where column != labelKey {
                guard let (metric, unit) = EvalScopePerfSummaryKeys.percentileColumn(column, generation: generation)
                else { continue }
                do {
                    if let value = try row.measure(column, unit: unit, domain: metric.domain(statistic)) {
                        metrics[metric, statistic] = value
                    }
                } catch var error as ImportError {
                    error.field = "\(column)\" at \"\(label)"
                    throw error
                }
            }
        }
        percentileLabels = labels
    }
}
