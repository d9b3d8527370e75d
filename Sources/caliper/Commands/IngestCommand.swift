import ArgumentParser
import CaliperCore
import CaliperReports
import Foundation

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Import EvalScope perf and eval result folders into the store.",
        discussion: """
            Each result is stored in one transaction; a result already stored (same files) is a no-op. \
            With --recursive every result folder below PATH is imported; a bad folder is reported by \
            path and skipped while the rest go in. EvalScope records neither the serving engine nor the \
            hardware: give them with --engine, --engine-version, --hardware and --gpus.

            Exit code: 0 when every folder was stored or already stored, 2 when any failed.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "Result folders: an EvalScope perf output (<ts>/<name>) or eval work dir (<ts>).")
    var paths: [String]

    @Flag(name: [.short, .long], help: "Import every result folder found below each path.")
    var recursive = false

    @Option(help: ArgumentHelp("Serving engine, e.g. vllm.", valueName: "name"))
    var engine: String?

    @Option(help: ArgumentHelp("Engine version, e.g. 0.10.1+gptoss.", valueName: "version"))
    var engineVersion: String?

    @Option(help: ArgumentHelp(#"Accelerator, e.g. "NVIDIA H20 96GB" or H20-96GB*1."#, valueName: "text"))
    var hardware: String?

    @Option(help: ArgumentHelp("Number of accelerators serving the model.", valueName: "n"))
    var gpus: Int?

    @Option(name: .customLong("label"), help: ArgumentHelp("A key=value label (repeatable): branch=main, commit=3f2a9c1.", valueName: "key=value"))
    var labels: [String] = []

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() throws {
        let parsedLabels: [String: String]
        do { parsedLabels = try RunAnnotations.parseLabels(labels) } catch { throw CommandFailure(message: "\(error)") }
        let ingestion = Ingestion(
            store: try store.open(),
            annotations: RunAnnotations(
                engine: engine, engineVersion: engineVersion, hardware: hardware, gpus: gpus, labels: parsedLabels))
        let report = ingestion.ingest(paths, recursive: recursive) { line in
            if format == .table {
                if line.hasPrefix("error: ") { Console.error(String(line.dropFirst(7))) } else { Console.print(line + "\n") }
            }
        }
        switch format {
        case .json: Console.print(try RunDocument.json(report))
        case .table:
            if report.stored.count + report.duplicates.count + report.failed.count > 1 {
                Console.print("\(report.stored.count) stored, \(report.duplicates.count) already stored, \(report.failed.count) failed\n")
            }
        }
        if !report.failed.isEmpty { throw ExitCode(2) }
    }
}
