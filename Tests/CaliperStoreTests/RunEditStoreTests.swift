import CaliperCore
@testable import CaliperStore
import CaliperTestSupport
import Foundation
import GRDB
import Testing

/// Annotating and deleting stored runs: one transaction each, an audit row per changed field.
struct RunEditStoreTests {
    @Test(arguments: StoreEngine.allCases)
    func annotateUpdatesKeysAndRecordsEachChangeOnce(engine: StoreEngine) throws {
        let store = try newStore(engine)
        let id = try store.ingest(SampleRuns.perf()).runID
        var edit = RunEdit()
        edit.engineVersion = "0.10.2"
        edit.hardware = Hardware(description: "NVIDIA A100-80GB")
        edit.setLabels = ["commit": "abc", "branch": "main"]
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let changes = try store.annotate(runID: id, edit, by: "ana@box", at: date)
        #expect(changes.map(\.field) == ["engine_version", "hardware", "label.commit"])
        #expect(changes[1].oldValue == "H20 96GB x 1" && changes[1].newValue == "A100 80GB x 1")
        #expect(try store.edits(runID: id) == changes)
        #expect(changes.allSatisfy { $0.editedAt == "2027-01-15T08:00:00Z" && $0.editedBy == "ana@box" })

        let stored = try #require(try store.run(id: id))
        #expect(stored.run.engine.version == "0.10.2")
        #expect(stored.run.hardware == Hardware(name: "A100", count: 1, memoryGB: 80))
        #expect(stored.run.labels == ["branch": "main", "commit": "abc"])
        #expect(stored.run.contentHash == SampleRuns.perf().contentHash)
        // The same edit again changes nothing and records nothing.
        #expect(try store.annotate(runID: id, edit, by: "ana@box").isEmpty)
        #expect(try store.edits(runID: id).count == 3)
        #expect(try store.ingest(SampleRuns.perf()) == .duplicate(id))
    }

    /// A new accelerator brings its vendor and variant; the old ones do not linger in the row.
    @Test(arguments: StoreEngine.allCases)
    func annotatedHardwareKeepsItsVendorAndVariant(engine: StoreEngine) throws {
        let store = try newStore(engine)
        let id = try store.ingest(SampleRuns.perf()).runID
        var edit = RunEdit()
        edit.hardware = Hardware(description: "NVIDIA H100 80GB HBM3", count: 8)
        let changes = try store.annotate(runID: id, edit, by: "ana@box")
        #expect(changes.map(\.newValue) == ["H100 80GB HBM3 x 8"])
        #expect(try store.run(id: id)?.run.hardware == Hardware(name: "H100", count: 8, memoryGB: 80, variant: "HBM3"))
        edit.hardware = Hardware(description: "MI300X", count: 8)
        _ = try store.annotate(runID: id, edit, by: "ana@box")
        let row = try store.read { db in
            try db.fetchOne("SELECT hardware_vendor, hardware_name, hardware_variant FROM runs WHERE id = ?", [id]) {
                [try $0[0] as String?, try $0[1] as String?, try $0[2] as String?]
            }
        }
        #expect(row == ["AMD", "MI300X", nil])
    }

    @Test(arguments: StoreEngine.allCases)
    func aFailedEditWritesNothing(engine: StoreEngine) throws {
        let store = try newStore(engine)
        let id = try store.ingest(SampleRuns.perf()).runID
        var edit = RunEdit()
        edit.engine = "sglang"
        edit.removeLabels = ["missing"]
        #expect(throws: RunEditError.self) { try store.annotate(runID: id, edit, by: "a@b") }
        #expect(try store.run(id: id)?.run.engine.name == SampleRuns.perf().engine.name)
        #expect(try store.edits(runID: id).isEmpty)
        #expect(throws: RunEditError.self) { try store.annotate(runID: 99, RunEdit(), by: "a@b") }
    }

    @Test(arguments: StoreEngine.allCases)
    func deleteRemovesEveryRowOfTheRunsOnly(engine: StoreEngine) throws {
        let store = try newStore(engine)
        let perf = try store.ingest(SampleRuns.perf()).runID
        let eval = try store.ingest(SampleRuns.eval()).runID
        let other = try store.ingest(SampleRuns.perf(hash: "perf-2")).runID
        #expect(try store.size(runID: perf) == RunSize(kind: .perf, parts: 2, rows: 40))
        #expect(try store.size(runID: perf)?.description == "2 points, 40 request rows")
        var edit = RunEdit()
        edit.engine = "x"
        _ = try store.annotate(runID: perf, edit, by: "a@b")
        #expect(throws: RunEditError.self) { try store.delete(runIDs: [perf, 99]) }
        #expect(try store.run(id: perf) != nil)
        try store.delete(runIDs: [perf, eval])
        #expect(try store.runs().map(\.id) == [other])
        let leftovers: Int? = try store.read { db in
            try db.fetchValue("""
                SELECT (SELECT count(*) FROM run_labels WHERE run_id IN (?, ?))
                     + (SELECT count(*) FROM perf_points WHERE run_id IN (?, ?))
                     + (SELECT count(*) FROM eval_scores WHERE run_id IN (?, ?))
                     + (SELECT count(*) FROM eval_samples WHERE run_id IN (?, ?))
                     + (SELECT count(*) FROM run_edits WHERE run_id IN (?, ?))
                     + (SELECT count(*) FROM perf_metrics WHERE point_id NOT IN (SELECT id FROM perf_points))
                     + (SELECT count(*) FROM perf_requests WHERE point_id NOT IN (SELECT id FROM perf_points))
                """, [perf, eval, perf, eval, perf, eval, perf, eval, perf, eval])
        }
        #expect(leftovers == 0)
        #expect(try store.size(runID: other)?.rows == 40)
    }

    /// Orphans left by a foreign-keys-off delete before migration 005 are removed by it (SQLite only:
    /// PostgreSQL's foreign keys always cascaded, so its stores never had orphans).
    @Test func migration005RemovesOrphansAlreadyThere() throws {
        let path = try temporaryDatabasePath()
        let id = try Store(path: path).ingest(SampleRuns.perf()).runID
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        try DatabaseQueue(path: path, configuration: configuration).writeWithoutTransaction { db in
            // As a store before 005 was: no triggers, no migration record.
            try db.execute(sql: """
                DROP TRIGGER runs_delete_children; DROP TRIGGER perf_points_delete_children; DROP TABLE run_edits;
                DELETE FROM grdb_migrations WHERE identifier = '005_run_edits'; PRAGMA user_version = 2;
                DELETE FROM runs WHERE id = \(id)
                """)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM perf_requests") == 40)
        }
        let store = try Store(path: path)
        #expect(try store.ingest(SampleRuns.perf()) == .stored(id))
        #expect(try store.requestRowCounts(runID: id) == [20, 20])
    }
}
