import CaliperCore
import Foundation

/// GuideLLM's per-request entries (`benchmarks[].requests.{successful, errored}[]`) read into
/// ``RequestRecord``s, and their request bodies.
///
/// | entry key (unit) | ``RequestRecord`` field |
/// |---|---|
/// | `request_start_time` (0.4+) or `start_time` (0.3), epoch s − the level's first start | `startOffset` |
/// | `request_latency` (s) | `latency` |
/// | `time_to_first_token_ms` (ms) | `ttft` |
/// | `inter_token_latency_ms` (ms): (last − first token)/(output tokens − 1) | `tpot` |
/// | `prompt_tokens`, `output_tokens` | `inputTokens`, `outputTokens` |
/// | `request_args.stream` (0.4+) | `isStream` |
/// | `error` (0.3) or `info.error` (0.4+) | `error`; errored entries are failures |
///
/// `request_args` is a JSON string in 0.7+ and a Python repr in 0.4–0.6 (``PythonLiteral``).
/// GuideLLM records no per-chunk gaps, so `itlMean`/`itlCount` stay unset. Rows are in completion
/// order (`request_end_time`/`end_time`).
enum GuideLLMRequests {
    static func records(
        successful: [JSONValue], errored: [JSONValue], path: String, fields: JSONFields
    ) throws -> [RequestRecord] {
        var rows: [(start: Double?, end: Double, record: RequestRecord)] = []
        for (status, items) in [("successful", successful), ("errored", errored)] {
            for (index, item) in items.enumerated() {
                rows.append(try row(item, success: status == "successful", path: "\(path).\(status)[\(index)]", fields: fields))
            }
        }
        let first = rows.compactMap(\.start).min()
        return try rows.sorted { ($0.end, $0.start ?? $0.end) < ($1.end, $1.start ?? $1.end) }.enumerated().map { index, row in
            var record = row.record
            record.sequence = index
            if let start = row.start, let first {
                record.startOffset = try fields.checked(start - first, .seconds, "\(path): start offset")
            }
            return record
        }
    }

    private static func row(
        _ value: JSONValue, success: Bool, path: String, fields: JSONFields
    ) throws -> (start: Double?, end: Double, record: RequestRecord) {
        let item = try fields.object(value, path)
        func seconds(_ key: String, _ unit: SourceUnit) throws -> Double? {
            guard let raw = try fields.optionalNumber(item[key], "\(path).\(key)") else { return nil }
            return try fields.checked(unit.canonical(raw), .seconds, "\(path).\(key)")
        }
        func tokens(_ key: String) throws -> Int? {
            guard let count = try fields.optionalInt(item[key], "\(path).\(key)") else { return nil }
            if let reason = ValueDomain.tokenCount.violation(count) { throw fields.error("\(path).\(key)", "\(count): \(reason)") }
            return count
        }
        let startKey = item["request_start_time"] != nil ? "request_start_time" : "start_time"
        let endKey = item["request_end_time"] != nil ? "request_end_time" : "end_time"
        // A request that failed before it was sent has no start (0.4+: `request_start_time` null).
        let epoch = ValueDomain(upperBound: 1e11)
        let start = try fields.optionalNumber(item[startKey], "\(path).\(startKey)").map { try fields.checked($0, epoch, "\(path).\(startKey)") }
        guard let end = try fields.optionalNumber(item[endKey], "\(path).\(endKey)").map({ try fields.checked($0, epoch, "\(path).\(endKey)") }) ?? start
        else { throw fields.error("\(path).\(endKey)", "missing") }
        if let start, end < start { throw fields.error("\(path).\(endKey)", "\(end): before \(startKey) \(start)") }

        var info: [String: JSONValue] = [:]
        if let value = item["info"], !value.isNull { info = try fields.object(value, "\(path).info") }
        let error = try fields.optionalString(item["error"], "\(path).error")
            ?? fields.optionalString(info["error"], "\(path).info.error")
        let record = RequestRecord(
            sequence: 0, success: success,
            latency: try seconds("request_latency", .seconds),
            ttft: try seconds("time_to_first_token_ms", .milliseconds),
            tpot: try seconds("inter_token_latency_ms", .milliseconds),
            inputTokens: try tokens("prompt_tokens"), outputTokens: try tokens("output_tokens"),
            isStream: try arguments(item, path: path, fields: fields)?["stream"]?.boolValue,
            error: success ? nil : (error ?? "errored"))
        return (start, end, record)
    }

    /// The parsed `request_args` of an entry: a JSON string (0.7+), a Python repr (0.4–0.6) or an
    /// object; nil when absent or unreadable (a repr of an object).
    static func arguments(_ item: [String: JSONValue], path: String, fields: JSONFields) throws -> [String: JSONValue]? {
        guard let value = item["request_args"], !value.isNull else { return nil }
        if let object = value.objectValue { return object }
        let text = try fields.string(value, "\(path).request_args")
        if let parsed = try? JSONValue.parse(Data(text.utf8)), let object = parsed.objectValue { return object }
        return PythonLiteral.parse(text)?.objectValue
    }

    /// The request body an entry was sent with (`request_args.body`), where the report kept it.
    static func body(_ value: JSONValue, path: String, fields: JSONFields) throws -> [String: JSONValue]? {
        let item = try fields.object(value, path)
        return try arguments(item, path: path, fields: fields)?["body"]?.objectValue
    }
}
