import CaliperCore
@testable import CaliperStore
import Foundation
import GRDB
import Testing

/// How a file becomes a store: which files are Caliper's, what a read-only opening may do, and
/// that the migrations run once however many openers race.
struct StoreOpeningTests {
    static let applicationID = 0x4341_4C50

    func pragmas(_ path: String) throws -> (applicationID: Int, userVersion: Int) {
        try DatabaseQueue(path: path, configuration: readOnly).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA application_id") ?? -1, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1)
        }
    }

    var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }

    /// The file's bytes: compared whole, stricter than a hash.
    func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Both modes refuse the file with `message` and leave it byte-identical.
    func expectRefused(_ path: String, _ message: String) throws {
        let before = try bytes(path)
        for mode in [Store.Mode.readWrite, .readOnly] {
            let error = try #require(throws: StoreError.self) { try Store(path: path, mode: mode) }
            #expect(error.description == "\(path): \(message)", "\(mode)")
        }
        #expect(try bytes(path) == before)
    }

    @Test func aNewStoreIsMarkedAsCaliperAndVersioned() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path)
        #expect(try pragmas(path) == (Self.applicationID, 6))
    }

    /// Stores written before the mark (application_id 0, migrations in grdb_migrations) are read as
    /// they are and marked by the next writer.
    @Test func aStoreFromBeforeTheMarkIsAdopted() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path).ingest(SampleRuns.perf())
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = 0; PRAGMA user_version = 0")
        }
        let before = try bytes(path)
        #expect(try Store(path: path, mode: .readOnly).runCount() == 1)
        #expect(try bytes(path) == before)
        #expect(try pragmas(path) == (0, 0))
        #expect(try Store(path: path).runCount() == 1)
        #expect(try pragmas(path) == (Self.applicationID, 6))
    }

    @Test func anotherApplicationsFileIsRefusedUntouched() throws {
        let notes = try temporaryDatabasePath()
        try DatabaseQueue(path: notes).write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')") }
        try expectRefused(notes, "not a Caliper store (it has tables Caliper does not make: notes); left untouched")

        // A `runs` table that Caliper did not make: no migration record.
        let runs = try temporaryDatabasePath()
        try DatabaseQueue(path: runs).write { try $0.execute(sql: "CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT)") }
        try expectRefused(runs, "not a Caliper store (its tables carry no Caliper migration record); left untouched")
        #expect(try DatabaseQueue(path: runs).read { try $0.tableExists("grdb_migrations") } == false)

        let marked = try temporaryDatabasePath()
        try DatabaseQueue(path: marked).writeWithoutTransaction { try $0.execute(sql: "PRAGMA application_id = 1234") }
        try expectRefused(marked, "not a Caliper store (application_id 0x000004D2 is another application's); left untouched")

        // Refused before WAL is switched on: the file is still in its own journal mode.
        #expect(try DatabaseQueue(path: notes).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "delete")
    }

    @Test func aStoreFromANewerCaliperIsRefusedUntouched() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path)
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('999_future'); PRAGMA user_version = 4")
        }
        try expectRefused(path, "written by a newer Caliper: schema 7, this binary knows up to 6")
    }

    /// An older schema is upgraded by a writer; a reader says so rather than read what is not there.
    @Test func anOlderStoreIsUpgradedByAWriterOnly() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path)
        // A store written before the newest migration: its views as 002 made them.
        try DatabaseQueue(path: path).write { db in
            for view in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'view'") {
                try db.execute(sql: "DROP VIEW \(view)")
            }
            try db.execute(sql: Migrations.all.first { $0.identifier == "002_views" }?.sql ?? "")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '006_views'; PRAGMA user_version = 5")
        }
        let error = try #require(throws: StoreError.self) { try Store(path: path, mode: .readOnly) }
        #expect(error.description == "\(path): schema 5 is older than this Caliper's 6; a writing command (ingest, bench) upgrades it")
        #expect(try Store(path: path).appliedMigrations() == ["001_runs", "002_views", "003_time_and_hardware", "004_run_validity", "005_run_edits", "006_views"])
        #expect(try pragmas(path) == (Self.applicationID, 6))
    }

    @Test func aReaderNeverCreatesAStore() throws {
        let path = try temporaryDatabasePath()
        let missing = try #require(throws: StoreError.self) { try Store(path: path, mode: .readOnly) }
        #expect(missing.description == "no store at \(path)")
        #expect(!FileManager.default.fileExists(atPath: path))

        // A 0-byte file is a new store: nothing to read, and a writer makes it one.
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: StoreError.self) { try Store(path: path, mode: .readOnly) }
        #expect(try Store(path: path).appliedMigrations() == ["001_runs", "002_views", "003_time_and_hardware", "004_run_validity", "005_run_edits", "006_views"])
    }

    /// WAL readers do not block: a read-only store reads while a writer holds the lock, and cannot write.
    @Test func aReaderDoesNotWaitForAWriter() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path).ingest(SampleRuns.perf())
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE; DELETE FROM run_labels")
            defer { try? db.execute(sql: "ROLLBACK") }
            let reader = try Store(path: path, mode: .readOnly, busyTimeout: 0)
            #expect(try reader.runs().map(\.id) == [1])
            #expect(try reader.run(id: 1)?.run.labels == ["branch": "main"])
        }
        let reader = try Store(path: path, mode: .readOnly)
        let error = try #require(throws: StoreError.self) { try reader.ingest(SampleRuns.eval()) }
        #expect(error.description == "\(path): database is read-only")
    }

    /// Where SQLite cannot make the -shm file a WAL reader needs (here a dangling link stands in its
    /// way, as a read-only folder or mount would for a user), the store is read as an immutable file.
    @Test func aReaderFallsBackToAnImmutableFile() throws {
        let path = try temporaryDatabasePath()
        _ = try Store(path: path).ingest(SampleRuns.perf())
        try FileManager.default.createSymbolicLink(atPath: path + "-shm", withDestinationPath: "/nonexistent-caliper/shm")
        #expect(throws: DatabaseError.self) { try DatabaseQueue(path: path, configuration: readOnly).read { _ in } }
        let before = try bytes(path)
        #expect(try Store(path: path, mode: .readOnly).runs().map(\.id) == [1])
        #expect(try bytes(path) == before)
    }

    /// Processes opening the same new store at once: one migrates, the rest find it done.
    @Test func concurrentFirstOpeningsAllSucceed() async throws {
        for _ in 0..<5 {
            let path = try temporaryDatabasePath()
            let results = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do { return try Store(path: path).appliedMigrations().joined(separator: ",") } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results == Array(repeating: "001_runs,002_views,003_time_and_hardware,004_run_validity,005_run_edits,006_views", count: 8))
        }
    }

    @Test(arguments: [-1, .infinity, .nan, 1e300, 86_401])
    func busyTimeoutOutOfRangeIsRefused(seconds: Double) throws {
        let error = try #require(throws: StoreError.self) { try Store(path: try temporaryDatabasePath(), busyTimeout: seconds) }
        #expect(error.reason.hasPrefix("busy timeout"))
    }
}
