import ArgumentParser
import CaliperCore
import CaliperReports
import CaliperStore

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List stored runs, newest first.",
        discussion: """
            Run times are UTC. The table fits 120 columns (long values cut with …) unless --wide.

            Examples:
              caliper runs --model gpt-oss-20b --kind perf --label branch=main
              caliper runs --reasoning-effort high --limit 5 --format json
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var filters: RunFilterOptions

    @Option(help: "At most this many runs.")
    var limit: Int?

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    @Flag(help: "Show long values in full instead of fitting 120 columns.")
    var wide = false

    func run() throws {
        let runs = try store.openForReading().runs(matching: try filters.filter(), limit: limit)
        switch format {
        case .table:
            Console.print(runs.isEmpty ? "no runs\n" : RunListing.table(
                runs.map { ($0.id, $0.run) }, width: wide ? nil : TerminalText.defaultWidth))
        case .json:
            Console.print(try RunDocument.json(runs.map { RunDocument(id: $0.id, ingestedAt: $0.ingestedAt, run: $0.run) }))
        }
    }
}

/// The key filters shared by commands that pick runs.
struct RunFilterOptions: ParsableArguments {
    @Option(help: "Served model name.") var model: String?
    @Option(help: "perf or eval.") var kind: String?
    @Option(help: "Serving engine.") var engine: String?
    @Option(help: "Engine version.") var engineVersion: String?
    @Option(help: #"Hardware model ("h100", "NVIDIA H20 96GB", "8xH100"); memory and count too where given."#) var hardware: String?
    @Option(help: "reasoning_effort of the generation config.") var reasoningEffort: String?
    @Option(help: "Dataset (perf prompt source or eval dataset).") var dataset: String?
    @Option(name: .customLong("label"), help: ArgumentHelp("key=value label (repeatable).", valueName: "key=value"))
    var labels: [String] = []

    func filter() throws -> RunFilter {
        var filter = RunFilter()
        let fields: [(RunFilter.Field, String?)] = [
            (.model, model), (.kind, kind), (.engine, engine), (.engineVersion, engineVersion),
            (.hardware, hardware), (.reasoningEffort, reasoningEffort), (.dataset, dataset),
        ]
        for case let (field, value?) in fields { filter.require(field, equals: value) }
        let parsed: [String: String]
        do { parsed = try RunAnnotations.parseLabels(labels) } catch { throw CommandFailure(message: "\(error)") }
        for (key, value) in parsed.sorted(by: { $0.key < $1.key }) { filter.require(label: key, equals: value) }
        return filter
    }
}
