import CaliperCore
import Foundation
import GRDB

/// The Caliper results store: one SQLite file, schema from `Schema/NNN_*.sql`.
///
/// Opening applies pending migrations; the database is in WAL mode with foreign keys on and a
/// busy timeout, so a second writer waits instead of failing at once.
///
/// ```swift
/// let store = try Store(path: "caliper.db")
/// switch try store.ingest(run) {
/// case .stored(let id): print("stored run \(id)")
/// case .duplicate(let id): print("already stored as run \(id)")
/// }
/// ```
public final class Store: Sendable {
    let database: DatabaseQueue
    public let path: String

    /// Opens (creating when needed) the store at `path` and migrates it.
    /// - Parameter busyTimeout: how long to wait for another process's lock, in seconds.
    /// - Throws: ``StoreError`` with a one-line reason (locked, read-only, not a database).
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        // In WAL mode NORMAL cannot corrupt the store; it only skips an fsync per commit.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Migrations.migrator.migrate(database)
        } catch {
            throw StoreError(path: path, error)
        }
    }

    /// Names of the applied migrations, in order (`001_runs`, `002_views`, …).
    public func appliedMigrations() throws -> [String] {
        try read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try database.read(body) } catch { throw StoreError(path: path, error) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try database.write(body) } catch { throw StoreError(path: path, error) }
    }
}

/// A store failure in one line: the database file and what SQLite said.
public struct StoreError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String

    init(path: String, _ error: any Error) {
        self.path = path
        if let storeError = error as? StoreError {
            reason = storeError.reason
        } else if let databaseError = error as? DatabaseError {
            switch databaseError.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: reason = "database is locked by another process"
            case .SQLITE_READONLY: reason = "database is read-only"
            case .SQLITE_CANTOPEN: reason = "cannot open database file"
            case .SQLITE_NOTADB: reason = "file is not a SQLite database"
            default: reason = databaseError.message ?? "\(databaseError.resultCode)"
            }
        } else {
            reason = String(describing: error)
        }
    }

    public var description: String { "\(path): \(reason)" }
}
