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

    @OptionGroup var annotation: AnnotationOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() throws {
        let ingestion = Ingestion(store: try store.openForWriting(), annotations: try annotation.annotations())
        let report = ingestion.ingest(paths, recursive: recursive) { line in
            // Warnings go to stderr whatever the format: JSON on stdout stays parseable.
            if format == .table || line.hasPrefix("warning: ") { Ingestion.show(line) }
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
