import CaliperCore
import Foundation
import GRDB

/// A stored run: its id, when it was ingested, and the run as it was normalized.
public struct StoredRun: Sendable, Equatable {
    public var id: Int64
    public var ingestedAt: String
    public var run: Run
    /// Why the run was judged invalid when it was stored; nil when valid.
    public var invalidReason: String? = nil
}

/// How much of a run to load.
public enum RunDetail: Sendable {
    /// Keys, labels, points with their aggregates, scores.
    case summary
    /// Also every request record and every eval sample.
    case full
}

extension Store {
    /// Runs matching `filter`, newest first (by run time, then ingest order).
    public func runs(matching filter: RunFilter = RunFilter(), limit: Int? = nil) throws -> [StoredRun] {
        let (clause, arguments) = filter.sql()
        return try read { db in
            var sql = "SELECT r.* FROM runs r WHERE \(clause) ORDER BY coalesce(r.run_at, r.ingested_at) DESC, r.id DESC"
            var allArguments = StatementArguments(arguments)
            if let limit {
                sql += " LIMIT ?"
                allArguments += [limit]
            }
            let rows = try Row.fetchAll(db, sql: sql, arguments: allArguments)
            return try rows.map { try load($0, detail: .summary, db) }
        }
    }

    /// One run by id, or nil.
    public func run(id: Int64, detail: RunDetail = .summary) throws -> StoredRun? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id])
                .map { try load($0, detail: detail, db) }
        }
    }

    /// Per point of a perf run, in order, how many request rows are stored.
    public func requestRowCounts(runID: Int64) throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: """
                SELECT (SELECT count(*) FROM perf_requests q WHERE q.point_id = p.id)
                FROM perf_points p WHERE p.run_id = ? ORDER BY p.position
                """, arguments: [runID])
        }
    }

    /// How many eval sample rows a run has.
    public func sampleCount(runID: Int64) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM eval_samples WHERE run_id = ?", arguments: [runID]) ?? 0
        }
    }

    /// How many runs the store holds.
    public func runCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0 }
    }

    /// A stored run time; nil when `run_at` is NULL (or, in a store edited by hand, no time).
    static func runTime(_ utc: String?, offset: String?, zone: String?) -> RunTime? {
        utc.flatMap { RunTime(utcText: $0, offset: offset, origin: zone) }
    }

    private func load(_ row: Row, detail: RunDetail, _ db: Database) throws -> StoredRun {
        let id: Int64 = row["id"]
        var labels: [String: String] = [:]
        for label in try Row.fetchAll(db, sql: "SELECT key, value FROM run_labels WHERE run_id = ?", arguments: [id]) {
            labels[label["key"]] = label["value"]
        }
        let configJSON: String = row["generation_config"]
        let config = (try? JSONValue.parse(Data(configJSON.utf8)))?.objectValue.map { GenerationConfig($0) }
        let run = Run(
            kind: RunKind(rawValue: row["kind"]) ?? .perf,
            model: ModelIdentity(name: row["model"], checkpoint: row["model_checkpoint"], tokenizer: row["tokenizer_path"]),
            engine: EngineIdentity(name: row["engine"], version: row["engine_version"]),
            hardware: Hardware(
                name: row["hardware_name"], count: row["hardware_count"], memoryGB: row["hardware_memory_gb"],
                variant: row["hardware_variant"]),
            generationConfig: config ?? GenerationConfig(),
            workload: Workload(
                api: row["api"], endpoint: row["endpoint"], url: row["url"], dataset: row["dataset"],
                datasetPath: row["dataset_path"], minPromptLength: row["min_prompt_length"],
                maxPromptLength: row["max_prompt_length"], prefixLength: row["prefix_length"],
                outputLength: row["output_length"]),
            labels: labels,
            source: SourceInfo(
                tool: row["source_tool"], version: row["source_version"], format: row["source_format"],
                path: row["source_path"]),
            runAt: Self.runTime(row["run_at"], offset: row["run_at_offset"], zone: row["run_at_zone"]),
            contentHash: row["content_hash"],
            points: try loadPoints(runID: id, detail: detail, db),
            scores: try loadScores(runID: id, db),
            samples: detail == .full ? try loadSamples(runID: id, db) : [])
        return StoredRun(id: id, ingestedAt: row["ingested_at"], run: run, invalidReason: row["invalid_reason"])
    }

    private func loadPoints(runID: Int64, detail: RunDetail, _ db: Database) throws -> [PerfPoint] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM perf_points WHERE run_id = ? ORDER BY position", arguments: [runID])
        return try rows.map { row in
            let pointID: Int64 = row["id"]
            var metrics = MetricTable()
            for metricRow in try Row.fetchAll(
                db, sql: "SELECT metric, stat, value FROM perf_metrics WHERE point_id = ?", arguments: [pointID])
            {
                if let metric = Metric(rawValue: metricRow["metric"]), let stat = Statistic(rawValue: metricRow["stat"]) {
                    metrics[metric, stat] = metricRow["value"]
                }
            }
            return PerfPoint(
                concurrency: row["concurrency"], requestRate: row["request_rate"], requests: row["requests"],
                durationSeconds: row["duration_s"], metrics: metrics,
                records: detail == .full ? try loadRecords(pointID: pointID, db) : [])
        }
    }

    private func loadRecords(pointID: Int64, _ db: Database) throws -> [RequestRecord] {
        // Columns by position: a gate loads tens of thousands of rows, and name lookups dominate.
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT seq, success, start_offset_s, latency_s, ttft_s, tpot_s, itl_mean_s, itl_count,
                   input_tokens, output_tokens, is_stream, error
            FROM perf_requests WHERE point_id = ? ORDER BY seq
            """, arguments: [pointID])
        var records: [RequestRecord] = []
        while let row = try cursor.next() {
            records.append(RequestRecord(
                sequence: row[0], success: row[1], startOffset: row[2], latency: row[3], ttft: row[4], tpot: row[5],
                itlMean: row[6], itlCount: row[7], inputTokens: row[8], outputTokens: row[9], isStream: row[10],
                error: row[11]))
        }
        return records
    }

    private func loadScores(runID: Int64, _ db: Database) throws -> [EvalScore] {
        try Row.fetchAll(db, sql: "SELECT * FROM eval_scores WHERE run_id = ? ORDER BY id", arguments: [runID]).map { row in
            EvalScore(
                dataset: row["dataset"], subset: row["subset"], metric: row["metric"],
                sourceMetric: row["source_metric"], score: row["score"], count: row["num"],
                isPrimary: row["is_primary"])
        }
    }

    private func loadSamples(runID: Int64, _ db: Database) throws -> [EvalSample] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM eval_samples WHERE run_id = ? ORDER BY dataset, subset, question_id, repeat_index",
            arguments: [runID]
        ).map { row in
            EvalSample(
                dataset: row["dataset"], subset: row["subset"], sampleID: row["sample_id"],
                questionID: row["question_id"], repeatIndex: row["repeat_index"], metric: row["metric"],
                score: row["score"], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"],
                latency: row["latency_s"], ttft: row["ttft_s"])
        }
    }
}
