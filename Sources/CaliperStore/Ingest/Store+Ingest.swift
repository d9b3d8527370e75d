import CaliperCore
import Foundation

/// What became of one ingested run.
public enum IngestOutcome: Equatable, Sendable {
    /// Stored under this id.
    case stored(Int64)
    /// The same result (same content hash) was already stored under this id; nothing was written.
    case duplicate(Int64)

    public var runID: Int64 {
        switch self {
        case .stored(let id), .duplicate(let id): id
        }
    }
}

extension Store {
    /// Stores a run and everything it measured in one transaction: all of it or nothing.
    /// A run whose content hash is already stored is a no-op, also when another process stores
    /// the same run at the same moment (the content hash is unique; the loser finds the winner's id).
    /// - Parameter invalidReason: why the run is invalid under the gate policy in effect (nil: valid);
    ///   `latest` selectors and history baselines then pass it over unless asked for `valid=any`.
    /// - Throws: ``InvalidRunError`` before writing anything when a number is outside its domain.
    /// `edits`: the audit trail a bundle carries, stored with the run (never onto a run already stored).
    public func ingest(
        _ run: Run, ingestedAt: Date = Date(), invalidReason: String? = nil, edits: [RunBundle.Edit] = []
    ) throws -> IngestOutcome {
        try RunValidation.check(run)
        return try write { db in
            if let existing = try storedID(contentHash: run.contentHash, db) { return .duplicate(existing) }
            guard let runID = try insertRun(run, ingestedAt: ingestedAt, invalidReason: invalidReason, db) else {
                // Another writer stored the same run since the check above; its transaction has committed.
                guard let existing = try storedID(contentHash: run.contentHash, db) else {
                    throw StoreError(path: location, reason: "run \(run.contentHash) was stored and removed by another process")
                }
                return .duplicate(existing)
            }
            try db.insertRows(
                into: "run_labels", columns: ["run_id", "key", "value"],
                rows: run.labels.sorted(by: { $0.key < $1.key }).map { [.integer(runID), .text($0.key), .text($0.value)] })
            try insertPoints(run.points, runID: runID, db)
            try db.insertRows(
                into: "eval_scores",
                columns: ["run_id", "dataset", "subset", "metric", "source_metric", "score", "num", "is_primary"],
                rows: run.scores.map { score in
                    [.integer(runID), .text(score.dataset), score.subset.sqlValue, .text(score.metric),
                     .text(score.sourceMetric), .real(score.score), score.count.sqlValue, .bool(score.isPrimary)]
                })
            try db.insertRows(
                into: "eval_samples",
                columns: ["run_id", "dataset", "subset", "sample_id", "question_id", "repeat_index", "metric", "score",
                          "input_tokens", "output_tokens", "latency_s", "ttft_s"],
                rows: run.samples.map { sample in
                    [.integer(runID), .text(sample.dataset), .text(sample.subset), .text(sample.sampleID),
                     .text(sample.questionID), .integer(Int64(sample.repeatIndex)), .text(sample.metric),
                     .real(sample.score), sample.inputTokens.sqlValue, sample.outputTokens.sqlValue,
                     sample.latency.sqlValue, sample.ttft.sqlValue]
                })
            try db.insertRows(
                into: "run_edits", columns: ["run_id", "edited_at", "edited_by", "field", "old_value", "new_value"],
                rows: edits.map { edit in
                    [.integer(runID), .text(edit.editedAt), .text(edit.editedBy), .text(edit.field),
                     edit.oldValue.sqlValue, edit.newValue.sqlValue]
                })
            return .stored(runID)
        }
    }

    private func storedID(contentHash: String, _ db: any SQLConnection) throws -> Int64? {
        try db.fetchValue("SELECT id FROM runs WHERE content_hash = ?", [contentHash])
    }

    /// The new run's id, or nil when a run with its content hash was committed meanwhile.
    private func insertRun(_ run: Run, ingestedAt: Date, invalidReason: String?, _ db: any SQLConnection) throws -> Int64? {
        let config = run.generationConfig
        let d = db.dialect
        let columns: [(name: String, placeholder: String, value: any SQLValueConvertible)] = [
            ("kind", "?", run.kind.rawValue), ("model", "?", run.model.name),
            ("model_checkpoint", "?", run.model.checkpoint), ("tokenizer_path", "?", run.model.tokenizer),
            ("engine", "?", run.engine.name), ("engine_version", "?", run.engine.version),
            ("hardware_name", "?", run.hardware.name), ("hardware_count", "?", run.hardware.count),
            ("hardware_memory_gb", "?", run.hardware.memoryGB), ("hardware_vendor", "?", run.hardware.vendor),
            ("hardware_variant", "?", run.hardware.variant),
            ("generation_config", d.jsonParameter, config.canonicalJSON), ("generation_config_hash", "?", config.hash),
            ("reasoning_effort", "?", config.reasoningEffort), ("temperature", "?", config.temperature),
            ("top_p", "?", config.topP), ("max_tokens", "?", config.maxTokens), ("min_tokens", "?", config.minTokens),
            ("ignore_eos", "?", config.ignoreEOS), ("stream", "?", config.stream),
            ("api", "?", run.workload.api), ("endpoint", "?", run.workload.endpoint), ("url", "?", run.workload.url),
            ("dataset", "?", run.workload.dataset), ("dataset_path", "?", run.workload.datasetPath),
            ("min_prompt_length", "?", run.workload.minPromptLength), ("max_prompt_length", "?", run.workload.maxPromptLength),
            ("prefix_length", "?", run.workload.prefixLength), ("output_length", "?", run.workload.outputLength),
            ("source_tool", "?", run.source.tool), ("source_version", "?", run.source.version),
            ("source_format", "?", run.source.format), ("source_path", "?", run.source.path),
            ("run_at", d.timeParameter, run.runAt?.utcText), ("run_at_offset", "?", run.runAt?.offsetText),
            ("run_at_zone", "?", run.runAt?.origin?.rawValue),
            ("ingested_at", d.timeParameter, ISO8601DateFormatter().string(from: ingestedAt)),
            ("content_hash", "?", run.contentHash), ("invalid_reason", "?", invalidReason),
        ]
        return try db.fetchValue("""
            INSERT INTO runs (\(columns.map(\.name).joined(separator: ", ")))
            VALUES (\(columns.map(\.placeholder).joined(separator: ", ")))
            ON CONFLICT (content_hash) DO NOTHING RETURNING id
            """, columns.map(\.value))
    }

    /// The points in one statement, their ids back in order; then their metrics and requests in bulk.
    private func insertPoints(_ points: [PerfPoint], runID: Int64, _ db: any SQLConnection) throws {
        var metrics: [[SQLValue]] = []
        var requests: [[SQLValue]] = []
        for (position, point) in points.enumerated() {
            guard let pointID: Int64 = try db.fetchValue("""
                INSERT INTO perf_points (run_id, position, concurrency, request_rate, requests, duration_s)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """, [runID, position, point.concurrency, point.requestRate, point.requests, point.durationSeconds])
            else { throw StoreError(path: location, reason: "the store returned no id for a new perf point") }
            for entry in point.metrics.entries {
                metrics.append([.integer(pointID), .text(entry.metric.rawValue), .text(entry.statistic.rawValue), .real(entry.value)])
            }
            for record in point.records {
                requests.append([
                    .integer(pointID), .integer(Int64(record.sequence)), .bool(record.success), record.startOffset.sqlValue,
                    record.latency.sqlValue, record.ttft.sqlValue, record.tpot.sqlValue, record.itlMean.sqlValue,
                    record.itlCount.sqlValue, record.inputTokens.sqlValue, record.outputTokens.sqlValue,
                    record.isStream.sqlValue, record.error.sqlValue,
                ])
            }
        }
        try db.insertRows(into: "perf_metrics", columns: ["point_id", "metric", "stat", "value"], rows: metrics)
        try db.insertRows(
            into: "perf_requests",
            columns: ["point_id", "seq", "success", "start_offset_s", "latency_s", "ttft_s", "tpot_s", "itl_mean_s",
                      "itl_count", "input_tokens", "output_tokens", "is_stream", "error"],
            rows: requests)
    }
}
