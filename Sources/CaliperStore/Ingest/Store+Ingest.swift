import CaliperCore
import Foundation
import GRDB

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
    /// A run whose content hash is already stored is a no-op.
    /// - Parameter invalidReason: why the run is invalid under the gate policy in effect (nil: valid);
    ///   `latest` selectors and history baselines then pass it over unless asked for `valid=any`.
    /// - Throws: ``InvalidRunError`` before writing anything when a number is outside its domain.
    /// `edits`: the audit trail a bundle carries, stored with the run (never onto a run already stored).
    public func ingest(
        _ run: Run, ingestedAt: Date = Date(), invalidReason: String? = nil, edits: [RunBundle.Edit] = []
    ) throws -> IngestOutcome {
        try RunValidation.check(run)
        return try write { db in
            if let existing = try Int64.fetchOne(
                db, sql: "SELECT id FROM runs WHERE content_hash = ?", arguments: [run.contentHash]
            ) {
                return .duplicate(existing)
            }
            let runID = try insertRun(run, ingestedAt: ingestedAt, invalidReason: invalidReason, db)
            try insertLabels(run.labels, runID: runID, db)
            for (position, point) in run.points.enumerated() {
                try insertPoint(point, position: position, runID: runID, db)
            }
            try insertScores(run.scores, runID: runID, db)
            try insertSamples(run.samples, runID: runID, db)
            for edit in edits {
                try db.execute(sql: """
                    INSERT INTO run_edits (run_id, edited_at, edited_by, field, old_value, new_value)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, edit.editedAt, edit.editedBy, edit.field, edit.oldValue, edit.newValue])
            }
            return .stored(runID)
        }
    }

    private func insertRun(_ run: Run, ingestedAt: Date, invalidReason: String?, _ db: Database) throws -> Int64 {
        let config = run.generationConfig
        let values: [(any DatabaseValueConvertible)?] = [
            run.kind.rawValue, run.model.name, run.model.checkpoint, run.model.tokenizer,
            run.engine.name, run.engine.version,
            run.hardware.name, run.hardware.count, run.hardware.memoryGB, run.hardware.vendor, run.hardware.variant,
            config.canonicalJSON, config.hash, config.reasoningEffort, config.temperature, config.topP,
            config.maxTokens, config.minTokens, config.ignoreEOS, config.stream,
            run.workload.api, run.workload.endpoint, run.workload.url, run.workload.dataset,
            run.workload.datasetPath, run.workload.minPromptLength, run.workload.maxPromptLength,
            run.workload.prefixLength, run.workload.outputLength,
            run.source.tool, run.source.version, run.source.format, run.source.path,
            run.runAt?.utcText, run.runAt?.offsetText, run.runAt?.origin?.rawValue,
            ISO8601DateFormatter().string(from: ingestedAt), run.contentHash, invalidReason,
        ]
        try db.execute(
            sql: """
                INSERT INTO runs (
                    kind, model, model_checkpoint, tokenizer_path, engine, engine_version,
                    hardware_name, hardware_count, hardware_memory_gb, hardware_vendor, hardware_variant,
                    generation_config, generation_config_hash, reasoning_effort, temperature, top_p,
                    max_tokens, min_tokens, ignore_eos, stream,
                    api, endpoint, url, dataset, dataset_path, min_prompt_length, max_prompt_length,
                    prefix_length, output_length,
                    source_tool, source_version, source_format, source_path, run_at, run_at_offset, run_at_zone,
                    ingested_at, content_hash, invalid_reason)
                VALUES (\(databaseQuestionMarks(count: values.count)))
                """,
            arguments: StatementArguments(values))
        return db.lastInsertedRowID
    }

    private func insertLabels(_ labels: [String: String], runID: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO run_labels (run_id, key, value) VALUES (?, ?, ?)")
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            try statement.execute(arguments: [runID, key, value])
        }
    }

    private func insertPoint(_ point: PerfPoint, position: Int, runID: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO perf_points (run_id, position, concurrency, request_rate, requests, duration_s)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [runID, position, point.concurrency, point.requestRate, point.requests, point.durationSeconds])
        let pointID = db.lastInsertedRowID

        let metric = try db.cachedStatement(
            sql: "INSERT INTO perf_metrics (point_id, metric, stat, value) VALUES (?, ?, ?, ?)")
        for entry in point.metrics.entries {
            try metric.execute(arguments: [pointID, entry.metric.rawValue, entry.statistic.rawValue, entry.value])
        }

        let request = try db.cachedStatement(
            sql: """
                INSERT INTO perf_requests (point_id, seq, success, start_offset_s, latency_s, ttft_s, tpot_s,
                    itl_mean_s, itl_count, input_tokens, output_tokens, is_stream, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for record in point.records {
            request.setUncheckedArguments([
                pointID, record.sequence, record.success, record.startOffset, record.latency, record.ttft,
                record.tpot, record.itlMean, record.itlCount, record.inputTokens, record.outputTokens,
                record.isStream, record.error,
            ])
            try request.execute()
        }
    }

    private func insertScores(_ scores: [EvalScore], runID: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO eval_scores (run_id, dataset, subset, metric, source_metric, score, num, is_primary)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for score in scores {
            try statement.execute(arguments: [
                runID, score.dataset, score.subset, score.metric, score.sourceMetric, score.score, score.count,
                score.isPrimary,
            ])
        }
    }

    private func insertSamples(_ samples: [EvalSample], runID: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO eval_samples (run_id, dataset, subset, sample_id, question_id, repeat_index, metric,
                    score, input_tokens, output_tokens, latency_s, ttft_s)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for sample in samples {
            statement.setUncheckedArguments([
                runID, sample.dataset, sample.subset, sample.sampleID, sample.questionID, sample.repeatIndex,
                sample.metric, sample.score, sample.inputTokens, sample.outputTokens, sample.latency, sample.ttft,
            ])
            try statement.execute()
        }
    }
}
