import CaliperStore
import CaliperTestSupport
import Foundation
import Synchronization
import Testing

/// Runs the real `caliper` binary built beside the test bundle and captures what it prints.
struct CaliperProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `caliper` executable in the same build folder as this test bundle.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appending(path: "caliper")

    /// The repository's root folder.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `<repo>/Examples/evalscope`.
    static let examples = repository.appending(path: "Examples/evalscope")

    /// `<repo>/Examples/peers`: other tools' result samples.
    static let peers = repository.appending(path: "Examples/peers")

    /// A started `caliper` whose output is still to be read.
    struct Running {
        var process: Process
        var out: Pipe
        var err: Pipe

        /// Reads both pipes to the end before waiting, so a large output cannot block the child.
        func finish() -> Result {
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Starts `caliper`, for tests that act while it runs or run several at once.
    static func start(
        _ arguments: [String], executable: URL = binary, in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CALIPER_DB")
        // A folder made for PostgreSQL: its store is that database, unless the test names another.
        if let directory, let location = stores.withLock({ $0[directory.standardizedFileURL.path] }) {
            env["CALIPER_DB"] = location
        }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        // Never the test runner's terminal: commands that ask (delete) must see a script.
        process.standardInput = FileHandle.nullDevice
        let running = Running(process: process, out: Pipe(), err: Pipe())
        process.standardOutput = running.out
        process.standardError = running.err
        try process.run()
        return running
    }

    static func run(
        _ arguments: [String], executable: URL = binary, in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        try start(arguments, executable: executable, in: directory, environment: environment).finish()
    }

    /// Stored run `id` as `caliper show --format json` prints it, from store `db` (else the folder's own); must exit 0.
    static func show(_ id: Int, db: String? = nil, in folder: URL) throws -> [String: Any] {
        let store = db.map { ["--db", $0] } ?? []
        let shown = try run(["show", "\(id)"] + store + ["--format", "json"], in: folder)
        #expect(shown.status == 0, "\(shown.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }

    /// The PostgreSQL store of each folder made by `temporaryDirectory(.postgres)`.
    private static let stores = Mutex<[String: String]>([:])

    /// A new scratch folder. For `.postgres`, `caliper` run in it uses a new, empty PostgreSQL
    /// database (`CALIPER_DB`), where it would use `caliper.db` in the folder on SQLite.
    static func temporaryDirectory(_ engine: StoreEngine = .sqlite) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "caliper-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if engine == .postgres {
            let location = try TestStores.location(.postgres, in: url)
            stores.withLock { $0[url.standardizedFileURL.path] = location }
        }
        return url
    }

    /// The store `caliper` uses when run in `folder` without `--db`: its `caliper.db`, or its database.
    static func store(in folder: URL) -> String {
        stores.withLock { $0[folder.standardizedFileURL.path] } ?? folder.appending(path: "caliper.db").path
    }

    /// Moves the SQLite store a test built in `folder` (with raw SQL a person could write) into a new
    /// PostgreSQL database through `caliper export --all` and `caliper ingest`, ids, times, labels,
    /// edits and validity kept; `caliper` run in `folder` then uses that database.
    static func move(_ folder: URL, to engine: StoreEngine) throws {
        guard engine == .postgres else { return }
        let bundle = folder.appending(path: "store.caliper.jsonl.gz").path
        let exported = try run(["export", "--all", "-o", bundle], in: folder)
        guard exported.status == 0 else { throw MoveFailure(description: exported.stderr) }
        let location = try TestStores.location(.postgres, in: folder)
        let ingested = try run(["ingest", bundle], in: folder, environment: ["CALIPER_DB": location])
        guard ingested.status == 0 else { throw MoveFailure(description: ingested.stderr) }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(at: folder.appending(path: "caliper.db" + suffix)) }
        try FileManager.default.removeItem(atPath: bundle)
        stores.withLock { $0[folder.standardizedFileURL.path] = location }
    }

    struct MoveFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The store as `caliper` names it in messages when run in `folder` without `--db`.
    static func storeName(in folder: URL) -> String {
        stores.withLock { $0[folder.standardizedFileURL.path] } ?? "caliper.db"
    }

    /// A new, empty store at `path`, for tests that write runs straight into it (read-only commands
    /// such as `caliper runs` do not create one).
    static func createStore(_ path: String) throws {
        _ = try Store(location: path)
    }

    /// Row counts of every table of a store (a file or a URL), to prove a failed command wrote nothing.
    static func tableCounts(_ location: String) throws -> [String: Int] {
        try TestStores.tableCounts(location)
    }

    /// Row counts of every table of the store `caliper` uses in `folder`.
    static func tableCounts(in folder: URL) throws -> [String: Int] {
        try TestStores.tableCounts(store(in: folder))
    }
}
