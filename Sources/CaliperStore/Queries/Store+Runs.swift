import CaliperCore
import Foundation

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
        try read { db in
            let (clause, arguments) = filter.sql(db.dialect)
            var sql = """
                SELECT \(Self.runColumns(db.dialect)) FROM runs r WHERE \(clause)
                ORDER BY coalesce(r.run_at, r.ingested_at) DESC, r.id DESC
                """
            var allArguments = arguments
            if let limit {
                sql += " LIMIT ?"
                allArguments.append(.integer(Int64(limit)))
            }
            return try load(db.fetchAll(sql, allArguments) { try RunRow($0) }, detail: .summary, db)
        }
    }

    /// One run by id, or nil.
    public func run(id: Int64, detail: RunDetail = .summary) throws -> StoredRun? {
        try runs(ids: [id], detail: detail).first
    }

    /// The runs with these ids, in the order given; an id not stored is left out.
    public func runs(ids: [Int64], detail: RunDetail = .summary) throws -> [StoredRun] {
        guard !ids.isEmpty else { return [] }
        let loaded = try read { db in
            try load(
                db.fetchAll(
                    "SELECT \(Self.runColumns(db.dialect)) FROM runs r WHERE r.id IN (\(db.dialect.idListSubquery))",
                    [SQLDialect.idList(ids)]) { try RunRow($0) },
                detail: detail, db)
        }
        let byID = Dictionary(loaded.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// Per point of a perf run, in order, how many request rows are stored.
    public func requestRowCounts(runID: Int64) throws -> [Int] {
        try read { db in
            try db.fetchAll("""
                SELECT (SELECT count(*) FROM perf_requests q WHERE q.point_id = p.id)
                FROM perf_points p WHERE p.run_id = ? ORDER BY p.position
                """, [runID]) { try $0[0] }
        }
    }

    /// How many eval sample rows a run has.
    public func sampleCount(runID: Int64) throws -> Int {
        try read { db in try db.fetchValue("SELECT count(*) FROM eval_samples WHERE run_id = ?", [runID]) ?? 0 }
    }

    /// How many runs the store holds.
    public func runCount() throws -> Int {
        try read { db in try db.fetchValue("SELECT count(*) FROM runs") ?? 0 }
    }

    /// A stored run time; nil when `run_at` is NULL (or, in a store edited by hand, no time).
    static func runTime(_ utc: String?, offset: String?, zone: String?) -> RunTime? {
        utc.flatMap { RunTime(utcText: $0, offset: offset, origin: zone) }
    }

    /// The `runs` columns ``RunRow`` reads, in its order.
    static func runColumns(_ d: SQLDialect) -> String {
        """
        r.id, r.kind, r.model, r.model_checkpoint, r.tokenizer_path, r.engine, r.engine_version, r.hardware_name,
        r.hardware_count, r.hardware_memory_gb, r.hardware_variant, \(d.json("r.generation_config")), r.api, r.endpoint,
        r.url, r.dataset, r.dataset_path, r.min_prompt_length, r.max_prompt_length, r.prefix_length, r.output_length,
        r.source_tool, r.source_version, r.source_format, r.source_path, \(d.time("r.run_at")), r.run_at_offset,
        r.run_at_zone, \(d.time("r.ingested_at")), r.content_hash, r.invalid_reason
        """
    }

    /// A `runs` row as ``runColumns(_:)`` selects it: the run without its labels, points and scores.
    struct RunRow {
        var id: Int64
        var ingestedAt: String
        var invalidReason: String?
        var run: Run

        init(_ row: SQLRow) throws {
            id = try row[0]
            let configJSON: String = try row[11]
            let config = (try? JSONValue.parse(Data(configJSON.utf8)))?.objectValue.map { GenerationConfig($0) }
            run = Run(
                kind: RunKind(rawValue: try row[1]) ?? .perf,
                model: ModelIdentity(name: try row[2], checkpoint: try row[3], tokenizer: try row[4]),
                engine: EngineIdentity(name: try row[5], version: try row[6]),
                hardware: Hardware(name: try row[7], count: try row[8], memoryGB: try row[9], variant: try row[10]),
                generationConfig: config ?? GenerationConfig(),
                workload: Workload(
                    api: try row[12], endpoint: try row[13], url: try row[14], dataset: try row[15],
                    datasetPath: try row[16], minPromptLength: try row[17], maxPromptLength: try row[18],
                    prefixLength: try row[19], outputLength: try row[20]),
                source: SourceInfo(tool: try row[21], version: try row[22], format: try row[23], path: try row[24]),
                runAt: Store.runTime(try row[25], offset: try row[26], zone: try row[27]),
                contentHash: try row[29])
            ingestedAt = try row[28]
            invalidReason = try row[30]
        }
    }

    /// The runs with their labels, points (and, in `.full` detail, requests and samples) and
    /// scores: a handful of set-based statements whatever the number of runs.
    private func load(_ rows: [RunRow], detail: RunDetail, _ db: any SQLConnection) throws -> [StoredRun] {
        guard !rows.isEmpty else { return [] }
        var runs = rows.map { StoredRun(id: $0.id, ingestedAt: $0.ingestedAt, run: $0.run, invalidReason: $0.invalidReason) }
        let positions = Dictionary(runs.indices.map { (runs[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = SQLDialect.idList(runs.map(\.id))
        let chosen = "IN (\(db.dialect.idListSubquery))"

        try db.forEachRow("SELECT run_id, key, value FROM run_labels WHERE run_id \(chosen)", [ids]) { row in
            if let position = positions[try row[0]] { runs[position].run.labels[try row[1]] = try row[2] as String }
        }

        // Points in order; their metrics and requests by point id.
        var pointPlaces: [Int64: (run: Int, point: Int)] = [:]
        try db.forEachRow("""
            SELECT run_id, id, concurrency, request_rate, requests, duration_s FROM perf_points
            WHERE run_id \(chosen) ORDER BY run_id, position
            """, [ids]) { row in
            guard let position = positions[try row[0]] else { return }
            pointPlaces[try row[1]] = (position, runs[position].run.points.count)
            runs[position].run.points.append(PerfPoint(
                concurrency: try row[2], requestRate: try row[3], requests: try row[4], durationSeconds: try row[5]))
        }
        if !pointPlaces.isEmpty {
            try db.forEachRow("""
                SELECT m.point_id, m.metric, m.stat, m.value FROM perf_metrics m JOIN perf_points p ON p.id = m.point_id
                WHERE p.run_id \(chosen)
                """, [ids]) { row in
                guard let place = pointPlaces[try row[0]], let metric = Metric(rawValue: try row[1]),
                      let statistic = Statistic(rawValue: try row[2])
                else { return }
                runs[place.run].run.points[place.point].metrics[metric, statistic] = try row[3] as Double
            }
        }
        if detail == .full && !pointPlaces.isEmpty {
            // By position: a gate loads tens of thousands of rows.
            try db.forEachRow("""
                SELECT q.point_id, q.seq, q.success, q.start_offset_s, q.latency_s, q.ttft_s, q.tpot_s, q.itl_mean_s,
                       q.itl_count, q.input_tokens, q.output_tokens, q.is_stream, q.error
                FROM perf_requests q JOIN perf_points p ON p.id = q.point_id
                WHERE p.run_id \(chosen) ORDER BY q.point_id, q.seq
                """, [ids]) { row in
                guard let place = pointPlaces[try row[0]] else { return }
                runs[place.run].run.points[place.point].records.append(RequestRecord(
                    sequence: try row[1], success: try row[2], startOffset: try row[3], latency: try row[4],
                    ttft: try row[5], tpot: try row[6], itlMean: try row[7], itlCount: try row[8],
                    inputTokens: try row[9], outputTokens: try row[10], isStream: try row[11], error: try row[12]))
            }
        }

        try db.forEachRow("""
            SELECT run_id, dataset, subset, metric, source_metric, score, num, is_primary FROM eval_scores
            WHERE run_id \(chosen) ORDER BY run_id, id
            """, [ids]) { row in
            guard let position = positions[try row[0]] else { return }
            runs[position].run.scores.append(EvalScore(
                dataset: try row[1], subset: try row[2], metric: try row[3], sourceMetric: try row[4], score: try row[5],
                count: try row[6], isPrimary: try row[7]))
        }
        if detail == .full {
            try db.forEachRow("""
                SELECT run_id, dataset, subset, sample_id, question_id, repeat_index, metric, score, input_tokens,
                       output_tokens, latency_s, ttft_s
                FROM eval_samples WHERE run_id \(chosen) ORDER BY run_id, dataset, subset, question_id, repeat_index
                """, [ids]) { row in
                guard let position = positions[try row[0]] else { return }
                runs[position].run.samples.append(EvalSample(
                    dataset: try row[1], subset: try row[2], sampleID: try row[3], questionID: try row[4],
                    repeatIndex: try row[5], metric: try row[6], score: try row[7], inputTokens: try row[8],
                    outputTokens: try row[9], latency: try row[10], ttft: try row[11]))
            }
        }
        return runs
    }
}
