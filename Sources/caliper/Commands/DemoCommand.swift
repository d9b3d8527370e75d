import ArgumentParser
import CaliperAnalysis
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
            mock vLLM server. They are embedded in the binary and written to examples/ beside the store, so \
            a copied binary runs the demo. The store is recreated on every run; a store that holds anything \
            but the demo's runs is never replaced.

            With a PostgreSQL URL the demo's runs replace the database's (which must hold only demo runs), \
            and the examples and reports go to demo-output/.

            Example:
              caliper demo                          # demo-output/caliper.db, demo-output/reports/
              caliper demo --db /tmp/demo/caliper.db
              caliper demo --db postgresql://caliper@localhost/caliper_demo
            """)

    @Option(help: ArgumentHelp("Store to (re)create: a SQLite file or a postgresql:// URL.", valueName: "path|url"))
    var db = "demo-output/caliper.db"

    @Option(help: ArgumentHelp("An examples folder to import instead of the embedded ones.", valueName: "dir"))
    var examples: String?

    func run() throws {
        let options = try StoreOptions.parse(["--db", db])
        let shown = options.location
        let store = try recreate(options)
        let examplesFolder = try locateExamples()

        Console.print("Caliper demo: importing the example EvalScope results in \(examplesFolder.relativePath)\n\n")
        // The 1.14.1 capture was served by a mock posing as vLLM 0.10.1 (its GET /version says so).
        // Each run is labelled with the EvalScope version that wrote it, for selectors such as
        // `latest kind=perf label.evalscope=1.0.0`.
        var batches = [(RunAnnotations(
            engine: "vllm", engineVersion: "0.10.1",
            labels: ["source": "example", "suite": "1.14.1-capture", "evalscope": "1.14.1"]), "1.14.1-capture")]
        let historyFolder = examplesFolder.appending(path: "history")
        let versions = try FileManager.default.contentsOfDirectory(atPath: historyFolder.path)
            .filter { (try? historyFolder.appending(path: $0).resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .sorted()
        for version in versions {
            batches.append((RunAnnotations(labels: ["source": "example", "suite": "history", "evalscope": version]), "history/\(version)"))
        }
        var failures: [String] = []
        for (annotations, folder) in batches {
            let report = Ingestion(store: store, annotations: annotations, policy: .standard)
                .ingest([examplesFolder.appending(path: folder).relativePath], recursive: true) { line in
                    if !line.hasPrefix("error: ") { Console.print(line + "\n") }
                }
            failures += report.failed.compactMap(\.error)
        }
        if !failures.isEmpty {
            Console.print("\nNot stored (EvalScope 0.17.1 and 1.0.0 crash on --no-stream and leave only a log):\n")
            for failure in failures { Console.print("  \(safe: failure)\n") }
        }

        let runs = try store.runs()
        Console.print("\n\(runs.count) runs in \(shown):\n\n")
        Console.print(RunListing.table(runs.map { ($0.id, $0.run) }))
        if runs.isEmpty { throw ExitCode(2) }

        let reportsFolder = URL(fileURLWithPath: outputFolder).appending(path: "reports")
        for example in DemoComparison.all {
            let options = try ComparisonOptions.parse(example.allowDiff.flatMap { ["--allow-diff", $0] })
            // The built-in policy, whatever caliper.yaml the current folder holds: the reports must match Reports/examples.
            let result = try options.compare(
                baseline: example.baseline, candidate: example.candidate, store: store, policy: .standard)
            Console.print("\n\(example.title)\n$ \(example.command(db: shown))\n\n")
            Console.print(ComparisonReport.terminal(result, color: Console.supportsColor))
            for format in [ReportFormat.markdown, .html, .json, .junit] {
                let file = reportsFolder.appending(path: "\(example.name).\(format.fileExtension)").path
                try format.write(result, to: file)
            }
        }
        for example in DemoTrend.all {
            let series = try TrendCommand.parse(example.arguments).series(in: store)
            Console.print("\n\(example.title)\n$ caliper trend --db \(shown) \(example.arguments.joined(separator: " "))\n\n")
            Console.print(ReportFormat.table.render(series, color: Console.supportsColor))
            for format in [ReportFormat.markdown, .html, .json] {
                try ReportFile.write(format.render(series), to: reportsFolder.appending(path: "\(example.name).\(format.fileExtension)").path)
            }
        }
        let settingsArguments = ["--model", "gpt-oss-20b", "--dataset", "aime25", "--vary", "reasoning_effort"]
        let settings = try SettingsCommand.parse(settingsArguments).comparison(in: store)
        Console.print("""

            What does each reasoning_effort cost in tokens and latency, and buy in score, on AIME25?
            $ caliper settings --db \(shown) \(settingsArguments.joined(separator: " "))


            """)
        Console.print(try ReportFormat.table.render(settings))
        for format in [ReportFormat.markdown, .html, .json] {
            try ReportFile.write(
                try format.render(settings), to: reportsFolder.appending(path: "settings-reasoning-effort.\(format.fileExtension)").path)
        }
        Console.print("""

            Reports (Markdown, HTML, JSON, JUnit) of these comparisons, trends and settings are in \(reportsFolder.path)/.

            Next: caliper show ID --db \(shown)    (or --format json)
                  caliper compare A B --db \(shown) --format html -o diff.html
                  \(options.isPostgres ? "psql" : "sqlite3") \(shown)\(options.isPostgres ? " -c" : "") 'SELECT * FROM perf_points_wide'

            """)
    }

    /// The comparisons the demo shows, by selector, as a user would type them.
    struct DemoComparison {
        var name: String
        var title: String
        var baseline: String
        var candidate: String
        var allowDiff: [String] = []
        var isGate = false

        static let all = [
            DemoComparison(
                name: "effort-low-vs-high",
                title: "What does reasoning_effort=high buy over low? (AIME25 + MCQ, 4 repeats, paired by question)",
                baseline: "latest kind=eval reasoning_effort=low", candidate: "latest kind=eval reasoning_effort=high",
                allowDiff: ["reasoning_effort"]),
            DemoComparison(
                name: "gate-evalscope-0.17.1-vs-1.0.0",
                title: "Gate: the same mock server measured by EvalScope 0.17.1 (baseline) and 1.0.0 (candidate)",
                baseline: "latest kind=perf dataset=random label.evalscope=0.17.1",
                candidate: "latest kind=perf dataset=random label.evalscope=1.0.0",
                isGate: true),
            DemoComparison(
                name: "gate-failing-server",
                title: "Gate: a candidate server that fails every 4th request (run 9) against a healthy one (run 6)",
                baseline: "6", candidate: "9", isGate: true),
        ]

        func command(db: String) -> String {
            let allow = allowDiff.map { " --allow-diff \($0)" }.joined()
            return isGate
                ? "caliper gate --db \(db) --baseline '\(baseline)' --candidate '\(candidate)'\(allow) --report \(name).md"
                : "caliper compare --db \(db) '\(baseline)' '\(candidate)'\(allow)"
        }
    }

    /// The trends the demo shows, as a user would ask for them.
    struct DemoTrend {
        var name: String
        var title: String
        var arguments: [String]

        static let all = [
            DemoTrend(
                name: "trend-throughput-by-evalscope",
                title: "Trend: output throughput at concurrency 2 of the same mock server, measured by five EvalScope versions "
                    + "(allowed to differ in their output format and seed)",
                arguments: [
                    "--model", "mock-model", "--dataset", "random", "--metric", "output_throughput", "--concurrency", "2",
                    "--by", "label.evalscope", "--allow-diff", "source_format,seed",
                ]),
            DemoTrend(
                name: "trend-mcq-score",
                title: "Trend: general_mcq accuracy of the mock (70 % right by construction) across the same five versions; "
                    + "runs with another generation config are left out",
                arguments: ["--model", "mock-model", "--dataset", "general_mcq", "--metric", "score"]),
        ]
    }

    /// Where the examples and reports go: beside a SQLite store, `demo-output/` for a PostgreSQL one.
    private var outputFolder: String {
        if PostgresLocation.isURL(db) { return "demo-output" }
        let folder = (db as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Opens an empty store for the demo, removing the previous demo's runs, but only a store the
    /// demo wrote: a store holding any other run, or a file that is not a Caliper store, is left as it is.
    private func recreate(_ options: StoreOptions) throws -> Store {
        let refusal = { (why: String) in
            CommandFailure(message: "\(options.location): not a demo store (\(why)): refusing to replace it; pass another --db")
        }
        if options.isPostgres {
            let store = try options.openForWriting()
            if let foreign = try store.runs().first(where: { $0.run.labels["source"] != "example" }) {
                throw refusal("run \(foreign.id) is not one of the demo's")
            }
            // Ids start from 1 again, so the reports name the same runs as on SQLite.
            try store.removeAllRuns()
            try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
            return store
        }
        if FileManager.default.fileExists(atPath: db) {
            let runs: [StoredRun]
            do {
                runs = try Store(path: db, mode: .readOnly).runs()
            } catch {
                throw refusal("not a Caliper store")
            }
            if let foreign = runs.first(where: { $0.run.labels["source"] != "example" }) {
                throw refusal("run \(foreign.id) is not one of the demo's")
            }
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        return try options.openForWriting()
    }

    /// `--examples`, else the embedded examples written to `examples/` beside the store (a path relative
    /// to the current folder when the store's is, so stored source paths and reports do not name this machine).
    private func locateExamples() throws -> URL {
        if let examples { return URL(fileURLWithPath: examples) }
        let examples = URL(fileURLWithPath: outputFolder == "." ? "examples" : outputFolder + "/examples")
        do {
            try EmbeddedExamples.extract(to: examples)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(message: "\(examples.relativePath): cannot write the examples: \(error.localizedDescription)")
        }
        return URL(fileURLWithPath: examples.relativePath + "/evalscope")
    }
}
