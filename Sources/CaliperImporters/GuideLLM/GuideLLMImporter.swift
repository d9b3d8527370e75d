import CaliperCore
import Foundation

/// GuideLLM (`guidellm benchmark run` / `guidellm run`, 0.2 … 0.8+) reports: a `.json` file
/// (default `benchmarks.json`) holding a top-level `benchmarks` list with GuideLLM's markers, or a
/// folder directly holding one. One file is one run; each benchmark (a concurrency, rate,
/// synchronous or throughput level) is a point. The YAML, CSV and HTML outputs are not read (the
/// 0.5 CSV is ragged; the JSON holds everything).
///
/// | source key (unit) | Caliper metric.statistic |
/// |---|---|
/// | `metrics.request_latency.successful` (**s**) | `latency` mean/std/min/p1…p99/max |
/// | `metrics.time_to_first_token_ms.successful` (ms) | `ttft` |
/// | `metrics.inter_token_latency_ms.successful` (ms): (last − first token)/(output − 1) per request | `tpot` |
/// | `metrics.prompt_token_count.successful`, `output_token_count.successful` (tokens) | `input_tokens`, `output_tokens` |
/// | `metrics.requests_per_second.<status>.mean` (req/s) | `request_throughput.value` |
/// | `metrics.output_tokens_per_second.<status>.mean` (tok/s) | `output_throughput.value` |
/// | `metrics.tokens_per_second.<status>.mean` (tok/s) | `total_throughput.value` |
/// | `request_totals` successful + errored, errored | `requests.value`, `failed_requests.value`, `success_rate.value` |
///
/// `<status>` is `successful` up to 0.4 and `total` from 0.5, what each version's console prints
/// (``GuideLLMReport``). Percentiles map `p01`→p1, `p05`→p5, … `p99`; `p001` and `p999` are left
/// out (``GuideLLMDistribution``).
///
/// Left out: `time_per_output_token_ms` (from 0.5 it includes the time to the first token; it is
/// no TPOT), `time_to_first_output_token_ms` (first non-reasoning token), `request_concurrency`,
/// `prompt_tokens_per_second`, streaming-iteration counts, the multimodal `text`/`image`/…
/// summaries, 0.8's delays, round trips, SLO and goodput figures. GuideLLM measures no gaps
/// between chunks, so `itl` stays unset.
public enum GuideLLMImporter: ResultImporter {
    public static let name = "guidellm"
    static let defaultFile = "benchmarks.json"
    /// How much of a file `recognizes` reads.
    static let sniffBytes = 64 * 1024
    /// How many `.json` files of one folder `recognizes` looks into.
    static let maximumSniffedFiles = 32

    public static func recognizes(_ location: URL) -> Bool {
        if isDirectory(location) { return !reports(in: location).isEmpty }
        return location.pathExtension.lowercased() == "json" && isReport(location)
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        let files = isDirectory(location) ? reports(in: location) : [location]
        guard !files.isEmpty else {
            throw ImportError(file: location.appending(path: defaultFile), reason: "missing: not a GuideLLM report")
        }
        let runs = try files.map(GuideLLMReport.read)
        return runs.sorted { ($0.runAt?.seconds ?? .max) < ($1.runAt?.seconds ?? .max) }
    }

    /// The GuideLLM reports directly in `folder`: `benchmarks.json` first, then other `.json` files by name.
    static func reports(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))) ?? []
        let candidates = names.filter { $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted { ($0 == defaultFile ? 0 : 1, $0) < ($1 == defaultFile ? 0 : 1, $1) }
            .prefix(maximumSniffedFiles)
        return candidates.map { folder.appending(path: $0) }.filter(isReport)
    }

    /// A regular file whose first 64 KB is a JSON object with GuideLLM's markers: `guidellm_version`
    /// (0.5+), or a `benchmarks` list of `generative_benchmark`s (0.2 – 0.4).
    static func isReport(_ url: URL) -> Bool {
        guard (try? SourceFiles.checkRegularFile(url)) != nil,
              let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: sniffBytes) else { return false }
        let text = String(decoding: data, as: UTF8.self)
        guard text.drop(while: \.isWhitespace).first == "{" else { return false }
        return text.contains("\"guidellm_version\"")
            || (text.contains("\"benchmarks\"") && text.contains("\"generative_benchmark\""))
    }

    private static func isDirectory(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
    }
}
