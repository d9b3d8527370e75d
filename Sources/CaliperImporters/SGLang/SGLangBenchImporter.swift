import CaliperCore
import Foundation

/// SGLang `python -m sglang.bench_serving --output-file X.jsonl [--output-details]` results
/// (0.4 … 0.5.23+): one ``Run`` per sweep, one ``PerfPoint`` per line (one invocation, one load
/// level). A location is an output file (`vllm-chat_1207_20_96_48.jsonl`) or a folder directly
/// holding such files.
///
/// SGLang appends one line per invocation and writes no date: the lines go, in file order (files
/// by name), through ``SweepAssembly`` without time spans; a level met again starts the next run.
///
/// | key | Caliper | unit |
/// |---|---|---|
/// | `max_concurrency` (null: none) | point concurrency | requests |
/// | `request_rate` (`Infinity`, `"inf"`, `"trace"`: none) | point request rate | req/s |
/// | `duration` | point duration | s |
/// | `len(errors)` (without details: `completed`) | point requests, `requests.value` | count |
/// | `len(errors) − completed` (only with details) | `failed_requests.value`, `success_rate.value` | count, fraction |
/// | `request_throughput` | `request_throughput.value` | req/s |
/// | `output_throughput` | `output_throughput.value` | tok/s |
/// | `total_throughput` | `total_throughput.value` | tok/s |
/// | `total_input_tokens` / `completed` | `input_tokens.mean` | tokens |
/// | `total_output_tokens` / `completed` | `output_tokens.mean` | tokens |
/// | `{mean,median,std,max}_{m}_ms`, `p{P}_{m}_ms` | `ttft`, `tpot`, `itl`, `latency` (`e2e_latency`) × `mean`, `p50`, `std`, `max`, `pP` | ms → s |
/// | `input_lens`, `output_lens`, `ttfts`, `itls`, `errors` | request rows (``ServingBenchmarkArrays``; no latency, so no TPOT) | s, tokens |
/// | `server_info.version`, `.served_model_name`, `.model_path`, `.tokenizer_path`, `.tp_size` × `.pp_size` (× `.dp_size`) | engine `sglang` + version, model, checkpoint, tokenizer, hardware count | |
/// | `backend`, `dataset_name`, `random_input_len`, `random_output_len`, `sharegpt_output_len` | workload api, dataset, max prompt length, output length | |
/// | `tag` | label `tag` | |
///
/// Left out, having no Caliper equivalent: `input_throughput`, `concurrency` (the mean number of
/// requests in flight, sum of latencies / duration), `accept_length`, `max_output_tokens_per_s`,
/// `max_concurrent_requests`, the retokenized totals, `cache_report` and `total_input_*_tokens`
/// splits. Without `server_info` (the server is not SGLang) the file names no model: it is
/// stored as `unknown`, with a warning.
public enum SGLangBenchImporter: ResultImporter {
    public static let name = "sglang-bench"

    static let extensions: Set<String> = ["jsonl", "json"]

    public static func recognizes(_ location: URL) -> Bool {
        guard VLLMBenchImporter.isDirectory(location) else { return isResultFile(location) }
        return children(of: location).contains { !VLLMBenchImporter.isDirectory($0) && isResultFile($0) }
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        let files = VLLMBenchImporter.isDirectory(location) ? resultFiles(in: location) : [location]
        var members: [SweepAssembly.Member] = []
        for file in files {
            let shown = file.lastPathComponent
            for (index, document) in try ServingBenchmarkDocuments.read(file, kind: name).enumerated() {
                var member = try SGLangBenchResult.read(document, file: file, shown: shown)
                // What every line of a file lacks is said once, on its first line.
                if index > 0 { member.run.warnings.removeAll { $0.hasPrefix("\(shown): ") } }
                members.append(member)
            }
        }
        guard !members.isEmpty else {
            throw ImportError(file: location, reason: "holds no SGLang bench_serving result")
        }
        return SweepAssembly.assemble(members).map { run in
            var run = run
            run.source.path = location.path(percentEncoded: false)
            return run
        }
    }

    /// An SGLang result: a `.jsonl` (or `.json`) file whose first line opens an object with
    /// `backend`, `dataset_name`, `completed` and a result key, and without vLLM's `model_id`.
    static func isResultFile(_ url: URL) -> Bool {
        ServingBenchmarkDocuments.hasExtension(url, extensions)
            && ServingBenchmarkDocuments.opensObject(
                url, withKeys: ["backend", "dataset_name", "completed"],
                andOneOf: ["mean_e2e_latency_ms", "request_throughput", "output_throughput"],
                // vLLM always writes `model_id`; SGLang never does (a vLLM `--metadata dataset_name=…` is not SGLang).
                butNone: ["model_id"])
    }

    /// The result files directly in `directory`, by name.
    static func resultFiles(in directory: URL) -> [URL] {
        children(of: directory).filter { !VLLMBenchImporter.isDirectory($0) && isResultFile($0) }
    }

    private static func children(of directory: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
