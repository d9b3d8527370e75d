import ArgumentParser
import CaliperCore
import CaliperStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write runs, with every stored row, to one bundle file that `caliper ingest` reads elsewhere.",
        discussion: """
            The bundle is JSON: {"format": "caliper-bundle", "version": 1, "runs": [...]}, each run with \
            its keys, generation config, workload, labels, points and their metrics, every request row \
            (with its error text), eval scores and samples, run time, ingest time, content hash and \
            validity. Ingesting it into another store gives the same `show` output and the same gate \
            verdicts; ingesting it twice stores nothing the second time. The file is written whole or \
            not at all.

            Runs are named by id or 'latest KEY=VALUE ...' (valid runs only unless valid=any).

            Examples:
              caliper export 41 42 -o runs.caliper.json
              caliper export 'latest model=gpt-oss-20b label.branch=main' -o main.caliper.json
              caliper ingest --db other.db runs.caliper.json

            Exit codes: 0 written; 2 a selector that matches no run, an unwritable file, or a usage error.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Runs: an id or 'latest KEY=VALUE ...'.", valueName: "run"))
    var runs: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The bundle file to write.", valueName: "file"))
    var output: String

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("name at least one run: an id or 'latest KEY=VALUE ...'") }
    }

    func run() throws {
        let store = try store.openForReading()
        var entries: [(id: Int64, entry: RunBundle.Entry)] = []
        var seen: Set<Int64> = []
        for text in runs {
            let stored = try RunArgument.run(text, in: store, detail: .full, role: text)
            // A run named twice is written once.
            guard seen.insert(stored.id).inserted else { continue }
            let edits: [RunBundle.Edit]
            do { edits = try store.edits(runID: stored.id).map(RunBundle.Edit.init) } catch {
                throw CommandFailure(message: String(describing: error))
            }
            entries.append((stored.id, RunBundle.Entry(
                run: stored.run, ingestedAt: stored.ingestedAt, invalidReason: stored.invalidReason,
                edits: edits.isEmpty ? nil : edits)))
        }
        try BundleFile.write(RunBundle(runs: entries.map(\.entry)), to: output)
        let ids = entries.count <= 10 ? " (\(entries.map { String($0.id) }.joined(separator: ", ")))" : ""
        Console.print("exported \(entries.count) run\(entries.count == 1 ? "" : "s")\(ids) to \(output)\n")
    }
}
