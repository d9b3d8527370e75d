import CaliperCore
import CaliperStore
import Foundation
import GRDB
import Testing

/// Synthetic runs, built in code so each test states exactly what it stores.
enum SampleRuns {
    static func perf(hash: String = "perf-1", concurrency: [Int] = [1, 8], requestsPerPoint: Int = 20, labels: [String: String] = ["branch": "main"]) -> Run {
        let points = concurrency.map { level in
            var metrics = MetricTable()
            metrics[.outputThroughput, .value] = 100 * Double(level)
            metrics[.requestThroughput, .value] = Double(level)
            metrics[.ttft, .mean] = 0.05
            metrics[.ttft, .p99] = 0.09
            metrics[.successRate, .value] = 1
            let records = (0..<requestsPerPoint).map {
                RequestRecord(sequence: $0, success: true, startOffset: Double($0) * 0.1, latency: 0.8, ttft: 0.05,
                              tpot: 0.006, itlMean: 0.006, itlCount: 127, inputTokens: 1024, outputTokens: 128, isStream: true)
            }
            return PerfPoint(concurrency: level, requests: requestsPerPoint, durationSeconds: 2, metrics: metrics, records: records)
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"),
            engine: EngineIdentity(name: "vllm", version: "0.10.1"),
            hardware: Hardware(description: "NVIDIA H20 96GB", count: 1),
            generationConfig: GenerationConfig(["max_tokens": .int(128), "extra_args": .object(["ignore_eos": .bool(true)])]),
            workload: Workload(api: "openai", endpoint: "/v1/completions", dataset: "random", minPromptLength: 1024, maxPromptLength: 1024, outputLength: 128),
            labels: labels, source: SourceInfo(tool: "evalscope", version: "1.10..1.14", format: "perf-G"),
            runAt: "2026-11-24T19:03:05", contentHash: hash, points: points)
    }

    static func eval(hash: String = "eval-1", effort: String = "high", scores: [EvalScore]? = nil) -> Run {
        Run(
            kind: .eval, model: ModelIdentity(name: "gpt-oss-20b"),
            generationConfig: GenerationConfig(["temperature": .double(0.6), "extra_body": .object(["reasoning_effort": .string(effort)])]),
            workload: Workload(dataset: "aime25"), source: SourceInfo(tool: "evalscope", version: "1.14.1"),
            runAt: "2026-11-24T19:00:48", contentHash: hash,
            scores: scores ?? [
                EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "accuracy/mean", score: 0.8, count: 120, isPrimary: true),
                EvalScore(dataset: "aime25", subset: "default", metric: "accuracy", sourceMetric: "accuracy/mean", score: 0.8, count: 120, isPrimary: true),
            ],
            samples: (0..<30).flatMap { question in
                (0..<4).map { repeatIndex in
                    EvalSample(dataset: "aime25", subset: "default", sampleID: String(question * 4 + repeatIndex),
                               questionID: String(question), repeatIndex: repeatIndex, metric: "accuracy",
                               score: (question + repeatIndex) % 5 == 0 ? 0 : 1, outputTokens: 185)
                }
            })
    }
}

func temporaryDatabasePath() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appending(path: "caliper-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appending(path: "caliper.db").path
}

struct StoreTests {
    /// Opening applies Schema/NNN_*.sql in order, in WAL mode, with foreign keys on.
    @Test func migratesInOrderInWALMode() throws {
        let path = try temporaryDatabasePath()
        let store = try Store(path: path)
        #expect(try store.appliedMigrations() == ["001_runs", "002_views", "003_time_and_hardware", "004_run_validity", "005_run_edits", "006_views"])
        let database = try DatabaseQueue(path: path)
        try database.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            let views = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
            #expect(views == ["eval_scores_wide", "latest_runs", "perf_points_wide", "run_overview"])
        }
        // Reopening migrates nothing twice.
        #expect(try Store(path: path).appliedMigrations() == ["001_runs", "002_views", "003_time_and_hardware", "004_run_validity", "005_run_edits", "006_views"])
    }

    @Test func ingestStoresEverythingAndReingestIsANoOp() throws {
        let store = try Store(path: try temporaryDatabasePath())
        let run = SampleRuns.perf()
        #expect(try store.ingest(run) == .stored(1))
        #expect(try store.ingest(run) == .duplicate(1))
        #expect(try store.runCount() == 1)
        #expect(try store.requestRowCounts(runID: 1) == [20, 20])

        let loaded = try #require(try store.run(id: 1, detail: .full))
        #expect(loaded.run.points == run.points)
        #expect(loaded.run.hardware == Hardware(name: "H20", count: 1, memoryGB: 96))
        #expect(loaded.run.generationConfig == run.generationConfig)
        #expect(loaded.run.labels == ["branch": "main"])
        #expect(loaded.run.workload == run.workload)
    }

    @Test func evalRunsKeepScoresAndSamples() throws {
        let store = try Store(path: try temporaryDatabasePath())
        let run = SampleRuns.eval()
        let id = try store.ingest(run).runID
        let loaded = try #require(try store.run(id: id, detail: .full))
        #expect(loaded.run.scores == run.scores)
        #expect(loaded.run.samples.count == 120)
        #expect(try store.sampleCount(runID: id) == 120)
        #expect(loaded.run.generationConfig.reasoningEffort == "high")
    }

    /// A run that fails half-way leaves nothing behind: one transaction per ingest.
    @Test func failedIngestWritesNothing() throws {
        let path = try temporaryDatabasePath()
        let store = try Store(path: path)
        let twice = EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "a", score: 0.5, count: 30, isPrimary: true)
        // Refused by validation before the transaction starts…
        #expect(throws: InvalidRunError.self) { try store.ingest(SampleRuns.eval(scores: [twice, twice])) }
        // …and a failure inside it (the last table's insert) rolls back what came before.
        let database = try DatabaseQueue(path: path)
        try database.write { try $0.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON eval_samples BEGIN SELECT RAISE(ABORT, 'refused'); END") }
        #expect(throws: StoreError.self) { try store.ingest(SampleRuns.eval()) }
        for table in ["runs", "eval_scores", "eval_samples", "run_labels"] {
            #expect(try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") } == 0)
        }
    }

    @Test func filtersByKeysAndLabels() throws {
        let store = try Store(path: try temporaryDatabasePath())
        _ = try store.ingest(SampleRuns.perf(hash: "a", labels: ["branch": "main"]))
        _ = try store.ingest(SampleRuns.perf(hash: "b", labels: ["branch": "dev"]))
        _ = try store.ingest(SampleRuns.eval(hash: "c", effort: "low"))

        var main = RunFilter()
        main.require(label: "branch", equals: "main")
        #expect(try store.runs(matching: main).map(\.id) == [1])

        var hardware = RunFilter()
        hardware.require(.hardware, equals: "H20-96GB*1")
        #expect(try store.runs(matching: hardware).map(\.id).sorted() == [1, 2])

        var effort = RunFilter()
        effort.require(.reasoningEffort, equals: "low")
        effort.require(.dataset, equals: "aime25")
        #expect(try store.runs(matching: effort).map(\.id) == [3])

        var hostile = RunFilter()
        hostile.require(.model, equals: "x' OR '1'='1")
        #expect(try store.runs(matching: hostile).isEmpty)
    }

    /// The views answer the common questions without joins.
    @Test func viewsAnswerWithoutJoins() throws {
        let path = try temporaryDatabasePath()
        let store = try Store(path: path)
        _ = try store.ingest(SampleRuns.perf(hash: "old"))
        var newer = SampleRuns.perf(hash: "new")
        newer.runAt = "2026-11-25T10:00:00"
        _ = try store.ingest(newer)
        _ = try store.ingest(SampleRuns.eval())

        let database = try DatabaseQueue(path: path)
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM perf_points_wide WHERE run_id = 1 ORDER BY concurrency")
            #expect(rows.map { $0["concurrency"] as Int } == [1, 8])
            #expect(rows.map { $0["output_throughput"] as Double } == [100, 800])
            #expect(rows.first?["ttft_p99_s"] as Double? == 0.09)
            #expect(try Int.fetchAll(db, sql: "SELECT id FROM latest_runs WHERE kind = 'perf'") == [2])
            let score = try Row.fetchOne(db, sql: "SELECT * FROM eval_scores_wide WHERE subset = '(all)'")
            #expect(score?["reasoning_effort"] as String? == "high")
            #expect(score?["score"] as Double? == 0.8)
            let labels = try String.fetchOne(db, sql: "SELECT labels FROM run_overview WHERE id = 1")
            #expect(labels == #"{"branch":"main"}"#)
        }
    }

    /// A store locked by another process fails after the busy timeout with a one-line reason.
    @Test func lockedDatabaseFailsCleanly() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path)
        let store = try Store(path: path, busyTimeout: 0.2)
        let holder = try DatabaseQueue(path: path)
        let error = try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            defer { try? db.execute(sql: "ROLLBACK") }
            return try #require(throws: StoreError.self) { try store.ingest(SampleRuns.perf()) }
        }
        #expect(error.description == "\(path): database is locked by another process")
    }

    @Test func notADatabaseFailsCleanly() throws {
        let path = try temporaryDatabasePath()
        try Data("hello, not sqlite at all, just text padding to fill a header page".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try Store(path: path) }
        #expect(error.description == "\(path): file is not a SQLite database")
    }
}

struct RunSelectorTests {
    @Test func parsesIdsAndLatestFilters() throws {
        #expect(try RunSelector.parse("42") == .id(42))
        var expected = RunFilter()
        expected.require(.model, equals: "gpt-oss-20b")
        expected.require(label: "branch", equals: "main")
        #expect(try RunSelector.parse("latest model=gpt-oss-20b label.branch=main") == .latest(expected))
        #expect(throws: SelectorError.self) { try RunSelector.parse("newest model=x") }
        #expect(throws: SelectorError.self) { try RunSelector.parse("latest colour=blue") }
    }

    @Test func selectsTheNewestMatchOrSaysNothingMatches() throws {
        let store = try Store(path: try temporaryDatabasePath())
        _ = try store.ingest(SampleRuns.perf(hash: "a"))
        var newer = SampleRuns.perf(hash: "b")
        newer.runAt = "2026-12-01T00:00:00"
        _ = try store.ingest(newer)
        #expect(try store.run(selectedBy: .parse("latest model=gpt-oss-20b label.branch=main")).id == 2)
        #expect(try store.run(selectedBy: .parse("1")).id == 1)
        #expect(throws: SelectorError.self) { try store.run(selectedBy: .parse("latest model=llama")) }
        #expect(throws: SelectorError.self) { try store.run(selectedBy: .parse("99")) }
    }

    @Test func typedKeysRejectValuesOfTheWrongType() {
        for (selector, message) in [
            ("latest temperature=abc", #"temperature takes a number (got "abc")"#),
            ("latest temperature=nan", #"temperature takes a number (got "nan")"#),
            ("latest max_tokens=1024.5", #"max_tokens takes a whole number (got "1024.5")"#),
            ("history gpus=two last=5", #"gpus takes a whole number (got "two")"#),
            ("latest id=x", #"id takes a whole number (got "x")"#),
        ] {
            let error = #expect(throws: SelectorError.self) { try RunSelector.parse(selector) }
            #expect(error?.description == message)
        }
    }

    @Test func typedKeysMatchAsNumbers() throws {
        let store = try Store(path: try temporaryDatabasePath())
        _ = try store.ingest(SampleRuns.eval(hash: "a"))
        _ = try store.ingest(SampleRuns.perf(hash: "b"))
        var greedy = SampleRuns.eval(hash: "c")
        greedy.generationConfig = GenerationConfig(["temperature": .double(0)])
        _ = try store.ingest(greedy)
        #expect(try store.run(selectedBy: .parse("latest temperature=0.60")).id == 1)
        #expect(try store.run(selectedBy: .parse("latest temperature=6e-1")).id == 1)
        #expect(try store.run(selectedBy: .parse("latest max_tokens=+128")).id == 2)
        #expect(try store.run(selectedBy: .parse("latest gpus=1 max_tokens=128")).id == 2)
        #expect(try store.run(selectedBy: .parse("latest temperature=0.0")).id == 3)
        // Set in code, bypassing the parser, a mistyped value matches nothing (CAST would read 0).
        var filter = RunFilter()
        filter.require(.temperature, equals: "abc")
        #expect(try store.runs(matching: filter).isEmpty)
    }
}
