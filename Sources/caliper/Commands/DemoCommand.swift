import ArgumentParser
import CaliperCore
import CaliperReports
import CaliperStore
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Ingest the bundled example EvalScope results into a fresh store and show what was stored.",
        discussion: """
            The examples are real EvalScope output folders (versions 0.13.2 to 1.14.1) measured against a \
            mock vLLM server. The store is recreated on every run.
            """)

    @Option(help: ArgumentHelp("Store file to (re)create.", valueName: "path"))
    var db = "demo-output/caliper.db"

    @Option(help: ArgumentHelp("The examples folder (default: Examples/evalscope of this checkout).", valueName: "dir"))
    var examples: String?

    func run() throws {
        let examplesFolder = try locateExamples()
        try recreate(db)
        let store = try StoreOptions.parse(["--db", db]).open()

        Console.print("Caliper demo: importing the example EvalScope results in \(examplesFolder.path)\n\n")
        // The 1.14.1 capture was served by a mock posing as vLLM 0.10.1 (its GET /version says so).
        let capture = Ingestion(
            store: store,
            annotations: RunAnnotations(engine: "vllm", engineVersion: "0.10.1", labels: ["source": "example", "suite": "1.14.1-capture"]))
        let history = Ingestion(store: store, annotations: RunAnnotations(labels: ["source": "example", "suite": "history"]))
        var failures: [String] = []
        for (ingestion, folder) in [(capture, "1.14.1-capture"), (history, "history")] {
            let report = ingestion.ingest([examplesFolder.appending(path: folder).path], recursive: true) { line in
                if !line.hasPrefix("error: ") { Console.print(line + "\n") }
            }
            failures += report.failed.compactMap(\.error)
        }
        if !failures.isEmpty {
            Console.print("\nNot stored (EvalScope 0.17.1 and 1.0.0 crash on --no-stream and leave only a log):\n")
            for failure in failures { Console.print("  \(failure)\n") }
        }

        let runs = try store.runs()
        Console.print("\n\(runs.count) runs in \(db):\n\n")
        Console.print(RunListing.table(runs.map { ($0.id, $0.run) }))
        Console.print("""

            Next: caliper show ID --db \(db)    (or --format json)
                  sqlite3 \(db) 'SELECT * FROM perf_points_wide'

            """)
        if runs.isEmpty { throw ExitCode(2) }
    }

    private func recreate(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// `--examples`, else `Examples/evalscope` in the current directory, above the executable, or in
    /// the source checkout this binary was built from.
    private func locateExamples() throws -> URL {
        if let examples { return URL(fileURLWithPath: examples) }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory)
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent())
        for candidate in candidates {
            let folder = candidate.appending(path: "Examples/evalscope")
            if FileManager.default.fileExists(atPath: folder.path) { return folder }
        }
        throw CommandFailure(message: "cannot find Examples/evalscope; pass --examples DIR")
    }
}
