// Tests build in debug only; `swift build -c release` builds this target too, where the store's
// internals (its sessions and SQL) are not visible, so the module is empty there.
#if DEBUG
@testable import CaliperStore
import Foundation

/// The engines every store, query and end-to-end test runs against.
public enum StoreEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// New, empty stores for tests: a SQLite file in a folder, or a new database on the throwaway
/// PostgreSQL server that `make test` starts (`Scripts/with-postgres` exports its URL in
/// `CALIPER_TEST_POSTGRES` and the password in `CALIPER_TEST_POSTGRES_PASSWORD`).
///
/// Without that server a PostgreSQL test fails, saying so: it is never skipped.
///
/// ```swift
/// let location = try TestStores.location(.postgres, in: folder)   // "postgresql://caliper_admin@127.0.0.1:55432/t_4711_3"
/// let store = try Store(location: location)
/// ```
public enum TestStores {
    public struct NoServer: Error, CustomStringConvertible {
        public init() {}

        public var description: String {
            "PostgreSQL tests need the throwaway server: run `make test` (Scripts/with-postgres starts one), or "
                + "`Scripts/postgres-cluster start DIR` and source DIR/env"
        }
    }

    /// The admin URL of the test server (no password in it).
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CALIPER_TEST_POSTGRES"], !url.isEmpty else { throw NoServer() }
        // Subprocesses (the real `caliper`) and this process read the password the libpq way.
        if let password = ProcessInfo.processInfo.environment["CALIPER_TEST_POSTGRES_PASSWORD"],
           ProcessInfo.processInfo.environment["PGPASSWORD"] == nil
        {
            setenv("PGPASSWORD", password, 1)
        }
        return url
    }

    /// The test server's CA certificate, for `sslmode=verify-full&sslrootcert=…`.
    public static var serverCA: String? { ProcessInfo.processInfo.environment["CALIPER_TEST_POSTGRES_CA"] }

    nonisolated(unsafe) private static var created = 0
    private static let lock = NSLock()

    /// A new, empty store: `folder/caliper.db`, or a new database named after this process.
    public static func location(_ engine: StoreEngine, in folder: URL, name: String = "caliper.db") throws -> String {
        switch engine {
        case .sqlite:
            return folder.appending(path: name).path
        case .postgres:
            let number = lock.withLock {
                created += 1
                return created
            }
            // Short (URLs appear in fitted lines); the random part keeps names apart across runs on one server.
            return try createDatabase("t\(getpid())_\(number)_\(String(UInt16.random(in: 0...UInt16.max), radix: 16))")
        }
    }

    /// Creates database `name` on the test server and returns its URL.
    public static func createDatabase(_ name: String) throws -> String {
        let server = try PostgresLocation(url: try serverURL())
        let session = try PostgresSession(server)
        try session.rows("CREATE DATABASE \"\(name)\"", [])
        var location = server
        location.database = name
        return url(location)
    }

    /// `location` as a URL without its password.
    public static func url(_ location: PostgresLocation) -> String {
        var copy = location
        copy.password = nil
        copy.passwordInURL = false
        return copy.description
    }

    /// Row counts of every table, to prove a failed command wrote nothing (empty when there is no store).
    public static func tableCounts(_ location: String) throws -> [String: Int] {
        if !PostgresLocation.isURL(location) && !FileManager.default.fileExists(atPath: location) { return [:] }
        let store = try Store(location: location, mode: .readOnly)
        return try store.read { db in
            var counts: [String: Int] = [:]
            for table in ["runs", "run_labels", "perf_points", "perf_metrics", "perf_requests", "eval_scores", "eval_samples", "run_edits"] {
                counts[table] = try db.fetchValue("SELECT count(*) FROM \(table)")
            }
            return counts
        }
    }

    /// The first column of the first row of `sql` as a whole number (0 when there is no row).
    public static func count(_ location: String, _ sql: String, _ arguments: [SQLValue] = []) throws -> Int {
        try Store(location: location, mode: .readOnly).read { db in try db.fetchValue(sql, arguments) ?? 0 }
    }

    /// The first column of the first row of `sql` as a number (nil for NULL or no row).
    public static func number(_ location: String, _ sql: String, _ arguments: [SQLValue] = []) throws -> Double? {
        try Store(location: location, mode: .readOnly).read { db in try db.fetchOne(sql, arguments) { try $0[0] as Double? } ?? nil }
    }

    /// The first column of each row of `sql` as text (NULL as nil).
    public static func texts(_ location: String, _ sql: String, _ arguments: [SQLValue] = []) throws -> [String?] {
        try Store(location: location, mode: .readOnly).read { db in try db.fetchAll(sql, arguments) { try $0[0] as String? } }
    }

    /// Runs statements on the store in one transaction, as a person with `sqlite3` or `psql` would.
    public static func execute(_ location: String, _ sql: String, _ arguments: [SQLValue] = []) throws {
        try Store(location: location).write { db in try db.execute(sql, arguments) }
    }

    /// A session of a person holding a table lock in an open transaction, so that a `caliper` writing
    /// to that table waits (mid-transaction) until the server goes away.
    public final class LockHolder {
        private let session: PostgresSession

        public init(_ location: String, table: String) throws {
            session = try PostgresSession(PostgresLocation(url: location))
            try session.rows("BEGIN", [])
            // EXCLUSIVE: others may still read the table, but not write to it.
            try session.rows("LOCK TABLE \(table) IN EXCLUSIVE MODE", [])
        }
    }
}
#endif
