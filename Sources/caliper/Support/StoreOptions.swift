import ArgumentParser
import CaliperStore
import Foundation

/// `--db PATH|URL` (or `CALIPER_DB`, else `./caliper.db`) and `--busy-timeout`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a SQLite file, or a postgresql://user@host/db URL (default: $CALIPER_DB, else ./caliper.db).",
        valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "Seconds to wait for another process's lock on a SQLite store, 0 (do not wait) to 86400.", valueName: "seconds"))
    var busyTimeout: Double = 5

    var path: String {
        db ?? ProcessInfo.processInfo.environment["CALIPER_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "caliper.db"
    }

    func validate() throws {
        // Also rejects nan and inf, which the range does not contain.
        guard (0...Store.maximumBusyTimeout).contains(busyTimeout) else {
            throw ValidationError("--busy-timeout must be from 0 (do not wait) to \(Int(Store.maximumBusyTimeout)) seconds")
        }
    }

    /// For commands that store runs: creates the store when missing and migrates it.
    func openForWriting() throws -> Store { try open(.readWrite) }

    /// For commands that change stored runs (annotate, delete): migrates, but never creates a store.
    func openExistingForWriting() throws -> Store {
        if !isPostgres && !FileManager.default.fileExists(atPath: path) { throw CommandFailure(message: "no store at \(location)") }
        return try open(.readWrite)
    }

    /// The store as messages name it: the path, or the URL with its password masked.
    var location: String { isPostgres ? PostgresLocation.masked(path) : path }

    /// Whether the store is a PostgreSQL database rather than a SQLite file.
    var isPostgres: Bool { PostgresLocation.isURL(path) }

    /// For commands that only read: never creates, migrates or waits for a writer.
    func openForReading() throws -> Store { try open(.readOnly) }

    private func open(_ mode: Store.Mode) throws -> Store {
        do {
            return try Store(location: path, mode: mode, busyTimeout: busyTimeout)
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
    }
}

/// `--format table|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}
