import CaliperCore
@testable import CaliperStore
import CaliperTestSupport
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
    try temporaryFolder().appending(path: "caliper.db").path
}

/// A new, empty folder for one test's files.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appending(path: "caliper-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// A new, empty store on `engine`: a SQLite file, or a new database on the test server.
func newStore(_ engine: StoreEngine) throws -> Store {
    try Store(location: try TestStores.location(engine, in: try temporaryFolder()))
}

/// Every migration, in order: the same identifiers on both engines.
let allMigrations = ["001_runs", "002_views", "003_time_and_hardware", "004_run_validity", "005_run_edits", "006_views"]

struct StoreTests {
    /// Opening applies the migrations in order, once: reopening migrates nothing twice.
    @Test(arguments: StoreEngine.allCases)
    func migratesInOrderOnce(engine: StoreEngine) throws {
        let location = try TestStores.location(engine, in: try temporaryFolder())
        let store = try Store(location: location)
        #expect(try store.appliedMigrations() == allMigrations)
        let views = try store.read { db in
            try db.fetchAll(engine == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name"
                : "SELECT viewname FROM pg_views WHERE schemaname = current_schema() ORDER BY viewname") { try $0[0] as String }
        }
        #expect(views == ["eval_scores_wide", "latest_runs", "perf_points_wide", "run_overview"])
        #expect(try Store(location: location).appliedMigrations() == allMigrations)
    }

    /// SQLite stores are kept in WAL mode, so readers never wait for a writer.
    @Test func sqliteStoresAreInWALMode() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path)
        #expect(try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test(arguments: StoreEngine.allCases)
    func ingestStoresEverythingAndReingestIsANoOp(engine: StoreEngine) throws {
        let store = try newStore(engine)
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

    @Test(arguments: StoreEngine.allCases)
    func evalRunsKeepScoresAndSamples(engine: StoreEngine) throws {
        let store = try newStore(engine)
        let run = SampleRuns.eval()
        let id = try store.ingest(run).runID
        let loaded = try #require(try store.run(id: id, detail: .full))
        #expect(loaded.run.scores == run.scores)
        #expect(loaded.run.samples.count == 120)
        #expect(try store.sampleCount(runID: id) == 120)
        #expect(loaded.run.generationConfig.reasoningEffort == "high")
    }

    /// A run that fails half-way leaves nothing behind: one transaction per ingest.
    @Test(arguments: StoreEngine.allCases)
    func failedIngestWritesNothing(engine: StoreEngine) throws {
        let location = try TestStores.location(engine, in: try temporaryFolder())
        let store = try Store(location: location)
        let twice = EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "a", score: 0.5, count: 30, isPrimary: true)
        // Refused by validation before the transaction starts…
        #expect(throws: InvalidRunError.self) { try store.ingest(SampleRuns.eval(scores: [twice, twice])) }
        // …and a failure inside it (the last table's insert) rolls back what came before.
        try store.write { db in
            switch engine {
            case .sqlite:
                try db.execute("CREATE TRIGGER refuse BEFORE INSERT ON eval_samples BEGIN SELECT RAISE(ABORT, 'refused'); END")
            case .postgres:
                try db.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$")
                try db.execute("CREATE TRIGGER refuse BEFORE INSERT ON eval_samples FOR EACH ROW EXECUTE FUNCTION refuse()")
            }
        }
        #expect(throws: StoreError.self) { try store.ingest(SampleRuns.eval()) }
        let counts = try TestStores.tableCounts(location)
        for table in ["runs", "eval_scores", "eval_samples", "run_labels"] {
            #expect(counts[table] == 0, "\(table)")
        }
    }

    @Test(arguments: StoreEngine.allCases)
    func filtersByKeysAndLabels(engine: StoreEngine) throws {
        let store = try newStore(engine)
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
    @Test(arguments: StoreEngine.allCases)
    func viewsAnswerWithoutJoins(engine: StoreEngine) throws {
        let store = try newStore(engine)
        _ = try store.ingest(SampleRuns.perf(hash: "old"))
        var newer = SampleRuns.perf(hash: "new")
        newer.runAt = "2026-11-25T10:00:00"
        _ = try store.ingest(newer)
        _ = try store.ingest(SampleRuns.eval())

        try store.read { db in
            let points = try db.fetchAll(
                "SELECT concurrency, output_throughput, ttft_p99_s FROM perf_points_wide WHERE run_id = 1 ORDER BY concurrency"
            ) { (concurrency: try $0[0] as Int, throughput: try $0[1] as Double, ttftP99: try $0[2] as Double?) }
            #expect(points.map(\.concurrency) == [1, 8])
            #expect(points.map(\.throughput) == [100, 800])
            #expect(points.first?.ttftP99 == 0.09)
            #expect(try db.fetchAll("SELECT id FROM latest_runs WHERE kind = 'perf'") { try $0[0] as Int64 } == [2])
            let score = try db.fetchOne("SELECT reasoning_effort, score FROM eval_scores_wide WHERE subset = '(all)'") {
                (effort: try $0[0] as String?, score: try $0[1] as Double)
            }
            #expect(score?.effort == "high")
            #expect(score?.score == 0.8)
            // PostgreSQL's jsonb spaces and orders keys its own way: compared parsed, not as text.
            let labels: String = try #require(try db.fetchValue("SELECT CAST(labels AS TEXT) FROM run_overview WHERE id = 1"))
            #expect(try JSONDecoder().decode([String: String].self, from: Data(labels.utf8)) == ["branch": "main"])
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

    @Test(arguments: StoreEngine.allCases)
    func selectsTheNewestMatchOrSaysNothingMatches(engine: StoreEngine) throws {
        let store = try newStore(engine)
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

    @Test(arguments: StoreEngine.allCases)
    func typedKeysMatchAsNumbers(engine: StoreEngine) throws {
        let store = try newStore(engine)
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
