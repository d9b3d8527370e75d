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

            Runs are named by id or 'latest KEY=VALUE ...' (valid runs only unless valid=any), or --all \
            for every run of the store. The output's name picks the layout: .json one document; .jsonl \
            one run per line (streamed, for whole stores); .gz after either compresses it with gzip.

            Examples:
              caliper export 41 42 -o runs.caliper.json
              caliper export 'latest model=gpt-oss-20b label.branch=main' -o main.caliper.json.gz
              caliper ingest --db other.db runs.caliper.json
              caliper export --all --db caliper.db -o all.jsonl.gz     # move a store to PostgreSQL:
              caliper ingest --db postgresql://ci@db.internal/caliper all.jsonl.gz

            Exit codes: 0 written; 2 a selector that matches no run, an unwritable file, or a usage error.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Runs: an id or 'latest KEY=VALUE ...'.", valueName: "run"))
    var runs: [String] = []

    @Flag(help: "Every run of the store, oldest first (instead of naming runs).")
    var all = false

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The bundle file to write.", valueName: "file"))
    var output: String

    func validate() throws {
        if all && !runs.isEmpty { throw ValidationError("name runs or give --all, not both") }
        guard all || !runs.isEmpty else { throw ValidationError("name at least one run (an id or 'latest KEY=VALUE ...'), or give --all") }
    }

    func run() throws {
        let store = try store.openForReading()
        if all { return try exportAll(store) }
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

    /// Every run, a batch at a time, each written as it is loaded: memory stays that of one batch.
    private func exportAll(_ store: Store) throws {
        let writer = try BundleFile.Writer(path: output)
        var entries: [RunBundle.Entry] = []
        var count = 0
        do {
            let ids = try store.runs().map(\.id).sorted()
            for start in stride(from: 0, to: ids.count, by: 100) {
                let batch = Array(ids[start..<min(start + 100, ids.count)])
                for stored in try store.runs(ids: batch, detail: .full) {
                    let edits = try store.edits(runID: stored.id).map(RunBundle.Edit.init)
                    let entry = RunBundle.Entry(
                        run: stored.run, ingestedAt: stored.ingestedAt, invalidReason: stored.invalidReason,
                        edits: edits.isEmpty ? nil : edits)
                    if writer.layout.lines { try writer.add(entry) } else { entries.append(entry) }
                    count += 1
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
        if !writer.layout.lines { try writer.addDocument(RunBundle(runs: entries)) }
        try writer.finish()
        Console.print("exported \(count) run\(count == 1 ? "" : "s") to \(output)\n")
    }
}
