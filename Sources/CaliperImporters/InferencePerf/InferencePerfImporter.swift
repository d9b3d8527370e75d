import CaliperCore
import Foundation

/// inference-perf (kubernetes-sigs/inference-perf, 0.1 … 0.7) report folders: one ``Run`` per
/// folder, one ``PerfPoint`` per `stage_<i>_lifecycle_metrics.json` in stage order.
///
/// ```text
/// reports-20261208-013305/
///   config.yaml                          model, server type, API, data, load stages (0.2+)
///   summary_lifecycle_metrics.json       all stages together: not a load level, not read
///   stage_0_lifecycle_metrics.json       one point each (see InferencePerfLifecycle)
///   stage_1_lifecycle_metrics.json
///   per_request_lifecycle_metrics.json   request records, when per_request was on
///   inference-perf.partial.stage_0.yaml  BR v0.2 slice (0.7): wall-clock start, stddevs
/// ```
///
/// Every file name may carry `storage.*.report_file_prefix`. A stage's level is its
/// `load_summary.concurrency` (concurrent load type: inference-perf queues the stage's
/// `num_requests` within one second, so its `requested_rate` is a request count, not a rate),
/// else its `requested_rate`.
///
/// What each figure is, read from `reportgen/base.py` (0.7.0): TTFT runs to the first chunk
/// with `content` text (reasoning deltas do not count); TPOT is (last − first output token time)
/// / (output tokens − 1); ITL pools the gaps between consecutive output tokens, where each
/// chunk's text is re-tokenized by the client and all its tokens get the chunk's arrival time
/// (a multi-token chunk adds zero gaps). Output tokens in TPOT and throughput are the client's
/// re-tokenization unless `use_server_output_tokens`; `output_tokens` is the server's usage.
/// Percentiles are numpy's linear interpolation. `normalized_time_per_output_token`
/// (latency / output tokens) has no Caliper metric and is left out.
public enum InferencePerfImporter: SingleRunImporter {
    public static let name = "inference-perf"

    static let summarySuffix = "summary_lifecycle_metrics.json"
    static var stagePattern: Regex<(Substring, Substring, Substring)> { /^(.*)stage_(\d+)_lifecycle_metrics\.json$/ }

    /// The files of one report folder, all under one file-name prefix.
    struct Layout {
        var prefix: String
        var summary: URL?
        /// Stage reports by stage id, ascending.
        var stages: [(index: Int, url: URL)]

        func file(_ folder: URL, _ name: String) -> URL? {
            let url = folder.appending(path: prefix + name)
            return FileManager.default.fileExists(atPath: url.path(percentEncoded: false)) ? url : nil
        }
    }

    /// A folder holding `…summary_lifecycle_metrics.json` or `…stage_<i>_lifecycle_metrics.json`.
    public static func recognizes(_ location: URL) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: location.path(percentEncoded: false))
        else { return false }
        return names.contains { $0.hasSuffix(summarySuffix) || $0.wholeMatch(of: stagePattern) != nil }
    }

    /// The report files of `folder`. With a prefix, per-adapter stage reports
    /// (`adapter_<name>_stage_<i>_…`) have a longer one: the shortest prefix is the run's.
    static func layout(_ folder: URL) -> Layout? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))) ?? []
        let summaries = names.filter { $0.hasSuffix(summarySuffix) }
            .map { String($0.dropLast(summarySuffix.count)) }
        var stages: [(prefix: String, index: Int, name: String)] = []
        for name in names {
            guard let match = name.wholeMatch(of: stagePattern), let index = Int(match.2) else { continue }
            stages.append((String(match.1), index, name))
        }
        guard let prefix = (summaries.isEmpty ? stages.map(\.prefix) : summaries).min(by: { $0.count < $1.count })
        else { return nil }
        return Layout(
            prefix: prefix,
            summary: summaries.contains(prefix) ? folder.appending(path: prefix + summarySuffix) : nil,
            stages: stages.filter { $0.prefix == prefix }.sorted { $0.index < $1.index }
                .map { ($0.index, folder.appending(path: $0.name)) })
    }

    public static func read(_ folder: URL) throws -> Run {
        guard let layout = layout(folder) else {
            throw ImportError(file: folder, reason: "no \(summarySuffix) or stage_<i>_lifecycle_metrics.json: not an inference-perf result")
        }
        var files = SourceFiles(root: folder)
        var warnings: [String] = []

        let configURL = layout.file(folder, "config.yaml")
        let config = try configURL.map { try InferencePerfConfig(try files.yaml(JSONValue.self, from: $0), file: $0) }

        var stages: [(index: Int, url: URL, report: InferencePerfLifecycle)] = []
        for (index, url) in layout.stages {
            stages.append((index, url, try InferencePerfLifecycle(try files.json(url), file: url)))
        }
        if stages.isEmpty, let summary = layout.summary {
            // Without per-stage reports the summary is one level only when the run had one stage.
            guard config?.stages.count == 1 else {
                throw ImportError(
                    file: summary,
                    reason: "no stage_<i>_lifecycle_metrics.json beside it (report.request_lifecycle.per_stage was off) and config.yaml does not show a single stage: the summary over several stages is not one load level")
            }
            stages = [(0, summary, try InferencePerfLifecycle(try files.json(summary), file: summary))]
        }
        guard let first = stages.first else {
            throw ImportError(file: folder, reason: "no stage_<i>_lifecycle_metrics.json: not an inference-perf result")
        }
        for stage in stages.dropFirst() where stage.report.generation != first.report.generation {
            throw ImportError(
                file: stage.url,
                reason: "layout \(stage.report.generation.format) differs from \(first.report.generation.format) of \(first.url.lastPathComponent)")
        }

        var points = stages.map { stage in
            let configured = config.flatMap { $0.stages.indices.contains(stage.index) ? $0.stages[stage.index] : nil }
            let concurrency = stage.report.concurrency ?? configured?.concurrency
            let concurrent = config?.loadType == "concurrent" || concurrency != nil
            return PerfPoint(
                concurrency: concurrency,
                requestRate: concurrent ? nil : stage.report.requestedRate ?? configured?.rate,
                requests: stage.report.requests, durationSeconds: stage.report.durationSeconds,
                metrics: stage.report.metrics)
        }

        // The BR v0.2 partials (0.7): the stage's wall-clock start, and standard deviations.
        var starts: [Date] = []
        for (position, stage) in stages.enumerated() {
            guard let url = layout.file(folder, "inference-perf.partial.stage_\(stage.index).yaml") else { continue }
            let partial = try LLMDBenchmarkReport(try files.yaml(JSONValue.self, from: url), file: url)
            if let total = partial.requests, total != stage.report.requests {
                throw ImportError(
                    file: url, field: "results.request_performance.aggregate.requests.total",
                    reason: "\(total), but \(stage.url.lastPathComponent) counts \(stage.report.requests) requests")
            }
            if let start = partial.start { starts.append(start) }
            addDeviations(from: partial, to: &points[position].metrics, stage: stage.report)
        }

        if let url = layout.file(folder, "per_request_lifecycle_metrics.json") {
            let checks = stages.map {
                InferencePerfRequests.StageCheck(
                    requests: $0.report.requests, failures: $0.report.failures,
                    meanLatency: $0.report.latencyMeans[.latency])
            }
            let read = try InferencePerfRequests.read(
                try files.json(url), file: url, stages: checks, isStream: config?.generationConfig.stream,
                serverOutputTokens: first.report.generation >= .five)
            if let records = read.records {
                for index in points.indices { points[index].records = records[index] }
            }
            if let warning = read.warning { warnings.append(warning) }
        }

        guard let model = config?.model else {
            if let configURL {
                throw ImportError(file: configURL, field: "server.model_name", reason: "missing, and no tokenizer path to take the model name from")
            }
            throw ImportError(
                file: folder.appending(path: layout.prefix + "config.yaml"),
                reason: "missing: the model name is recorded only there (inference-perf 0.2+)")
        }
        var run = Run(
            kind: .perf, model: model, engine: config?.engine ?? EngineIdentity(),
            generationConfig: config?.generationConfig ?? GenerationConfig(), workload: config?.workload ?? Workload(),
            source: SourceInfo(
                tool: name, version: first.report.versionRange, format: first.report.generation.format,
                path: folder.path(percentEncoded: false)),
            runAt: runTime(starts: starts, folder: folder),
            contentHash: files.contentHash(kind: name), points: points)
        run.warnings = warnings
        return run
    }

    /// A partial's `stddev` for each metric whose `mean` is the stage report's own, to the last
    /// bits: the partial's output lengths are the client's counts, the report's the server's,
    /// and a figure from other requests is not this one's deviation.
    private static func addDeviations(from partial: LLMDBenchmarkReport, to table: inout MetricTable, stage: InferencePerfLifecycle) {
        var own = stage.latencyMeans
        own[.inputTokens] = stage.inputTokenMean
        own[.outputTokens] = stage.outputTokenMean
        for (metric, mean) in partial.means {
            guard let reported = own[metric], let deviation = partial.metrics[metric, .std],
                  abs(reported - mean) <= 1e-9 * max(abs(reported), 1e-12)
            else { continue }
            table[metric, .std] = deviation
        }
    }

    /// The first stage's wall-clock start from the BR partials (UTC), else the default report
    /// folder name `reports-YYYYMMDD-HHMMSS` (local time of the host that ran it).
    private static func runTime(starts: [Date], folder: URL) -> RunTime? {
        if let start = starts.min() {
            return RunTime(date: start, zone: TimeZone(secondsFromGMT: 0) ?? .gmt, origin: .source)
        }
        let name = folder.standardizedFileURL.lastPathComponent
        guard let match = name.wholeMatch(of: /reports-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/) else { return nil }
        return RunTime(
            local: "\(match.1)-\(match.2)-\(match.3)T\(match.4):\(match.5):\(match.6)", zone: .current, origin: .ingestHost)
    }
}
