import CaliperStore
import Foundation
import GRDB

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

    /// `<repo>/Examples/evalscope`.
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Examples/evalscope")

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

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "caliper-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new, empty store at `path`, for tests that write runs straight into it (read-only commands
    /// such as `caliper runs` do not create one).
    static func createStore(_ path: String) throws {
        _ = try Store(path: path)
    }

    /// Row counts of every table, to prove a failed command wrote nothing.
    static func tableCounts(_ databasePath: String) throws -> [String: Int] {
        guard FileManager.default.fileExists(atPath: databasePath) else { return [:] }
        return try DatabaseQueue(path: databasePath).read { db in
            var counts: [String: Int] = [:]
            for table in ["runs", "run_labels", "perf_points", "perf_metrics", "perf_requests", "eval_scores", "eval_samples", "run_edits"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
            }
            return counts
        }
    }
}
