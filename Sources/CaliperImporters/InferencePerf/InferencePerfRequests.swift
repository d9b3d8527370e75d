import CaliperCore
import Foundation

/// `per_request_lifecycle_metrics.json` (written when `report.request_lifecycle.per_request` is
/// on): one entry per measured request of every stage, times on the client's monotonic clock.
///
/// ```json
/// [{"start_time": 33606.43, "end_time": 33606.78,
///   "info": {"request_metrics": {"text": {"input_tokens": 31}},
///            "response_metrics": {"output_tokens": 63, "server_usage": {"completion_tokens": 48, …}, …}},
///   "computed_metrics": {"request_latency": 0.343, "time_to_first_token": 0.0585,
///                        "time_per_output_token": 0.00455, "inter_token_latency": 0.00455,
///                        "inter_token_latencies": [0.0062, …], "input_tokens": 31, "output_tokens": 63},
///   "error": null},
///  {"start_time": …, "end_time": …, "error": {"error_type": "HTTP Error 500", "error_msg": "…"}}]
/// ```
///
/// Entries carry no stage id. Stages run one after another, so the entries sorted by start time
/// are split by the stages' request counts; the split is kept only when each part has its stage's
/// failure count and, to the last bits, its stage's mean latency. Otherwise the rows are left out
/// with a warning rather than given to the wrong stage. `info` (0.1+) and `computed_metrics` (0.6+,
/// `per_request_fields.computed_metrics`) are each optional; what a row lacks stays nil. A row's
/// output tokens are the count its stage report's `output_tokens` is made of: the server's usage
/// (0.6+, only in `info`), else the client's re-tokenization.
enum InferencePerfRequests {
    /// What one stage's rows must agree with.
    struct StageCheck {
        var requests: Int
        var failures: Int
        /// `successes.latency.request_latency.mean` in seconds; nil when no request succeeded.
        var meanLatency: Double?
    }

    struct Row {
        var start: Double
        var end: Double
        var record: RequestRecord
    }

    /// Error texts longer than this are cut: a proxy's HTML error page is not a message.
    static let maximumErrorLength = 500

    /// The records of each stage, in `stages` order, or a warning saying why there are none.
    static func read(
        _ json: JSONValue, file: URL, stages: [StageCheck], isStream: Bool?, serverOutputTokens: Bool
    ) throws -> (records: [[RequestRecord]]?, warning: String?) {
        let fields = JSONFields(file: file)
        let entries = try fields.array(json, "")
        var rows: [Row] = []
        rows.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            rows.append(try row(
                entry, path: "[\(index)]", fields: fields, isStream: isStream, serverOutputTokens: serverOutputTokens))
        }

        let name = file.lastPathComponent
        let expected = stages.reduce(0) { $0 + $1.requests }
        guard rows.count == expected else {
            return (nil, "\(name): \(rows.count) rows, but the stage reports count \(expected) requests; request records left out")
        }
        rows.sort { ($0.start, $0.end) < ($1.start, $1.end) }

        var result: [[RequestRecord]] = []
        var offset = 0
        for (stageIndex, stage) in stages.enumerated() {
            let part = rows[offset..<(offset + stage.requests)]
            offset += stage.requests
            let failed = part.count { !$0.record.success }
            let latencies = part.filter(\.record.success).map { $0.end - $0.start }
            let mean = latencies.isEmpty ? nil : latencies.reduce(0, +) / Double(latencies.count)
            let agrees = failed == stage.failures && Self.close(mean, stage.meanLatency)
            guard agrees else {
                return (nil, "\(name): the rows sorted by start time do not split into the stages' requests (stage \(stageIndex) differs); request records left out")
            }
            result.append(sequenced(Array(part)))
        }
        return (result, nil)
    }

    /// Completion order from 0, start offsets from the stage's first request.
    private static func sequenced(_ rows: [Row]) -> [RequestRecord] {
        guard let first = rows.map(\.start).min() else { return [] }
        return rows.sorted { ($0.end, $0.start) < ($1.end, $1.start) }.enumerated().map { index, row in
            var record = row.record
            record.sequence = index
            record.startOffset = row.start - first
            return record
        }
    }

    private static func close(_ mean: Double?, _ expected: Double?) -> Bool {
        switch (mean, expected) {
        case (nil, nil): return true
        case (let mean?, let expected?): return abs(mean - expected) <= 1e-9 * max(abs(expected), 1e-9)
        default: return false
        }
    }

    // MARK: Rows

    private static func row(
        _ entry: JSONValue, path: String, fields: JSONFields, isStream: Bool?, serverOutputTokens: Bool
    ) throws -> Row {
        let object = try fields.object(entry, path)
        let start = try fields.number(object["start_time"], "\(path).start_time")
        let end = try fields.number(object["end_time"], "\(path).end_time")
        guard end >= start else {
            throw fields.error("\(path).end_time", "\(end): before start_time \(start)")
        }

        var record = RequestRecord(sequence: 0, success: true, isStream: isStream)
        if let error = try InferencePerfFields.optionalObject(object["error"], "\(path).error", fields) {
            record.success = false
            let type = try fields.optionalString(error["error_type"], "\(path).error.error_type")
            let message = try fields.optionalString(error["error_msg"], "\(path).error.error_msg")
            let text = [type, message].compactMap { $0 }.joined(separator: ": ")
            record.error = text.count > maximumErrorLength ? String(text.prefix(maximumErrorLength)) + "…" : text
        }

        let info = try InferencePerfFields.optionalObject(object["info"], "\(path).info", fields)
        let computed = try InferencePerfFields.optionalObject(object["computed_metrics"], "\(path).computed_metrics", fields)
        let requestMetrics = try InferencePerfFields.optionalObject(info?["request_metrics"], "\(path).info.request_metrics", fields)
        let text = try InferencePerfFields.optionalObject(requestMetrics?["text"], "\(path).info.request_metrics.text", fields)
        record.inputTokens = try fields.optionalCount(text?["input_tokens"], "\(path).info.request_metrics.text.input_tokens")
            ?? fields.optionalCount(info?["input_tokens"], "\(path).info.input_tokens")
            ?? fields.optionalCount(computed?["input_tokens"], "\(path).computed_metrics.input_tokens")
        guard record.success else { return Row(start: start, end: end, record: record) }

        // The count the stage reports' output tokens are: the server's usage (0.6+), else the
        // client's re-tokenization. A row without that count has none rather than the other.
        let response = try InferencePerfFields.optionalObject(info?["response_metrics"], "\(path).info.response_metrics", fields)
        if serverOutputTokens {
            let usage = try InferencePerfFields.optionalObject(response?["server_usage"], "\(path).info.response_metrics.server_usage", fields)
            record.outputTokens = try fields.optionalCount(usage?["completion_tokens"], "\(path).info.response_metrics.server_usage.completion_tokens")
                ?? fields.optionalCount(usage?["output_tokens"], "\(path).info.response_metrics.server_usage.output_tokens")
        } else {
            record.outputTokens = try fields.optionalCount(computed?["output_tokens"], "\(path).computed_metrics.output_tokens")
                ?? fields.optionalCount(response?["output_tokens"], "\(path).info.response_metrics.output_tokens")
                ?? fields.optionalCount(info?["output_tokens"], "\(path).info.output_tokens")
        }

        let computedPath = "\(path).computed_metrics"
        record.latency = try fields.optionalSeconds(computed?["request_latency"], "\(computedPath).request_latency")
            ?? fields.checked(end - start, .seconds, "\(path).end_time")
        record.ttft = try fields.optionalSeconds(computed?["time_to_first_token"], "\(computedPath).time_to_first_token")
        record.tpot = try fields.optionalSeconds(computed?["time_per_output_token"], "\(computedPath).time_per_output_token")
        record.itlMean = try fields.optionalSeconds(computed?["inter_token_latency"], "\(computedPath).inter_token_latency")
        if let gaps = computed?["inter_token_latencies"], !gaps.isNull {
            record.itlCount = try fields.array(gaps, "\(computedPath).inter_token_latencies").count
        }
        return Row(start: start, end: end, record: record)
    }
}
