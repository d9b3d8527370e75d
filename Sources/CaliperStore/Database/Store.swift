import CaliperCore
import Foundation
import GRDB

/// The Caliper results store: one SQLite file, schema from `Schema/NNN_*.sql`.
///
/// Opened `.readWrite`, a new or older store is migrated under an exclusive lock (so processes
/// creating the same store at once all succeed) and kept in WAL mode with foreign keys on and a
/// busy timeout, so a second writer waits instead of failing at once. Opened `.readOnly`, nothing
/// is written and a writer's lock is never waited for. Either way a file that is another
/// application's, or a newer Caliper's, is refused and left as it was.
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
    public let mode: Mode

    public enum Mode: Sendable {
        /// Creates the store when missing and migrates it; needed to ingest.
        case readWrite
        /// Reads the store as it is: never creates, migrates or locks it for writing.
        case readOnly
    }

    /// The longest busy timeout accepted, a day (SQLite counts it in 32-bit milliseconds).
    public static let maximumBusyTimeout: TimeInterval = 86_400

    /// Opens the store at `path`.
    /// - Parameter busyTimeout: how long to wait for another process's lock, in seconds (0: do not wait).
    /// - Throws: ``StoreError`` with a one-line reason (locked, read-only, not a database, not
    ///   Caliper's, written by a newer Caliper, no store at `path` when opened read-only).
    public init(path: String, mode: Mode = .readWrite, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        self.mode = mode
        guard (0...Self.maximumBusyTimeout).contains(busyTimeout) else {
            throw StoreError(path: path, reason: "busy timeout \(busyTimeout) is not from 0 to \(Int(Self.maximumBusyTimeout)) seconds")
        }
        do {
            database = switch mode {
            case .readWrite: try Self.openForWriting(path: path, busyTimeout: busyTimeout)
            case .readOnly: try Self.openForReading(path: path, busyTimeout: busyTimeout)
            }
        } catch {
            throw StoreError(path: path, error)
        }
    }

    private static func configuration(readonly: Bool, busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        // In WAL mode NORMAL cannot corrupt the store; it only skips an fsync per commit.
        if !readonly { configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") } }
        return configuration
    }

    private static func openForWriting(path: String, busyTimeout: TimeInterval) throws -> DatabaseQueue {
        // GRDB's own WAL set-up writes at once; WAL is switched on below, once the file is known to be Caliper's.
        let configuration = configuration(readonly: false, busyTimeout: busyTimeout)
        let (database, status) = try checked(DatabaseQueue(path: path, configuration: configuration))
        try enableWAL(database, busyTimeout: busyTimeout)
        if status != .current(stamped: true) {
            // One process migrates; the others wait for the lock, then find nothing left to do.
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try Migrations.upgrade(db)
                    return .commit
                }
            }
        }
        return database
    }

    /// Switching to WAL takes the file's exclusive lock for a moment, and SQLite may answer SQLITE_BUSY
    /// without calling the busy handler while other processes open the same new file: retry until the timeout.
    private static func enableWAL(_ database: DatabaseQueue, busyTimeout: TimeInterval) throws {
        let deadline = Date(timeIntervalSinceNow: busyTimeout)
        while true {
            do {
                _ = try database.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode = WAL") }
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
    }

    private static func openForReading(path: String, busyTimeout: TimeInterval) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreRefusal.missing }
        let configuration = configuration(readonly: true, busyTimeout: busyTimeout)
        let opened: (database: DatabaseQueue, status: SchemaState.Status)
        do {
            opened = try checked(DatabaseQueue(path: path, configuration: configuration))
        } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) {
            // A WAL store where this process cannot create the -shm file readers share (read-only mount,
            // folder without write permission): read the file as it is, without locks.
            guard let uri = immutableURI(path),
                  let immutable = try? checked(DatabaseQueue(path: uri, configuration: configuration))
            else { throw error }
            opened = immutable
        }
        switch opened.status {
        case .empty: throw StoreRefusal.missing
        case .behind(let version): throw StoreRefusal.behind(version: version)
        case .current: return opened.database
        }
    }

    /// The opened file and its status, read without writing; throws when it is not Caliper's to use.
    private static func checked(_ database: DatabaseQueue) throws -> (database: DatabaseQueue, status: SchemaState.Status) {
        (database, try database.read { try SchemaState($0).check().status })
    }

    /// `file:/abs/path?immutable=1`, understood where SQLite is built with URI file names on (as Debian's is).
    static func immutableURI(_ path: String) -> String? {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed).map { "file:\($0)?immutable=1" }
    }

    /// Names of the applied migrations, in order (`001_runs`, `002_views`, …).
    public func appliedMigrations() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
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

    private var isMissing = false

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, _ error: any Error) {
        self.path = path
        if let storeError = error as? StoreError {
            reason = storeError.reason
            isMissing = storeError.isMissing
        } else if let refusal = error as? StoreRefusal {
            reason = refusal.description
            if case .missing = refusal { isMissing = true }
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

    public var description: String { isMissing ? "no store at \(path)" : "\(path): \(reason)" }
}
