import ArgumentParser
import CaliperCore
import CaliperReports
import CaliperStore
import Foundation

struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Correct what a stored run says about its engine, hardware and labels.",
        discussion: """
            Only the given keys change, in one transaction; each change is recorded (when, by whom, old and \
            new value) and listed by `caliper show`. The run's content hash stays: ingesting its files again \
            is still a no-op.

            Examples:
              caliper annotate 7 --engine-version 0.10.2 --label branch=main
              caliper annotate 'latest model=gpt-oss-20b' --hardware "NVIDIA H20 96GB" --gpus 1 --unlabel pr
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp(RunArgument.help, valueName: "run"))
    var selector: String

    @OptionGroup var annotations: AnnotationOptions

    @Option(name: .customLong("unlabel"), help: ArgumentHelp("Remove this label (repeatable).", valueName: "key"))
    var unlabels: [String] = []

    func run() throws {
        let given = try annotations.annotations()
        var edit = RunEdit()
        for (option, value) in [("--engine", given.engine), ("--engine-version", given.engineVersion), ("--hardware", given.hardware)] {
            if let value, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw CommandFailure(message: "\(option) must not be empty")
            }
        }
        edit.engine = given.engine
        edit.engineVersion = given.engineVersion
        edit.hardware = given.hardware.map { Hardware(description: $0, count: given.gpus) }
        edit.gpus = given.gpus
        edit.setLabels = given.labels
        edit.removeLabels = Set(unlabels)
        if let both = edit.removeLabels.intersection(given.labels.keys).sorted().first {
            throw CommandFailure(message: "label \"\(both)\" is both set with --label and removed with --unlabel")
        }
        guard given.engine != nil || given.engineVersion != nil || given.hardware != nil || given.gpus != nil
            || !given.labels.isEmpty || !unlabels.isEmpty
        else {
            throw CommandFailure(message: "nothing to change: give --engine, --engine-version, --hardware, --gpus, --label or --unlabel")
        }

        let store = try store.openExistingForWriting()
        let id = try RunArgument.run(selector, in: store).id
        let changes: [RunEditRecord]
        do {
            changes = try store.annotate(runID: id, edit, by: Self.editor())
        } catch let error as RunEditError {
            throw CommandFailure(message: error.description)
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
        if changes.isEmpty {
            Console.print("run \(id): nothing changed (every value is already as given)\n")
        }
        for change in changes {
            Console.print(TerminalText.safe("run \(id): \(RunListing.edit(change))") + "\n")
        }
    }

    /// `user@host` from $USER (else $LOGNAME) and the host name; never anything else of the environment.
    static func editor() -> String {
        let environment = ProcessInfo.processInfo.environment
        let user = [environment["USER"], environment["LOGNAME"]].compactMap { $0 }.first { !$0.isEmpty } ?? "unknown"
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return "\(user)@\(host.isEmpty ? "unknown" : host)"
    }
}
