import CaliperCore
import Foundation
import GRDB

/// The Caliper results store: a SQLite file (the embedded default) or a PostgreSQL database (the
/// team store), with the same schema (`Schema/sqlite/`, `Schema/postgres/`) and the same queries,
/// each written once against ``SQLConnection`` and rendered for the engine by ``SQLDialect``.
///
/// SQLite: opened `.readWrite`, a new or older store is migrated under an exclusive lock (so
/// processes creating the same store at once all succeed) and kept in WAL mode with foreign keys
/// on and a busy timeout, so a second writer waits instead of failing at once. Opened `.readOnly`,
/// nothing is written and a writer's lock is never waited for. Either way a file that is another
/// application's, or a newer Caliper's, is refused and left as it was. PostgreSQL: see
/// ``PostgresMigrations``.
///
/// ```swift
/// let store = try Store(location: "caliper.db")   // or "postgresql://ci@db.internal/caliper"
/// switch try store.ingest(run) {
/// case .stored(let id): print("stored run \(id)")
/// case .duplicate(let id): print("already stored as run \(id)")
/// }
/// ```
public final class Store: Sendable {
    enum Engine: Sendable {
        case sqlite(DatabaseQueue)
        case postgres(PostgresSession)
    }

    let engine: Engine
    /// The store as messages name it: the file's path, or the URL without its password.
    public let location: String
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
        self.location = path
        self.mode = mode
        guard (0...Self.maximumBusyTimeout).contains(busyTimeout) else {
            throw StoreError(path: path, reason: "busy timeout \(busyTimeout) is not from 0 to \(Int(Self.maximumBusyTimeout)) seconds")
        }
        do {
            engine = .sqlite(try {
                switch mode {
                case .readWrite: try Self.openForWriting(path: path, busyTimeout: busyTimeout)
                case .readOnly: try Self.openForReading(path: path, busyTimeout: busyTimeout)
                }
            }())
        } catch {
            throw StoreError(path: path, error)
        }
    }

    /// Opens the PostgreSQL store `postgres`; `.readWrite` creates the schema in an empty database
    /// and migrates an older one (under an advisory lock: once, whoever else opens it at the same time).
    public init(postgres: PostgresLocation, mode: Mode = .readWrite) throws {
        location = postgres.description
        self.mode = mode
        let session = try PostgresSession(postgres)
        try PostgresMigrations.prepare(session, mode: mode)
        engine = .postgres(session)
    }

    /// Opens the store a user named: a `postgres://` or `postgresql://` URL, else a SQLite file.
    /// - Parameter busyTimeout: SQLite's wait for another process's lock (PostgreSQL waits for locks
    ///   as long as a statement runs).
    public convenience init(location: String, mode: Mode = .readWrite, busyTimeout: TimeInterval = 5) throws {
        if PostgresLocation.isURL(location) {
            try self.init(postgres: PostgresLocation(url: location), mode: mode)
        } else {
            try self.init(path: location, mode: mode, busyTimeout: busyTimeout)
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
        let table = switch engine {
        case .sqlite: "grdb_migrations"
        case .postgres: PostgresMigrations.table
        }
        return try read { db in try db.fetchAll("SELECT identifier FROM \(table) ORDER BY identifier") { try $0[0] } }
    }

    /// Runs `body` on one consistent view of the store.
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            switch engine {
            case .sqlite(let database): return try database.read { try body(SQLiteConnection(db: $0)) }
            case .postgres(let session): return try session.transaction(readOnly: true, body)
            }
        } catch {
            throw StoreError(path: location, error)
        }
    }

    /// Runs `body` in one transaction: all of its writes or none.
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            return try writeLettingThrough(body)
        } catch {
            throw StoreError(path: location, error)
        }
    }

    /// As ``write(_:)``, without making the error a ``StoreError``.
    func writeLettingThrough<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let database): try database.write { try body(SQLiteConnection(db: $0)) }
        case .postgres(let session): try session.transaction(readOnly: false, body)
        }
    }
}

/// A store failure in one line: the database file and what SQLite said.
public struct StoreError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// PostgreSQL's SQLSTATE for a server error (`40001`, `23505`), nil otherwise.
    public var sqlState: String?
    /// The connection to the server broke mid-transaction: nothing was committed.
    public var connectionLost = false

    private var isMissing = false

    init(path: String, reason: String, sqlState: String? = nil, connectionLost: Bool = false) {
        self.path = path
        self.reason = reason
        self.sqlState = sqlState
        self.connectionLost = connectionLost
    }

    init(path: String, _ error: any Error) {
        self.path = path
        if let storeError = error as? StoreError {
            reason = storeError.reason
            isMissing = storeError.isMissing
            sqlState = storeError.sqlState
            connectionLost = storeError.connectionLost
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
