import ArgumentParser
import CaliperCore
import CaliperReports
import CaliperStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show everything stored for one run.",
        discussion: """
            The table and the JSON name why a run was stored as invalid and count its failed requests \
            by error text. The JSON is a summary for people and scripts, without request rows: to move \
            runs to another store, use `caliper export` and `caliper ingest`.

            Examples:
              caliper show 42
              caliper show 'latest model=gpt-oss-20b kind=perf' --format json
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp(RunArgument.help, valueName: "run"))
    var selector: String

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    @Flag(help: "Show long values in full instead of fitting 120 columns.")
    var wide = false

    func run() throws {
        let store = try store.openForReading()
        // Full: the failed requests are counted by error text from their rows.
        let stored = try RunArgument.run(selector, in: store, detail: .full)
        let id = stored.id
        let rows = try store.requestRowCounts(runID: id)
        let samples = try store.sampleCount(runID: id)
        let edits = try store.edits(runID: id)
        switch format {
        case .table:
            Console.print(RunListing.text(
                id: id, ingestedAt: stored.ingestedAt, run: stored.run, requestRows: rows, sampleCount: samples,
                invalidReason: stored.invalidReason, requestErrors: stored.run.requestErrors,
                edits: edits, width: wide ? nil : TerminalText.defaultWidth))
        case .json:
            Console.print(try RunDocument.json(RunDocument(
                id: id, ingestedAt: stored.ingestedAt, run: stored.run,
                requestRows: stored.run.kind == .perf ? rows : nil,
                sampleCount: stored.run.kind == .eval ? samples : nil, invalidReason: stored.invalidReason,
                requestErrors: stored.run.requestErrors, edits: edits)))
        }
    }
}
