import CaliperCore
import Foundation

/// One AIPerf invocation's folder: `profile_export_aiperf.json` (one load level) and, where it was
/// written, `profile_export.jsonl` (its requests), read into a single-point ``Run``.
///
/// Three summary layouts, told apart by their keys:
///
/// | format | AIPerf | metrics | version |
/// |---|---|---|---|
/// | `json-records` | 0.1 | under `records.<tag>` | 0.1 |
/// | `json-flat` | 0.2 – 0.4 | top level, no `schema_version` | 0.2..0.4 |
/// | `schema-<v>` | 0.5+ | top level; `schema_version` 1.0 (0.5–0.7), 1.3, 1.4 (0.13) | `aiperf_version` |
///
/// The keys read and what each becomes are listed on ``AIPerfImporter``.
struct AIPerfProfile {
    static let summaryFile = "profile_export_aiperf.json"
    static let recordsFile = "profile_export.jsonl"

    var run: Run
    var start: Date?
    var end: Date?

    /// Reads the summary (and, when present, the request records) in `folder`.
    static func read(_ folder: URL) throws -> AIPerfProfile {
        var files = SourceFiles(root: folder)
        let url = folder.appending(path: summaryFile)
        let fields = JSONFields(file: url)
        let json = try fields.object(try files.json(url), "")

        let schema = try fields.optionalString(json["schema_version"], "schema_version")
        let version = try fields.optionalString(json["aiperf_version"], "aiperf_version")
        let format: String
        var reader = ProfileMetricReader(metrics: json, fields: fields)
        if schema == nil, !json.keys.contains("request_throughput"), let records = json["records"]?.objectValue {
            format = "json-records"
            reader = ProfileMetricReader(metrics: records, fields: fields, prefix: "records.")
        } else {
            format = schema.map { "schema-\($0)" } ?? "json-flat"
        }
        let versionText = version ?? (format == "json-records" ? "0.1" : format == "json-flat" ? "0.2..0.4" : nil)

        guard let configValue = json["input_config"], !configValue.isNull else {
            throw fields.error("input_config", "missing: not an AIPerf summary")
        }
        let config = try AIPerfConfig(try fields.object(configValue, "input_config"), fields: fields)
        var warnings = config.warnings

        // Counts: `request_count` is the successful requests; errors are counted apart.
        let successes = try reader.count("request_count")
        let statedErrors = try reader.count("error_request_count")
        let summedErrors = try errorSummaryCount(json, fields)
        let errorCount = statedErrors ?? summedErrors
        // A run where every request failed has no request_count; one with neither count is no summary.
        guard successes != nil || statedErrors != nil || (summedErrors ?? 0) > 0 else {
            throw fields.error("\(reader.prefix)request_count", "missing")
        }
        let (requests, overflow) = (successes ?? 0).addingReportingOverflow(errorCount ?? 0)
        if overflow || ValueDomain.count.violation(requests) != nil {
            throw fields.error("request_count", "\(successes ?? 0) + \(errorCount ?? 0) errors: too many requests")
        }
        let failed = errorCount ?? 0
        if let completed = try reader.count("completed_request_count"), completed != requests {
            throw fields.error(
                "\(reader.prefix)completed_request_count.avg",
                "\(completed), but request_count \(successes ?? 0) + error_request_count \(failed) = \(requests)")
        }
        if let rate = try reader.scalar("request_error_rate", .percent, domain: .fraction), requests > 0,
           abs(rate - Double(failed) / Double(requests)) > 1e-6 {
            throw fields.error(
                "\(reader.prefix)request_error_rate.avg",
                "\(rate) as a fraction, but \(failed) of \(requests) requests failed")
        }

        var table = MetricTable()
        try reader.value("request_throughput", as: .requestThroughput, into: &table)
        try reader.value("output_token_throughput", as: .outputThroughput, into: &table)
        try reader.value("total_token_throughput", as: .totalThroughput, into: &table)
        try reader.distribution("request_latency", as: .latency, into: &table)
        try reader.distribution("time_to_first_token", as: .ttft, into: &table)
        try reader.distribution("inter_token_latency", as: .tpot, into: &table)
        try reader.distribution("inter_chunk_latency", as: .itl, into: &table)
        try reader.distribution("input_sequence_length", as: .inputTokens, into: &table)
        try reader.distribution("output_sequence_length", as: .outputTokens, into: &table)
        table[.requests, .value] = Double(requests)
        table[.failedRequests, .value] = Double(failed)
        if requests > 0 { table[.successRate, .value] = Double(requests - failed) / Double(requests) }
        let duration = try reader.scalar("benchmark_duration", .time, domain: .positiveSeconds)

        var records: [RequestRecord] = []
        let recordsURL = folder.appending(path: recordsFile)
        if FileManager.default.fileExists(atPath: recordsURL.path(percentEncoded: false)) {
            let read = try AIPerfRecords.read(try files.jsonLines(recordsURL), file: recordsURL, streaming: config.streaming)
            let failedRows = read.filter { !$0.success }.count
            if read.count != requests {
                warnings.append(
                    "\(recordsFile): \(read.count) profiling records, but the summary counts \(requests) requests: request rows left out")
            } else if failedRows != failed {
                throw ImportError(
                    file: recordsURL, field: "error",
                    reason: "\(failedRows) failed requests, but \(summaryFile) counts \(failed)")
            } else {
                records = read
            }
        }

        let point = PerfPoint(
            concurrency: config.concurrency, requestRate: config.requestRate, requests: requests,
            durationSeconds: duration, metrics: table, records: records)
        let start = try time(json["start_time"], "start_time", fields)
        let end = try time(json["end_time"], "end_time", fields)
        var run = Run(
            kind: .perf, model: config.model, hardware: try hardware(json["telemetry_data"], fields, warnings: &warnings),
            generationConfig: config.generationConfig, workload: config.workload,
            source: SourceInfo(tool: AIPerfImporter.name, version: versionText, format: format, path: folder.path(percentEncoded: false)),
            runAt: start, contentHash: files.contentHash(kind: AIPerfImporter.name), points: [point])
        run.warnings = warnings
        return AIPerfProfile(run: run, start: start?.date, end: end?.date)
    }

    /// Failed requests from `error_summary` (`[{"error_details": {…}, "count": n}]`) when the
    /// summary has no `error_request_count`; nil when there is no summary either.
    private static func errorSummaryCount(_ json: [String: JSONValue], _ fields: JSONFields) throws -> Int? {
        guard let value = json["error_summary"], !value.isNull else { return nil }
        var total = 0
        for (index, entry) in try fields.array(value, "error_summary").enumerated() {
            let path = "error_summary[\(index)].count"
            let count = try fields.optionalCount(try fields.object(entry, "error_summary[\(index)]")["count"], path) ?? 0
            let (sum, overflow) = total.addingReportingOverflow(count)
            if overflow { throw fields.error(path, "\(count): too many") }
            total = sum
        }
        return total
    }

    /// The GPUs in `telemetry_data.endpoints.*.gpus.*` (present with GPU telemetry), counted once
    /// per `gpu_uuid`: AIPerf also scrapes its default DCGM URL, so one GPU can appear twice.
    private static func hardware(_ value: JSONValue?, _ fields: JSONFields, warnings: inout [String]) throws -> Hardware {
        guard let value, !value.isNull else { return Hardware() }
        let telemetry = try fields.object(value, "telemetry_data")
        guard let endpointsValue = telemetry["endpoints"], !endpointsValue.isNull else { return Hardware() }
        var names: [String: String] = [:]   // uuid (or endpoint/key) → name
        for (endpoint, entry) in try fields.object(endpointsValue, "telemetry_data.endpoints") {
            let base = "telemetry_data.endpoints.\(endpoint)"
            guard let gpusValue = try fields.object(entry, base)["gpus"], !gpusValue.isNull else { continue }
            for (key, gpuValue) in try fields.object(gpusValue, "\(base).gpus") {
                let gpu = try fields.object(gpuValue, "\(base).gpus.\(key)")
                guard let name = try fields.optionalString(gpu["gpu_name"], "\(base).gpus.\(key).gpu_name") else { continue }
                let uuid = try fields.optionalString(gpu["gpu_uuid"], "\(base).gpus.\(key).gpu_uuid") ?? "\(endpoint)/\(key)"
                names[uuid] = name
            }
        }
        guard !names.isEmpty else { return Hardware() }
        let byName = Dictionary(grouping: names.values, by: { $0 }).mapValues(\.count)
        guard let (name, count) = byName.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return Hardware() }
        if byName.count > 1 {
            warnings.append("telemetry_data: GPUs of several models (\(byName.keys.sorted().joined(separator: ", "))); hardware taken as \(count) × \(name)")
        }
        return Hardware(description: name, count: count)
    }

    /// `2026-11-24T19:14:11.026868`: AIPerf writes local time without a zone (Python's
    /// `datetime.fromtimestamp`), read in the ingesting host's zone; a time with a zone keeps it.
    static func time(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> RunTime? {
        guard let text = try fields.optionalString(value, path) else { return nil }
        guard let match = text.wholeMatch(of: /(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?/) else {
            throw fields.error(path, "\"\(text.prefix(40))\": not an ISO 8601 time")
        }
        let local = String(match.1)
        var zone = TimeZone.current
        var origin = RunTime.ZoneOrigin.ingestHost
        if let suffix = match.2 {
            let digits = suffix.filter(\.isNumber)
            var offset = 0
            if suffix != "Z", let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) {
                offset = (hours * 3600 + minutes * 60) * (suffix.hasPrefix("-") ? -1 : 1)
            }
            guard let fixed = TimeZone(secondsFromGMT: offset) else { throw fields.error(path, "\"\(text)\": bad UTC offset") }
            zone = fixed
            origin = .source
        }
        guard let time = RunTime(local: local, zone: zone, origin: origin) else {
            throw fields.error(path, "\"\(text.prefix(40))\": not a calendar time")
        }
        return time
    }
}
