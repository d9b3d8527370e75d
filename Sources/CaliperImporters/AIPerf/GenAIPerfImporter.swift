import CaliperCore
import Foundation

/// NVIDIA genai-perf (`genai-perf profile`, 0.0.x) results: a folder holding
/// `profile_export_genai_perf.json` (any `<prefix>_genai_perf.json`), one load level per
/// invocation, or a folder (`artifacts/`) whose direct subfolders are such folders
/// (`openai_gpt-oss-20b-openai-chat-concurrency10/`): their levels become one sweep through
/// ``SweepAssembly``. The folder holding `artifacts/` is recognized too.
///
/// | source key (unit) | Caliper metric.statistic |
/// |---|---|
/// | `request_throughput.avg` (requests/sec) | `request_throughput.value` |
/// | `output_token_throughput.avg` (tokens/sec) | `output_throughput.value` |
/// | `request_latency` (ms) | `latency` mean/std/min/p1…p99/max |
/// | `time_to_first_token` (ms), streaming only | `ttft` (all statistics) |
/// | `inter_token_latency` (ms): (latency − TTFT)/(output tokens − 1) per request, streaming only | `tpot` (all statistics) |
/// | `input_sequence_length`, `output_sequence_length` (tokens, re-tokenized on the client) | `input_tokens`, `output_tokens` |
/// | `request_count.avg` (0.0.9+) | `requests.value`, point `requests` |
///
/// Left out: ITL (genai-perf measures no per-chunk gaps; its `inter_token_latency` is TPOT),
/// `time_to_second_token`, `output_token_throughput_per_user` (= 1/ITL), `request_goodput`,
/// `telemetry_stats` (GPU indexes only, no model name). genai-perf records no failed requests
/// (perf_analyzer stops on errors), no duration and no start time, so `failed_requests`,
/// `success_rate`, the point duration and the run time stay unset. In a non-streaming run its
/// TTFT is the whole latency and its ITL is empty: neither is stored.
///
/// Levels are ordered by concurrency (or request rate), then folder name: the JSON says nothing
/// of when it ran.
public enum GenAIPerfImporter: ResultImporter {
    public static let name = "genai-perf"
    static let suffix = "_genai_perf.json"

    public static func recognizes(_ location: URL) -> Bool {
        guard isDirectory(location) else { return false }
        if !summaries(in: location).isEmpty { return true }
        for child in subfolders(location) {
            if !summaries(in: child).isEmpty { return true }
            if child.lastPathComponent == "artifacts", subfolders(child).contains(where: { !summaries(in: $0).isEmpty }) {
                return true
            }
        }
        return false
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        var files = summaries(in: location)
        if files.isEmpty {
            var folders = subfolders(location)
            if !folders.contains(where: { !summaries(in: $0).isEmpty }), let artifacts = folders.first(where: { $0.lastPathComponent == "artifacts" }) {
                folders = subfolders(artifacts)
            }
            files = folders.flatMap(summaries(in:))
        }
        guard !files.isEmpty else {
            throw ImportError(file: location.appending(path: "profile_export\(suffix)"), reason: "missing: not a genai-perf result")
        }
        let root = SourceFiles(root: location)
        var runs = try files.map { try read($0) }
        for index in runs.indices { runs[index].source.path = location.path(percentEncoded: false) }
        let ordered = zip(runs, files.map(root.relativePath)).sorted { lhs, rhs in
            let left = lhs.0.points[0], right = rhs.0.points[0]
            let leftKey = (left.concurrency ?? Int.max, left.requestRate ?? .infinity)
            let rightKey = (right.concurrency ?? Int.max, right.requestRate ?? .infinity)
            if leftKey != rightKey { return leftKey < rightKey }
            return lhs.1.localizedStandardCompare(rhs.1) == .orderedAscending
        }
        return SweepAssembly.assemble(ordered.map { SweepAssembly.Member(run: $0.0) })
    }

    /// One `*_genai_perf.json`: a single-point run.
    static func read(_ url: URL) throws -> Run {
        var files = SourceFiles(root: url.deletingLastPathComponent())
        let fields = JSONFields(file: url)
        let json = try fields.object(try files.json(url), "")
        guard let configValue = json["input_config"], !configValue.isNull else {
            throw fields.error("input_config", "missing: not a genai-perf summary")
        }
        let config = try GenAIPerfConfig(try fields.object(configValue, "input_config"), fields: fields)
        let reader = ProfileMetricReader(metrics: json, fields: fields)

        var table = MetricTable()
        try reader.value("request_throughput", as: .requestThroughput, into: &table)
        try reader.value("output_token_throughput", as: .outputThroughput, into: &table)
        try reader.distribution("request_latency", as: .latency, into: &table)
        if config.streaming != false {
            try reader.distribution("time_to_first_token", as: .ttft, into: &table)
            try reader.distribution("inter_token_latency", as: .tpot, into: &table)
        }
        try reader.distribution("input_sequence_length", as: .inputTokens, into: &table)
        try reader.distribution("output_sequence_length", as: .outputTokens, into: &table)

        guard let requests = try reader.count("request_count") ?? config.measuredRequests else {
            throw fields.error("request_count", "missing (genai-perf before 0.0.9), and input_config names no request count")
        }
        table[.requests, .value] = Double(requests)

        let point = PerfPoint(
            concurrency: config.concurrency, requestRate: config.requestRate, requests: requests, metrics: table)
        return Run(
            kind: .perf, model: config.model, generationConfig: config.generationConfig, workload: config.workload,
            source: SourceInfo(
                tool: name, version: config.format == "json-config" ? "0.0.11..0.0.16" : "0.0.3..0.0.10",
                format: config.format, path: url.deletingLastPathComponent().path(percentEncoded: false)),
            contentHash: files.contentHash(kind: name), points: [point])
    }

    /// The `*_genai_perf.json` files directly in `folder`, by name.
    static func summaries(in folder: URL) -> [URL] {
        let children = (try? FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])) ?? []
        return children.filter {
            $0.lastPathComponent.hasSuffix(suffix) && (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func subfolders(_ folder: URL) -> [URL] {
        let children = (try? FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? []
        return children.filter(isDirectory).sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
    }
}
