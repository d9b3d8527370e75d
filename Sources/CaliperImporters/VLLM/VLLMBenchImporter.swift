import CaliperCore
import Foundation

/// `vllm bench serve --save-result` results of every vLLM version (0.10 … 0.34, and the legacy
/// `benchmarks/benchmark_serving.py` before it): one ``Run`` per sweep, one ``PerfPoint`` per
/// invocation (one load level).
///
/// A location is one of:
/// - a result file (`openai-infqps-concurrency4-gpt-oss-20b-20261207-155309.json`), or an
///   `--append-result` file of one result per line;
/// - a folder directly holding such files;
/// - a `vllm bench sweep serve` experiment folder (`<output>/<experiment>/`, one combination folder
///   `SERVE--…-BENCH--max_concurrency=4/` per parameter combination, each holding `run=N.json`),
///   or one combination folder. Each combination's `summary.json` lists the same runs again and is
///   not read.
///
/// Results go, in the order they ran, through ``SweepAssembly``: files by their `date` then name
/// (each from `date − duration` to `date`), lines of an append file in order. A sweep's repeats are
/// ordered run 0 of every combination, then run 1 of every combination, …, so that each repeat is
/// one run with every combination as a point; the folder, not the clock, says they belong together.
///
/// | key | Caliper | unit |
/// |---|---|---|
/// | `max_concurrency` (null: none) | point concurrency | requests |
/// | `request_rate` (`"inf"`: none) | point request rate | req/s |
/// | `duration` | point duration | s |
/// | `completed` + `failed` (before 0.12: `num_prompts`) | point requests, `requests.value` | count |
/// | `failed` (before 0.12: `num_prompts − completed`) | `failed_requests.value`, `success_rate.value` | count, fraction |
/// | `request_throughput` | `request_throughput.value` | req/s |
/// | `output_throughput` | `output_throughput.value` | tok/s |
/// | `total_token_throughput` | `total_throughput.value` | tok/s |
/// | `total_input_tokens` / `completed` | `input_tokens.mean` | tokens |
/// | `total_output_tokens` / `completed` | `output_tokens.mean` | tokens |
/// | `{mean,median,std}_{m}_ms`, `p{P}_{m}_ms` | `ttft`, `tpot`, `itl`, `latency` (`e2el`) × `mean`, `p50`, `std`, `pP` | ms → s |
/// | `input_lens`, `output_lens`, `ttfts`, `itls`, `latencies`, `start_times`, `errors` | request rows (``ServingBenchmarkArrays``) | s, tokens |
/// | `model_id`, `tokenizer_id` | model name, tokenizer | |
/// | `backend` (≤ 0.10: `endpoint_type`) | workload api | |
/// | `--metadata` keys, `label` | engine, hardware, dataset, generation config, labels (``VLLMBenchMetadata``) | |
///
/// Left out, having no Caliper equivalent: `request_goodput` (depends on the SLOs given),
/// `max_output_tokens_per_s` and `max_concurrent_requests` (peaks over 1-second buckets),
/// `p{P}` that is not a whole percentile Caliper keeps (`p99.9`), the client-queue and probe
/// statistics, `queue_times`, `server_ttfts`, `rtfx`, `spec_decode_*` and `diffusion_*`. With no
/// request completed, vLLM writes every latency statistic as 0.0: those are not stored.
public enum VLLMBenchImporter: ResultImporter {
    public static let name = "vllm-bench"

    static let extensions: Set<String> = ["json", "jsonl"]

    public static func recognizes(_ location: URL) -> Bool {
        guard isDirectory(location) else { return isResultFile(location) }
        // As `layout(of:)`, stopping at the first file that tells.
        let children = contents(of: location)
        return isCombination(children)
            || children.contains { isDirectory($0) && isCombination(contents(of: $0)) }
            || children.contains { !isDirectory($0) && isResultFile($0) }
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        var members: [SweepAssembly.Member]
        if isDirectory(location) {
            switch layout(of: location) {
            case .sweepCombination:
                members = try sweepMembers([location], root: location)
            case .sweepExperiment(let combinations):
                members = try sweepMembers(combinations, root: location)
            case .folder(let files):
                // Files by their (first) date, then name; the lines of an append file stay together, in order.
                let perFile = try files.map { (name: $0.lastPathComponent, members: try fileMembers($0, root: location)) }
                members = perFile.sorted { lhs, rhs in
                    (lhs.members.first?.end ?? .distantPast, lhs.name) < (rhs.members.first?.end ?? .distantPast, rhs.name)
                }.flatMap(\.members)
            case nil:
                throw ImportError(file: location, reason: "holds no vllm bench serve result (.json with \"model_id\" and \"date\")")
            }
        } else {
            members = try fileMembers(location, root: location.deletingLastPathComponent())
        }
        guard !members.isEmpty else { throw ImportError(file: location, reason: "holds no vllm bench serve result") }
        return SweepAssembly.assemble(members).map { run in
            var run = run
            run.source.path = location.path(percentEncoded: false)
            return run
        }
    }

    // MARK: Layout

    enum Layout {
        /// `vllm bench sweep serve`: the experiment folder, with its combination folders.
        case sweepExperiment([URL])
        /// One combination folder of a sweep: `run=N.json`.
        case sweepCombination
        /// A folder of result files.
        case folder([URL])
    }

    static func layout(of directory: URL) -> Layout? {
        let children = contents(of: directory)
        if isCombination(children) { return .sweepCombination }
        let combinations = children.filter { isDirectory($0) && isCombination(contents(of: $0)) }
        if !combinations.isEmpty { return .sweepExperiment(combinations) }
        let files = children.filter { !isDirectory($0) && isResultFile($0) }
        return files.isEmpty ? nil : .folder(files)
    }

    /// A vLLM result: a `.json` (or `.jsonl`) file opening an object with `model_id`, `date` and a result key.
    static func isResultFile(_ url: URL) -> Bool {
        ServingBenchmarkDocuments.hasExtension(url, extensions)
            && ServingBenchmarkDocuments.opensObject(
                url, withKeys: ["model_id", "date"], andOneOf: ["completed", "request_throughput", "duration"],
                // SGLang's own keys: a `--metadata` key never reads like them.
                butNone: ["mean_e2e_latency_ms", "total_output_tokens_retokenized"])
    }

    /// `run=0.json`, `run=12.json` (not `run=0.failure.json`).
    static func runNumber(_ url: URL) -> Int? {
        guard let match = url.lastPathComponent.wholeMatch(of: /run=(\d{1,9})\.json/) else { return nil }
        return Int(match.1)
    }

    private static func isCombination(_ children: [URL]) -> Bool {
        children.contains { runNumber($0) != nil && !isDirectory($0) && isResultFile($0) }
    }

    private static func contents(of directory: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func isDirectory(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
    }

    // MARK: Members

    /// The results of one file (one, or one per line), in file order.
    private static func fileMembers(_ file: URL, root: URL, sweepFolder: String? = nil) throws -> [SweepAssembly.Member] {
        try ServingBenchmarkDocuments.read(file, kind: name).map { document in
            try VLLMBenchResult.read(document, file: file, shown: shown(file, root: root), sweepFolder: sweepFolder)
        }
    }

    /// The runs of a sweep's combination folders: run 0 of every combination (in the order the
    /// combinations ran), then run 1 of every combination, …; no time spans, the layout groups them.
    private static func sweepMembers(_ combinations: [URL], root: URL) throws -> [SweepAssembly.Member] {
        var runs: [(combination: Int, number: Int, member: SweepAssembly.Member)] = []
        var firstEnd: [Int: Date] = [:]
        for (index, folder) in combinations.enumerated() {
            let files = contents(of: folder).compactMap { url in runNumber(url).map { (url, $0) } }
            for (file, number) in files {
                for var member in try fileMembers(file, root: root, sweepFolder: folder.lastPathComponent) {
                    if let end = member.end { firstEnd[index] = min(firstEnd[index] ?? end, end) }
                    member.start = nil
                    member.end = nil
                    runs.append((index, number, member))
                }
            }
        }
        // vLLM runs the combinations one after the other: the earliest result says when each ran.
        let order = combinations.indices.sorted { lhs, rhs in
            (firstEnd[lhs] ?? .distantPast, combinations[lhs].lastPathComponent)
                < (firstEnd[rhs] ?? .distantPast, combinations[rhs].lastPathComponent)
        }
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return runs.sorted { ($0.number, rank[$0.combination] ?? 0) < ($1.number, rank[$1.combination] ?? 0) }.map(\.member)
    }

    /// The file's path below the result root, for warnings.
    private static func shown(_ file: URL, root: URL) -> String {
        let rootPath = root.standardizedFileURL.path(percentEncoded: false)
        let path = file.standardizedFileURL.path(percentEncoded: false)
        guard path.hasPrefix(rootPath), path != rootPath else { return file.lastPathComponent }
        return String(path.dropFirst(rootPath.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }
}
