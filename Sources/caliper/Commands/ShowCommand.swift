import ArgumentParser
import CaliperCore
import CaliperReports
import CaliperStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show everything stored for one run.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "Run id.")
    var id: Int64

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() throws {
        let store = try store.openForReading()
        guard let stored = try store.run(id: id) else {
            throw CommandFailure(message: "no run \(id) in \(store.path)")
        }
        let rows = try store.requestRowCounts(runID: id)
        let samples = try store.sampleCount(runID: id)
        switch format {
        case .table:
            Console.print(RunListing.text(
                id: id, ingestedAt: stored.ingestedAt, run: stored.run, requestRows: rows, sampleCount: samples))
        case .json:
            Console.print(try RunDocument.json(RunDocument(
                id: id, ingestedAt: stored.ingestedAt, run: stored.run,
                requestRows: stored.run.kind == .perf ? rows : nil,
                sampleCount: stored.run.kind == .eval ? samples : nil)))
        }
    }
}
