import CaliperCore
import Foundation

extension Store {
    /// The observations of a trend, oldest first: for each run that matches the query's filter and
    /// measured its subject, the run's keys and labels, the stored figure, and what its rows say
    /// for the interval (one request column of the one point or sums over it, or per-question scores).
    ///
    /// Set-based: three statements whatever the number of runs — the runs with their figure, their
    /// labels, and the rows behind the intervals, the last two by id list — each reading only the
    /// columns a trend uses, and sums kept as they stream by, so 10,000 runs take tens of
    /// milliseconds rather than one `run(id:detail:)` each.
    public func trend(_ query: TrendQuery) throws -> [TrendObservation] {
        try read { db in
            var selected: [Selected]
            switch query.subject {
            case .perf(let metric, let statistic, let concurrency, let requestRate):
                selected = try runs(
                    query,
                    measure: """
                        p.id, p.requests, m.value, NULL FROM runs r
                        JOIN perf_points p ON p.id = (
                            SELECT min(q.id) FROM perf_points q
                            WHERE q.run_id = r.id AND \(db.dialect.isNotDistinct("q.concurrency", "?"))
                                AND \(db.dialect.isNotDistinct("q.request_rate", "?")))
                        LEFT JOIN perf_metrics m ON m.point_id = p.id AND m.metric = ? AND m.stat = ?
                        """,
                    arguments: [concurrency.sqlValue, requestRate.sqlValue, .text(metric.rawValue), .text(statistic.rawValue)], db)
                try addRequestEvidence(to: &selected, metric: metric, statistic: statistic, db)
            case .score(let dataset):
                selected = try runs(
                    query,
                    measure: """
                        e.id, e.num, e.score, e.metric FROM runs r
                        JOIN eval_scores e ON e.id = (
                            SELECT min(s.id) FROM eval_scores s
                            WHERE s.run_id = r.id AND s.dataset = ? AND s.subset IS NULL AND s.is_primary)
                        """,
                    arguments: [.text(dataset)], db)
                try addQuestionScores(to: &selected, db)
            }
            return selected.map(\.observation)
        }
    }

    /// The load levels of the perf runs matching `filter`, ascending, with how many runs measured each.
    public func pointLevels(matching filter: RunFilter) throws -> [(concurrency: Int?, requestRate: Double?, runs: Int)] {
        try read { db in
            let (clause, arguments) = filter.sql(db.dialect)
            return try db.fetchAll("""
                SELECT p.concurrency, p.request_rate, count(DISTINCT r.id) FROM runs r
                JOIN perf_points p ON p.run_id = r.id
                WHERE \(clause) GROUP BY p.concurrency, p.request_rate
                ORDER BY p.concurrency IS NULL, p.concurrency, p.request_rate IS NULL, p.request_rate
                """, arguments) { (concurrency: try $0[0], requestRate: try $0[1], runs: try $0[2]) }
        }
    }

    /// The datasets with a dataset-level primary score in the eval runs matching `filter`, sorted,
    /// with how many runs scored each.
    public func scoreDatasets(matching filter: RunFilter) throws -> [(dataset: String, runs: Int)] {
        try read { db in
            let (clause, arguments) = filter.sql(db.dialect)
            return try db.fetchAll("""
                SELECT e.dataset, count(DISTINCT r.id) FROM runs r
                JOIN eval_scores e ON e.run_id = r.id AND e.subset IS NULL AND e.is_primary
                WHERE \(clause) GROUP BY e.dataset ORDER BY e.dataset
                """, arguments) { (dataset: try $0[0], runs: try $0[1]) }
        }
    }

    /// An observation and the id of what it read: the perf point, or the eval score.
    private struct Selected {
        var observation: TrendObservation
        var itemID: Int64
    }

    /// The selected runs, oldest first, with their keys, labels and measure.
    ///
    /// `measure` selects four columns — the item's id, `count`, `value` and `score metric` — and
    /// continues with `FROM runs r` and the joins to the item, one row per run that has it; its
    /// `arguments` come before the filter's.
    private func runs(
        _ query: TrendQuery, measure: String, arguments measureArguments: [SQLValue], _ db: any SQLConnection
    ) throws -> [Selected] {
        let d = db.dialect
        let (clause, filterArguments) = query.filter.sql(d)
        // Checkpoint, paths, URL and content hash are no keys a trend compares, so they are not read.
        // No ORDER BY: the engine's sorter would carry every column, and sorting the runs below costs a
        // third of that.
        let sql = """
            SELECT r.id, r.kind, r.model, r.engine, r.engine_version, r.hardware_name, r.hardware_count,
                   r.hardware_memory_gb, \(d.json("r.generation_config")), r.endpoint, r.dataset, r.min_prompt_length,
                   r.max_prompt_length, r.prefix_length, r.output_length, r.source_tool, r.source_version,
                   r.source_format, \(d.time("r.run_at")), \(d.time("r.ingested_at")), r.run_at_offset, r.run_at_zone,
                   r.hardware_variant, \(measure)
            WHERE \(clause)
            """
        // Runs of one setup share a generation config: parse each distinct JSON text once.
        var configs: [String: GenerationConfig] = [:]
        var selected: [Selected] = []
        try db.forEachRow(sql, measureArguments + filterArguments) { row in
            let configJSON: String = try row[8]
            let config = configs[configJSON] ?? {
                let parsed = (try? JSONValue.parse(Data(configJSON.utf8)))?.objectValue.map { GenerationConfig($0) }
                    ?? GenerationConfig()
                configs[configJSON] = parsed
                return parsed
            }()
            // Stored engine names and versions are already normalized: set them as they are, without
            // the initializer's trimming, which costs more than the rest of the row.
            var engine = EngineIdentity()
            engine.name = try row[3]
            engine.version = try row[4]
            let run = Run(
                kind: RunKind(rawValue: try row[1]) ?? .perf, model: ModelIdentity(name: try row[2]), engine: engine,
                hardware: Hardware(name: try row[5], count: try row[6], memoryGB: try row[7], variant: try row[22]),
                generationConfig: config,
                workload: Workload(
                    endpoint: try row[9], dataset: try row[10], minPromptLength: try row[11],
                    maxPromptLength: try row[12], prefixLength: try row[13], outputLength: try row[14]),
                source: SourceInfo(tool: try row[15], version: try row[16], format: try row[17]),
                runAt: Self.runTime(try row[18], offset: try row[20], zone: try row[21]), contentHash: "")
            selected.append(Selected(
                observation: TrendObservation(
                    runID: try row[0], ingestedAt: try row[19], run: run, value: try row[25], count: try row[24],
                    scoreMetric: try row[26]),
                itemID: try row[23]))
        }
        // In the query's order, oldest first: by run time (run_at, else ingest time), ties by id; or by
        // id. A permutation is sorted, not the runs, which are large to move.
        let ids = selected.map(\.observation.runID)
        var order = Array(selected.indices)
        switch query.order {
        case .runTime:
            let times = selected.map(\.observation.time)
            order.sort { times[$0] != times[$1] ? times[$0] < times[$1] : ids[$0] < ids[$1] }
        case .ingest:
            order.sort { ids[$0] < ids[$1] }
        }
        if let last = query.last, order.count > last { order.removeFirst(order.count - last) }
        selected = order.map { selected[$0] }

        let positions = Dictionary(uniqueKeysWithValues: selected.indices.map { (selected[$0].observation.runID, $0) })
        try forEachRow(
            positions, db, sql: "SELECT run_id, key, value FROM run_labels WHERE run_id IN (\(d.idListSubquery))",
            arguments: [SQLDialect.idList(selected.map(\.observation.runID))]
        ) { position, row in
            selected[position].observation.run.labels[try row[1]] = try row[2] as String
        }
        return selected
    }

    /// Attaches to each perf observation what its requests say for the interval: a percentile gets
    /// the metric's column over the successful requests; a mean, their count, mean and variance; a
    /// throughput, the ratio estimator's sums; the success rate, successes and requests. Sums are
    /// kept as the rows stream by, so no request is held in memory for them.
    private func addRequestEvidence(
        to selected: inout [Selected], metric: Metric, statistic: Statistic, _ db: any SQLConnection
    ) throws {
        let positions = Dictionary(uniqueKeysWithValues: selected.indices.map { (selected[$0].itemID, $0) })
        let points = [SQLDialect.idList(selected.map(\.itemID))]
        let chosen = "point_id IN (\(db.dialect.idListSubquery))"
        let column: String? = switch metric {
        case .latency: "latency_s"
        case .ttft: "ttft_s"
        case .tpot: "tpot_s"
        case .itl: "itl_mean_s"
        case .inputTokens: "input_tokens"
        case .outputTokens: "output_tokens"
        default: nil
        }

        if let column, statistic == .mean {
            // Welford's running mean and sum of squared deviations: exact enough for equal values too.
            var moments = [(count: Int, mean: Double, squares: Double)](repeating: (0, 0, 0), count: selected.count)
            try forEachRow(positions, db, sql: """
                SELECT point_id, \(column) FROM perf_requests
                WHERE \(chosen) AND success AND \(column) IS NOT NULL
                """, arguments: points) { position, row in
                let value: Double = try row[1]
                var m = moments[position]
                m.count += 1
                let delta = value - m.mean
                m.mean += delta / Double(m.count)
                m.squares += delta * (value - m.mean)
                moments[position] = m
            }
            for (position, m) in moments.enumerated() where m.count > 0 {
                selected[position].observation.evidence = .requestMoments(
                    count: m.count, mean: m.mean, variance: m.count > 1 ? m.squares / Double(m.count - 1) : 0)
            }
        } else if let column, statistic.percentileRank != nil, statistic != .min, statistic != .max {
            var values = [[Double]](repeating: [], count: selected.count)
            try forEachRow(positions, db, sql: """
                SELECT point_id, \(column) FROM perf_requests
                WHERE \(chosen) AND success AND \(column) IS NOT NULL ORDER BY point_id, seq
                """, arguments: points) { position, row in
                values[position].append(try row[1])
            }
            for (position, column) in values.enumerated() where !column.isEmpty {
                selected[position].observation.evidence = .requestValues(column)
            }
        } else if metric == .successRate {
            var counts = [(successes: Int, requests: Int)](repeating: (0, 0), count: selected.count)
            try forEachRow(positions, db, sql: "SELECT point_id, success FROM perf_requests WHERE \(chosen)",
                           arguments: points) { position, row in
                counts[position].requests += 1
                if try row[1] as Bool { counts[position].successes += 1 }
            }
            for (position, count) in counts.enumerated() where count.requests > 0 {
                selected[position].observation.evidence = .successes(count.successes, of: count.requests)
            }
        } else if let tokens = Self.throughputTokens(metric) {
            // The requests and tokens of ThroughputEstimate.estimate(metric:records:…): timed requests
            // only, a failed one adding no tokens.
            var sums = [(count: Int, y: Double, x: Double, yy: Double, xy: Double, xx: Double)](
                repeating: (0, 0, 0, 0, 0, 0), count: selected.count)
            try forEachRow(positions, db, sql: """
                SELECT point_id, CASE WHEN success THEN \(tokens) ELSE 0 END, latency_s FROM perf_requests
                WHERE \(chosen) AND latency_s > 0
                """, arguments: points) { position, row in
                let y: Double = try row[1], x: Double = try row[2]
                var s = sums[position]
                s.count += 1
                s.y += y
                s.x += x
                s.yy += y * y
                s.xy += y * x
                s.xx += x * x
                sums[position] = s
            }
            for (position, s) in sums.enumerated() where s.count > 0 {
                selected[position].observation.evidence = .ratioSums(
                    count: s.count, y: s.y, x: s.x, yy: s.yy, xy: s.xy, xx: s.xx)
            }
        }
    }

    /// What a successful request counts towards a throughput, as SQL over `perf_requests`.
    private static func throughputTokens(_ metric: Metric) -> String? {
        switch metric {
        case .outputThroughput: "coalesce(output_tokens, 0)"
        case .totalThroughput: "coalesce(input_tokens, 0) + coalesce(output_tokens, 0)"
        case .requestThroughput: "1"
        default: nil
        }
    }

    /// Attaches each eval observation's per-question scores for its primary metric, repeats averaged.
    private func addQuestionScores(to selected: inout [Selected], _ db: any SQLConnection) throws {
        let positions = Dictionary(uniqueKeysWithValues: selected.indices.map { (selected[$0].itemID, $0) })
        var scores = [[Double]](repeating: [], count: selected.count)
        try forEachRow(positions, db, sql: """
            SELECT e.id, avg(q.score) FROM eval_scores e
            JOIN eval_samples q ON q.run_id = e.run_id AND q.dataset = e.dataset AND q.metric = e.metric
            WHERE e.id IN (\(db.dialect.idListSubquery))
            GROUP BY e.id, q.subset, q.question_id ORDER BY e.id, q.subset, q.question_id
            """, arguments: [SQLDialect.idList(selected.map(\.itemID))]) { position, row in
            scores[position].append(try row[1])
        }
        for (position, questions) in scores.enumerated() where !questions.isEmpty {
            selected[position].observation.evidence = .questionScores(questions)
        }
    }

    /// Runs `body` on each row of `sql`, whose first column is an id in `positions`, with that id's
    /// position. Rows of one id usually come together, so the id is looked up once per run of them.
    private func forEachRow(
        _ positions: [Int64: Int], _ db: any SQLConnection, sql: String, arguments: [SQLValue],
        _ body: (Int, SQLRow) throws -> Void
    ) throws {
        var current: (id: Int64, position: Int?)?
        try db.forEachRow(sql, arguments) { row in
            let id: Int64 = try row[0]
            if current?.id != id { current = (id, positions[id]) }
            if let position = current?.position { try body(position, row) }
        }
    }
}
