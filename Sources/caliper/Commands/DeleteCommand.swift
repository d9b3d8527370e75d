import ArgumentParser
import CaliperCore
import CaliperReports
import CaliperStore
import Foundation

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete runs and every row of theirs from the store.",
        discussion: """
            On a terminal each run is confirmed first; in a script pass --yes. The runs go in one \
            transaction, with their labels, points, metrics, request rows, scores, samples and edits.

            Examples:
              caliper delete 7
              caliper delete 7 9 'latest label.branch=pr-12' --yes
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp(RunArgument.help, valueName: "run"))
    var runs: [String]

    @Flag(help: "Delete without asking (needed when stdin is not a terminal).")
    var yes = false

    func validate() throws {
        if runs.isEmpty { throw ValidationError("name at least one run to delete") }
    }

    func run() throws {
        let store = try store.openExistingForWriting()
        // Every selector is resolved before anything is deleted: a typo deletes nothing.
        var chosen: [(id: Int64, description: String)] = []
        for text in runs {
            let stored = try RunArgument.run(text, in: store)
            guard !chosen.contains(where: { $0.id == stored.id }) else { continue }
            let size = try store.size(runID: stored.id).map(\.description) ?? "empty"
            chosen.append((stored.id, "run \(stored.id) (\(stored.run.kind.rawValue) \(stored.run.model.name), \(size))"))
        }
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                let names = chosen.map { "run \($0.id)" }.joined(separator: ", ")
                throw CommandFailure(message: "stdin is not a terminal: pass --yes to delete \(names)")
            }
            chosen = chosen.filter { run in
                FileHandle.standardError.write(Data(TerminalText.safe("delete \(run.description)? [y/N] ").utf8))
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                return answer == "y" || answer == "yes"
            }
        }
        guard !chosen.isEmpty else {
            Console.print("nothing deleted\n")
            return
        }
        do {
            try store.delete(runIDs: chosen.map(\.id))
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
        for run in chosen { Console.print(TerminalText.safe("deleted \(run.description)") + "\n") }
    }
}
