import CaliperCore
import Foundation

/// The JSON form of a stored run (`caliper show --format json`, `caliper runs --format json`).
///
/// Keys are snake_case and stable; numbers are in canonical units (seconds, tokens/s, fractions).
public struct RunDocument: Encodable, Sendable {
    public struct HardwareDocument: Encodable, Sendable {
        var name: String?
        var count: Int?
        var memory_gb: Double?
        var vendor: String?
        var variant: String?
    }

    public struct SourceDocument: Encodable, Sendable {
        var tool: String
        var version: String?
        var format: String?
        var path: String?
    }

    public struct WorkloadDocument: Encodable, Sendable {
        var api: String?
        var endpoint: String?
        var url: String?
        var dataset: String?
        var dataset_path: String?
        var min_prompt_length: Int?
        var max_prompt_length: Int?
        var prefix_length: Int?
        var output_length: Int?
    }

    public struct PointDocument: Encodable, Sendable {
        var concurrency: Int?
        var request_rate: Double?
        var requests: Int
        var duration_s: Double?
        var metrics: [String: [String: Double]]
        var request_rows: Int?
    }

    public struct ScoreDocument: Encodable, Sendable {
        var dataset: String
        var subset: String?
        var metric: String
        var source_metric: String
        var score: Double
        var num: Int?
        var primary: Bool
    }

    public struct EditDocument: Encodable, Sendable {
        var edited_at: String
        var edited_by: String
        var field: String
        var old_value: String?
        var new_value: String?
    }

    var id: Int64
    var kind: String
    var model: String
    var model_checkpoint: String?
    var tokenizer_path: String?
    var engine: String?
    var engine_version: String?
    var hardware: HardwareDocument
    var generation_config: [String: JSONValue]
    var generation_config_hash: String
    var workload: WorkloadDocument
    var labels: [String: String]
    var source: SourceDocument
    /// UTC (`2026-11-24T11:00:48Z`); the time as read with its offset; the offset; and where the
    /// offset came from (`source` or `ingest host`, nil when unknown).
    var run_at: String?
    var run_at_local: String?
    var run_at_offset: String?
    var run_at_zone: String?
    var ingested_at: String
    var content_hash: String
    var points: [PointDocument]?
    var scores: [ScoreDocument]?
    var samples: Int?
    /// Why the run was stored as invalid; absent when valid.
    var invalid_reason: String?
    /// Failed requests by error text, most frequent first; absent when none failed (or not loaded).
    var request_errors: [RequestErrorCount]?
    /// What `caliper annotate` changed, oldest first (only in `show`).
    var edits: [EditDocument]?

    /// - Parameters:
    ///   - requestRows: per point, how many request rows the store holds (nil when not counted).
    ///   - sampleCount: how many eval samples the store holds (nil when not counted).
    ///   - invalidReason: why the run was stored as invalid (nil: valid).
    ///   - requestErrors: the failed requests by error text (``Run/requestErrors``); empty is left out.
    ///   - edits: the run's recorded edits (nil: not listed).
    public init(
        id: Int64, ingestedAt: String, run: Run, requestRows: [Int]? = nil, sampleCount: Int? = nil,
        invalidReason: String? = nil, requestErrors: [RequestErrorCount] = [], edits: [RunEditRecord]? = nil
    ) {
        self.edits = edits?.map {
            EditDocument(
                edited_at: $0.editedAt, edited_by: $0.editedBy, field: $0.field, old_value: $0.oldValue,
                new_value: $0.newValue)
        }
        self.id = id
        kind = run.kind.rawValue
        model = run.model.name
        model_checkpoint = run.model.checkpoint
        tokenizer_path = run.model.tokenizer
        engine = run.engine.name
        engine_version = run.engine.version
        hardware = HardwareDocument(
            name: run.hardware.name, count: run.hardware.count, memory_gb: run.hardware.memoryGB,
            vendor: run.hardware.vendor, variant: run.hardware.variant)
        generation_config = run.generationConfig.values
        generation_config_hash = run.generationConfig.hash
        let workload = run.workload
        self.workload = WorkloadDocument(
            api: workload.api, endpoint: workload.endpoint, url: workload.url, dataset: workload.dataset,
            dataset_path: workload.datasetPath, min_prompt_length: workload.minPromptLength,
            max_prompt_length: workload.maxPromptLength, prefix_length: workload.prefixLength,
            output_length: workload.outputLength)
        labels = run.labels
        source = SourceDocument(
            tool: run.source.tool, version: run.source.version, format: run.source.format, path: run.source.path)
        run_at = run.runAt?.utcText
        run_at_local = run.runAt?.localText
        run_at_offset = run.runAt?.offsetText
        run_at_zone = run.runAt?.origin?.rawValue
        ingested_at = ingestedAt
        content_hash = run.contentHash
        invalid_reason = invalidReason
        request_errors = requestErrors.isEmpty ? nil : requestErrors
        switch run.kind {
        case .perf:
            points = run.points.enumerated().map { index, point in
                var metrics: [String: [String: Double]] = [:]
                for entry in point.metrics.entries {
                    metrics[entry.metric.rawValue, default: [:]][entry.statistic.rawValue] = entry.value
                }
                return PointDocument(
                    concurrency: point.concurrency, request_rate: point.requestRate, requests: point.requests,
                    duration_s: point.durationSeconds, metrics: metrics, request_rows: requestRows?[index])
            }
        case .eval:
            scores = run.scores.map {
                ScoreDocument(
                    dataset: $0.dataset, subset: $0.subset, metric: $0.metric, source_metric: $0.sourceMetric,
                    score: $0.score, num: $0.count, primary: $0.isPrimary)
            }
            samples = sampleCount
        }
    }

    /// Pretty JSON with sorted keys, ending in a newline.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
