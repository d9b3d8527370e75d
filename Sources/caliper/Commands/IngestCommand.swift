import ArgumentParser
import CaliperCore
import CaliperReports
import Foundation

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Import benchmark results (EvalScope, vLLM, SGLang, AIPerf, genai-perf, GuideLLM, inference-perf, lm-eval, Inspect) and Caliper bundles.",
        discussion: """
            Each result is stored in one transaction; a result already stored (same files) is a no-op. \
            With --recursive every result below PATH is imported; a bad one is reported by path and \
            skipped while the rest go in. Formats are recognised by their files (the README lists each \
            format, its versions and what is read): EvalScope perf and eval output folders; `vllm bench \
            serve` JSON files (a folder of them, one per level, is one sweep) and `vllm bench sweep serve` \
            folders; SGLang bench_serving JSON Lines; AIPerf and genai-perf artifact folders; GuideLLM \
            benchmarks.json; inference-perf report folders; lm-evaluation-harness results_*.json with \
            their samples; Inspect AI .eval and .json logs. Where a file does not record the serving \
            engine, its version or the hardware, give them with --engine, --engine-version, --hardware \
            and --gpus; given, they win over what the files say.

            A PATH that is a file written by `caliper export` or `caliper bench --save` (a bundle, \
            recognised by its content) is read and checked whole first, so a bad bundle stores nothing; \
            then each of its runs is stored in its own transaction with the time it was first ingested, \
            and a run already stored (same content hash) is skipped.

            Every run is judged by the validity rules of the gate policy (--policy, else ./caliper.yaml, \
            else built-in): one with more failed requests than allowed, or none answered, is stored marked \
            invalid, and 'latest ...' selectors and history baselines pass it over unless given valid=any.

            Examples:
              caliper ingest outputs/20250806_101500/gpt-oss-20b --engine vllm --hardware "H20 96GB" --gpus 1
              caliper ingest outputs/ --recursive --label branch=main
              caliper ingest results/vllm-c10.json results/sglang.jsonl --engine sglang --hardware "H20 96GB" --gpus 1
              caliper ingest lm-eval-out/openai__gpt-oss-20b logs/2026-12-07T16-03-44_mock-words.eval
              caliper ingest runs-from-ci.caliper.json
              caliper ingest --db postgresql://ci@db.internal/caliper all.jsonl.gz   # a bundle into the team store

            Exit code: 0 when every folder was stored or already stored, 2 when any failed.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "Result folders or files (an EvalScope output folder, a vLLM JSON, an Inspect .eval, …) or bundle files.")
    var paths: [String]

    @Flag(name: [.short, .long], help: "Import every result found below each path.")
    var recursive = false

    @OptionGroup var annotation: AnnotationOptions

    @Option(help: ArgumentHelp(
        "The gate policy whose validity rules judge each stored run (default: ./caliper.yaml, else built-in).",
        valueName: "file"))
    var policy: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() throws {
        let policy = try PolicyFile.load(policy)
        let ingestion = Ingestion(store: try store.openForWriting(), annotations: try annotation.annotations(), policy: policy)
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
