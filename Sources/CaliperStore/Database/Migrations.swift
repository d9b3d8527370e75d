import CaliperCore
import Foundation
import GRDB

/// The SQLite schema migrations: `Schema/sqlite/NNN_*.sql`, embedded at build time, applied in file-name order.
///
/// Applied ones are named in `grdb_migrations` (the table GRDB's migrator kept, so stores written
/// before the migrations ran under a lock read the same); `PRAGMA user_version` is their count and
/// `PRAGMA application_id` marks the file as Caliper's.
enum Migrations {
    /// 'CALP': tells a Caliper store from any other SQLite file.
    static let applicationID: Int32 = 0x4341_4C50

    static let all = migrations(.sqlite)

    /// One engine's migrations (`Schema/sqlite/`, `Schema/postgres/`), identified by file name
    /// without `.sql`: the same identifiers on both engines.
    static func migrations(_ dialect: SQLDialect) -> [(identifier: String, sql: String)] {
        let folder = dialect.rawValue + "/"
        return EmbeddedFiles.all
            .filter { $0.name.hasPrefix(folder) && $0.name.hasSuffix(".sql") }
            .map { (String($0.name.dropFirst(folder.count).dropLast(".sql".count)), $0.contents) }
    }

    /// The schema version this binary writes: the number of migrations it knows.
    static var latestVersion: Int { all.count }

    static let identifiers = Set(all.map(\.identifier))

    /// Every table the migrations create, to recognise a store written before `application_id` was set.
    static let tableNames: Set<String> = {
        do {
            let scratch = try DatabaseQueue()
            return try scratch.write { db in
                for migration in all { try db.execute(sql: migration.sql) }
                return try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                    .union(["grdb_migrations"])
            }
        } catch {
            // The schema is embedded at build time; the store tests apply it, so this cannot fail in a release.
            fatalError("the embedded schema does not apply to an empty database: \(error)")
        }
    }()

    /// Inside the caller's exclusive transaction: applies what is missing and stamps the file.
    /// Decides again from what is on disk, since another process may have migrated while this one waited.
    static func upgrade(_ db: Database) throws {
        let applied = try SchemaState(db).check().applied
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        for migration in all where !applied.contains(migration.identifier) {
            try db.execute(sql: migration.sql)
            try followUps[migration.identifier]?(SQLiteConnection(db: db))
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
        }
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(latestVersion)")
    }

    /// What a migration needs beyond SQL, run right after it in the same transaction, on either engine.
    static let followUps: [String: @Sendable (any SQLConnection) throws -> Void] = [
        "003_time_and_hardware": canonicalizeHardware,
    ]

    /// Rewrites the hardware of runs stored before the catalog (`H100 HBM3`, `8XH100`) into its
    /// canonical model, variant, vendor and memory, as ``Hardware`` parses it today.
    static func canonicalizeHardware(_ db: any SQLConnection) throws {
        let stored = try db.fetchAll("""
            SELECT DISTINCT hardware_name, hardware_memory_gb, hardware_count FROM runs WHERE hardware_name IS NOT NULL
            """) { row in (name: try row[0] as String, memory: try row[1] as Double?, count: try row[2] as Int?) }
        for (name, memory, count) in stored {
            let hardware = Hardware(description: name, count: count, memoryGB: memory)
            try db.execute("""
                UPDATE runs SET hardware_name = ?, hardware_memory_gb = ?, hardware_count = ?, hardware_variant = ?,
                    hardware_vendor = ?
                WHERE hardware_name = ? AND \(db.dialect.isNotDistinct("hardware_memory_gb", "?"))
                    AND \(db.dialect.isNotDistinct("hardware_count", "?"))
                """, [hardware.name, hardware.memoryGB, hardware.count, hardware.variant, hardware.vendor, name, memory, count])
        }
    }
}

/// What a file holds, read without writing to it, and whether Caliper may use it.
struct SchemaState {
    var applicationID: Int32
    var userVersion: Int
    var tables: [String]
    /// `grdb_migrations`, or nil when the file has no such table.
    var applied: [String]?

    init(_ db: Database) throws {
        applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        applied = tables.contains("grdb_migrations")
            ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") : nil
    }

    enum Status: Equatable {
        /// No tables: a new store.
        case empty
        /// Caliper's, at this binary's schema; `stamped` when `application_id` and `user_version` say so.
        case current(stamped: Bool)
        /// Caliper's, written by an older binary.
        case behind(version: Int)
    }

    /// The file's status, or a ``StoreRefusal`` when it is another application's or a newer Caliper's.
    func check() throws -> (status: Status, applied: Set<String>) {
        let applied = Set(self.applied ?? [])
        if applicationID != Migrations.applicationID {
            if applicationID != 0 {
                throw StoreRefusal.foreign(String(format: "application_id 0x%08X is another application's", applicationID))
            }
            // An empty grdb_migrations alone is what an interrupted first opening left.
            if Set(tables).isSubset(of: ["grdb_migrations"]) && applied.isEmpty && userVersion == 0 { return (.empty, []) }
            // Written before the stamp: Caliper's only if every table and every recorded migration is.
            let strangers = tables.filter { !Migrations.tableNames.contains($0) }
            if !strangers.isEmpty {
                throw StoreRefusal.foreign("it has tables Caliper does not make: \(strangers.prefix(5).joined(separator: ", "))")
            }
            if applied.isEmpty { throw StoreRefusal.foreign("its tables carry no Caliper migration record") }
            let unknown = applied.subtracting(Migrations.identifiers).sorted()
            if !unknown.isEmpty { throw StoreRefusal.foreign("unknown migrations: \(unknown.prefix(5).joined(separator: ", "))") }
            if userVersion != 0 { throw StoreRefusal.foreign("user_version \(userVersion) without Caliper's application_id") }
        } else if tables.isEmpty {
            return (.empty, [])
        }
        let version = max(userVersion, applied.count)
        if version > Migrations.latestVersion || !applied.isSubset(of: Migrations.identifiers) {
            throw StoreRefusal.newer(version: version)
        }
        if version < Migrations.latestVersion { return (.behind(version: version), applied) }
        return (.current(stamped: applicationID == Migrations.applicationID && userVersion == version), applied)
    }
}

/// Why a file is not opened; it is left as it was.
enum StoreRefusal: Error, CustomStringConvertible {
    case foreign(String)
    case newer(version: Int)
    case behind(version: Int)
    case missing

    var description: String {
        switch self {
        case .foreign(let why): "not a Caliper store (\(why)); left untouched"
        case .newer(let version):
            "written by a newer Caliper: schema \(version), this binary knows up to \(Migrations.latestVersion)"
        case .behind(let version):
            "schema \(version) is older than this Caliper's \(Migrations.latestVersion); a writing command (ingest, bench) upgrades it"
        case .missing: "no store here"
        }
    }
}
