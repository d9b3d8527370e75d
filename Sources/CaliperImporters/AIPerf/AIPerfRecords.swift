import CaliperCore
import Foundation

/// AIPerf's `profile_export.jsonl` (0.3+): one line per request,
/// `{"metadata": {benchmark_phase, request_start_ns, request_end_ns, was_cancelled, …},
///   "metrics": {name: {"value": v, "unit": u}}, "error": {code, type, message} | null}`.
///
/// Only `benchmark_phase: "profiling"` lines are measured requests (warm-up lines are not).
///
/// | record key | ``RequestRecord`` field | unit |
/// |---|---|---|
/// | `metadata.request_start_ns` − the level's first start | `startOffset` | ns → s |
/// | `metrics.request_latency` | `latency` | ms → s |
/// | `metrics.time_to_first_token` | `ttft` | ms → s |
/// | `metrics.inter_token_latency` ((latency − TTFT)/(OSL − 1)) | `tpot` | ms → s |
/// | `metrics.inter_chunk_latency` (list of gaps) | `itlMean`, `itlCount` | ms → s |
/// | `metrics.input_sequence_length`, `output_sequence_length` | `inputTokens`, `outputTokens` | tokens |
/// | `error` | `success` = false, `error` (`code type: message`) | |
///
/// Rows are ordered by `request_end_ns` (completion order).
enum AIPerfRecords {
    static func read(_ lines: [JSONValue], file: URL, streaming: Bool?) throws -> [RequestRecord] {
        var rows: [(end: Int, start: Int, record: RequestRecord)] = []
        for (index, line) in lines.enumerated() {
            let fields = JSONFields(file: file, line: index + 1)
            let object = try fields.object(line, "")
            let metadata = try fields.object(object["metadata"], "metadata")
            let phase = try fields.optionalString(metadata["benchmark_phase"], "metadata.benchmark_phase")
                ?? fields.optionalString(metadata["phase_kind"], "metadata.phase_kind")
            guard phase == nil || phase == "profiling" else { continue }
            let start = try nanoseconds(metadata["request_start_ns"], "metadata.request_start_ns", fields)
            let end = try nanoseconds(metadata["request_end_ns"], "metadata.request_end_ns", fields)
            guard end >= start else {
                throw fields.error("metadata.request_end_ns", "\(end): before request_start_ns \(start)")
            }
            let metrics = try fields.object(object["metrics"] ?? .object([:]), "metrics")
            let error = try errorText(object["error"], fields)

            var record = RequestRecord(sequence: 0, success: error == nil, isStream: streaming, error: error)
            record.latency = try time(metrics, "request_latency", fields)
            record.ttft = try time(metrics, "time_to_first_token", fields)
            record.tpot = try time(metrics, "inter_token_latency", fields)
            record.inputTokens = try tokens(metrics, "input_sequence_length", fields)
            record.outputTokens = try tokens(metrics, "output_sequence_length", fields)
            if let gaps = try chunkGaps(metrics, fields), !gaps.isEmpty {
                record.itlCount = gaps.count
                record.itlMean = gaps.reduce(0, +) / Double(gaps.count)
            }
            rows.append((end, start, record))
        }
        guard let firstStart = rows.map(\.start).min() else { return [] }
        return try rows.sorted { ($0.end, $0.start) < ($1.end, $1.start) }.enumerated().map { index, row in
            var record = row.record
            record.sequence = index
            // start ≥ firstStart, so the difference is ≥ 0; it overflows only past Int64, which is refused.
            let (offset, overflow) = row.start.subtractingReportingOverflow(firstStart)
            guard !overflow else {
                throw ImportError(file: file, field: "metadata.request_start_ns", reason: "\(row.start): out of range")
            }
            record.startOffset = try seconds(nanoseconds: offset, file: file)
            return record
        }
    }

    /// A wall-clock instant in nanoseconds since the epoch.
    private static func nanoseconds(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> Int {
        guard let value, !value.isNull else { throw fields.error(path, "missing") }
        guard let ns = value.intValue else { throw fields.error(path, "expected an integer, found \(JSONFields.kind(of: value))") }
        guard ns >= 0 else { throw fields.error(path, "\(ns): negative") }
        return ns
    }

    /// Nanoseconds as seconds, through ``SourceUnit`` (µs scale twice: ns → ms → s).
    static func seconds(nanoseconds: Int, file: URL) throws -> Double {
        let seconds = SourceUnit.nanoseconds.canonical(Double(nanoseconds))
        if let reason = ValueDomain.seconds.violation(seconds) {
            throw ImportError(file: file, field: "metadata.request_start_ns", reason: "\(nanoseconds) ns after the first request: \(reason)")
        }
        return seconds
    }

    /// `{"value": v, "unit": "ms"}` under `name`, in seconds; nil when absent.
    private static func time(_ metrics: [String: JSONValue], _ name: String, _ fields: JSONFields) throws -> Double? {
        guard let (value, unit) = try metric(metrics, name, .time, fields) else { return nil }
        let path = "metrics.\(name).value"
        guard let raw = try fields.optionalNumber(value, path) else { return nil }
        return try fields.checked(unit.canonical(raw), .seconds, path)
    }

    private static func tokens(_ metrics: [String: JSONValue], _ name: String, _ fields: JSONFields) throws -> Int? {
        guard let (value, _) = try metric(metrics, name, .tokens, fields) else { return nil }
        let path = "metrics.\(name).value"
        guard let count = try fields.optionalInt(value, path) else { return nil }
        if let reason = ValueDomain.tokenCount.violation(count) { throw fields.error(path, "\(count): \(reason)") }
        return count
    }

    /// The gaps between a request's content chunks, in seconds.
    private static func chunkGaps(_ metrics: [String: JSONValue], _ fields: JSONFields) throws -> [Double]? {
        guard let (value, unit) = try metric(metrics, "inter_chunk_latency", .time, fields),
              let value, !value.isNull else { return nil }
        let path = "metrics.inter_chunk_latency.value"
        return try fields.array(value, path).enumerated().map { index, gap in
            try fields.checked(unit.canonical(try fields.number(gap, "\(path)[\(index)]")), .seconds, "\(path)[\(index)]")
        }
    }

    private static func metric(
        _ metrics: [String: JSONValue], _ name: String, _ kind: ProfileMetricReader.Kind, _ fields: JSONFields
    ) throws -> (JSONValue?, SourceUnit)? {
        guard let entry = metrics[name], !entry.isNull else { return nil }
        let object = try fields.object(entry, "metrics.\(name)")
        let text = try fields.optionalString(object["unit"], "metrics.\(name).unit") ?? ""
        guard let unit = kind.unit(text) else {
            throw fields.error("metrics.\(name).unit", "\"\(text.prefix(40))\": expected \(kind.expected)")
        }
        return (object["value"], unit)
    }

    /// `{"code": 500, "type": "Internal Server Error", "message": "…"}` → `500 Internal Server Error: …`.
    private static func errorText(_ value: JSONValue?, _ fields: JSONFields) throws -> String? {
        guard let value, !value.isNull else { return nil }
        let error = try fields.object(value, "error")
        let code = try fields.optionalInt(error["code"], "error.code")
        let type = try fields.optionalString(error["type"], "error.type")
        let message = try fields.optionalString(error["message"], "error.message") ?? ""
        let head = [code.map(String.init), type].compactMap { $0 }.joined(separator: " ")
        let text = head.isEmpty ? message : message.isEmpty ? head : "\(head): \(message)"
        return text.isEmpty ? "error" : text
    }
}
