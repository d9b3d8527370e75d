import ArgumentParser
import CaliperStore
import Foundation

/// `--db PATH` (or `CALIPER_DB`, else `./caliper.db`) and `--busy-timeout`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default: $CALIPER_DB, else ./caliper.db).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for another process's lock on the store.", valueName: "seconds"))
    var busyTimeout: Double = 5

    var path: String {
        db ?? ProcessInfo.processInfo.environment["CALIPER_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "caliper.db"
    }

    func open() throws -> Store {
        do {
            return try Store(path: path, busyTimeout: busyTimeout)
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
