import CaliperCore
@testable import CaliperStore
import CaliperTestSupport
import Foundation
import GRDB
import Testing

/// Run times and hardware as the store keeps them: UTC with the offset beside it, ordered by the
/// instant; and stores written before both are upgraded in place.
struct RunTimeStoreTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let utc = TimeZone(identifier: "UTC")!

    /// 22:53 in Shanghai (14:53 UTC), then a UTC run 3 s later: latest, the runs order, history
    /// before the candidate and the trend all put the Shanghai run first.
    @Test(arguments: StoreEngine.allCases)
    func ordersByTheUTCInstantWhateverTheLocalClocksSaid(engine: StoreEngine) throws {
        let store = try newStore(engine)
        var east = SampleRuns.perf(hash: "east")
        east.runAt = RunTime(local: "2026-12-07T22:53:00", zone: shanghai, origin: .ingestHost)
        var west = SampleRuns.perf(hash: "west")
        west.runAt = RunTime(local: "2026-12-07T14:53:03", zone: utc, origin: .source)
        #expect(try store.ingest(east) == .stored(1))
        #expect(try store.ingest(west) == .stored(2))

        #expect(try store.runs().map(\.id) == [2, 1])
        #expect(try store.run(selectedBy: RunSelector.parse("latest model=gpt-oss-20b")).id == 2)
        let candidate = try #require(try store.run(id: 2))
        #expect(try store.history(matching: RunFilter(), last: 5, before: candidate) { _ in nil }.runs.map(\.id) == [1])
        let first = try #require(try store.run(id: 1))
        #expect(try store.history(matching: RunFilter(), last: 5, before: first) { _ in nil }.runs.isEmpty)
        let trend = try store.trend(TrendQuery(
            subject: .perf(metric: .outputThroughput, statistic: .value, concurrency: 1, requestRate: nil)))
        #expect(trend.map(\.runID) == [1, 2])
        #expect(trend.map { $0.run.runAt } == [east.runAt, west.runAt])

        let columns = try store.read { db in
            try db.fetchAll("SELECT \(db.dialect.time("run_at")), run_at_offset, run_at_zone FROM runs ORDER BY id") {
                [try $0[0] as String?, try $0[1] as String?, try $0[2] as String?]
            }
        }
        #expect(columns == [["2026-12-07T14:53:00Z", "+08:00", "ingest host"], ["2026-12-07T14:53:03Z", "+00:00", "source"]])
        #expect(try store.run(id: 1)?.run.runAt == east.runAt)
    }

    /// A store written by Caliper before zones and the hardware catalog: local times become UTC with
    /// the zone unknown, and free-text hardware its canonical model, variant, vendor and count.
    @Test(arguments: StoreEngine.allCases)
    func anOldStoreIsUpgradedInPlace(engine: StoreEngine) throws {
        let location = try TestStores.location(engine, in: try temporaryFolder())
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Schema/\(engine == .sqlite ? "sqlite" : "postgres")")
        let old = try ["001_runs", "002_views"].map { try String(contentsOf: schema.appending(path: "\($0).sql"), encoding: .utf8) }
        let rows = [
            (1, "H100 HBM3", 8, 80.0, "2026-11-24T19:00:48"), (2, "8XH100", nil, nil, "2026-11-24T19:01:00"),
            (3, "A100 SXM4", 8, 80.0, nil), (4, "GEFORCE RTX 4090", 2, nil, "2026-11-24T18:00:00"),
        ] as [(Int, String, Int?, Double?, String?)]
        let insert = """
            INSERT INTO runs (id, kind, model, hardware_name, hardware_count, hardware_memory_gb, generation_config,
                generation_config_hash, source_tool, run_at, ingested_at, content_hash)
            VALUES (?, 'perf', 'm', ?, ?, ?, '{}', 'h', 'evalscope', ?, '2026-11-25T00:00:00Z', ?)
            """
        switch engine {
        case .sqlite:
            try DatabaseQueue(path: location).write { db in
                for script in old { try db.execute(sql: script) }
                try db.execute(sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('001_runs'), ('002_views');
                    PRAGMA application_id = 1128352848; PRAGMA user_version = 2;
                    """)
                for (id, name, count, memory, runAt) in rows {
                    try db.execute(sql: insert, arguments: [id, name, count, memory, runAt, "run-\(id)"])
                }
            }
        case .postgres:
            // PostgreSQL kept instants from the start: the old times are written as UTC.
            let session = try PostgresSession(try PostgresLocation(url: location))
            for script in old { try session.script(script) }
            try session.script("""
                CREATE TABLE caliper_migrations (identifier text COLLATE "C" PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO caliper_migrations (identifier) VALUES ('001_runs'), ('002_views')
                """)
            for (id, name, count, memory, runAt) in rows {
                let values: [SQLValue] = [
                    .integer(Int64(id)), .text(name), count.map { .integer(Int64($0)) } ?? .null, memory.map { .real($0) } ?? .null,
                    runAt.map { .text($0 + "Z") } ?? .null, .text("run-\(id)"),
                ]
                try session.rows(insert
                    .replacingOccurrences(of: "'{}'", with: "CAST('{}' AS jsonb)")
                    .replacingOccurrences(of: "?, '2026", with: "CAST(? AS timestamptz), '2026"), values)
            }
        }
        let store = try Store(location: location)
        let runs = try store.runs()
        #expect(runs.map(\.id) == [3, 2, 1, 4])
        let byID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.run) })
        #expect(byID[1]?.hardware == Hardware(name: "H100", count: 8, memoryGB: 80, variant: "HBM3"))
        #expect(byID[2]?.hardware == Hardware(name: "H100", count: 8, memoryGB: 80))
        #expect(byID[3]?.hardware == Hardware(name: "A100", count: 8, memoryGB: 80, variant: "SXM4"))
        #expect(byID[4]?.hardware == Hardware(name: "GEFORCE RTX 4090", count: 2))
        #expect(byID[1]?.runAt == "2026-11-24T19:00:48Z")
        #expect(byID[1]?.runAt?.offsetSeconds == nil)
        #expect(byID[3]?.runAt == nil)
        let vendors = try store.read { db in
            try db.fetchAll("SELECT hardware_vendor FROM runs ORDER BY id") { try $0[0] as String? }
        }
        #expect(vendors == ["NVIDIA", "NVIDIA", "NVIDIA", nil])
        var h100 = RunFilter()
        h100.require(.hardware, equals: "nvidia h100")
        #expect(try store.runs(matching: h100).map(\.id) == [2, 1])
    }
}
