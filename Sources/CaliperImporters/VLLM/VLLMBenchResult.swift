import CaliperCore
import Foundation

/// One `vllm bench serve` invocation's result object: a single-point ``Run`` and its wall-clock span.
///
/// `date` (`20261207-155309`) is the client's local time, without a zone, taken when the result
/// was saved, after the level ended: the level ran from `date − duration` to `date`. It is read in
/// the ingesting host's zone and says so (``RunTime/ZoneOrigin/ingestHost``).
enum VLLMBenchResult {
    /// The vLLM latency metric names and the Caliper metric each one is (`e2el` is end-to-end latency).
    static let latencyMetrics: [String: Metric] = ["ttft": .ttft, "tpot": .tpot, "itl": .itl, "e2el": .latency]

    /// - Parameters:
    ///   - shown: the file as warnings name it (its path below the result root).
    ///   - sweepFolder: the combination folder's name for a `vllm bench sweep serve` run.
    static func read(
        _ document: ServingBenchmarkDocuments.Document, file: URL, shown: String, sweepFolder: String? = nil
    ) throws -> SweepAssembly.Member {
        let result = try ServingBenchmarkFields(document.json, file: file, line: document.isOneOfMany ? document.line : nil)
        var warnings: [String] = []
        let place = document.isOneOfMany ? " line \(document.line ?? 0)" : ""

        let runAt = try date(result)
        guard let duration = try result.measure("duration", .seconds, .positiveSeconds) else {
            throw result.error("duration", "missing")
        }
        let completed = try result.count("completed")
        let arrayLength = try ServingBenchmarkArrays.length(result)

        // Requests measured, failed ones included: `failed` from 0.12; before, every prompt not completed.
        let failed: Int?
        if let written = try result.optionalCount("failed") {
            failed = written
            let (total, overflow) = completed.addingReportingOverflow(written)
            if overflow { throw result.error("failed", "\(written): too large") }
            if let arrayLength, arrayLength != total {
                throw result.error("failed", "\(completed) completed and \(written) failed, but the per-request lists have \(arrayLength) entries")
            }
        } else if let arrayLength {
            guard arrayLength >= completed else {
                throw result.error("completed", "\(completed), more than the \(arrayLength) requests of the per-request lists")
            }
            failed = arrayLength - completed
        } else if let prompts = try result.optionalCount("num_prompts") {
            guard prompts >= completed else {
                throw result.error("completed", "\(completed), more than the \(prompts) of \"num_prompts\"")
            }
            failed = prompts - completed
        } else {
            failed = nil
            warnings.append("\(shown)\(place): no \"failed\" or \"num_prompts\": failed requests unknown, requests = completed")
        }
        let requests = completed + (failed ?? 0)

        let metrics = try result.servingMetrics(
            requests: requests, completed: completed, failed: failed, totalThroughputKey: "total_token_throughput",
            latencyMetrics: latencyMetrics)
        // With no request completed vLLM writes every latency statistic as 0.0: not stored.

        var records: [RequestRecord] = []
        if arrayLength != nil {
            if let read = try ServingBenchmarkArrays.records(result, failed: failed ?? 0) {
                records = read
            } else {
                warnings.append("\(shown)\(place): per-request lists without \"errors\": request rows left out (which of the \(failed ?? 0) failed is unknown)")
            }
        }

        let metadata = try VLLMBenchMetadata(result, sweepFolder: sweepFolder)
        let backend = try result.optionalString("backend")
        let endpointType = try result.optionalString("endpoint_type")
        let point = PerfPoint(
            concurrency: try result.concurrency("max_concurrency"), requestRate: try result.requestRate("request_rate"),
            requests: requests, durationSeconds: duration, metrics: metrics, records: records)
        let generation = Generation(keys: Set(result.fields.keys))
        var run = Run(
            kind: .perf,
            model: ModelIdentity(name: try result.string("model_id"), tokenizer: try result.optionalString("tokenizer_id")),
            engine: metadata.engine, hardware: metadata.hardware, generationConfig: metadata.generationConfig,
            workload: Workload(api: backend ?? endpointType, dataset: metadata.dataset),
            labels: metadata.labels,
            source: SourceInfo(tool: VLLMBenchImporter.name, version: generation.versions, format: generation.format, path: file.path(percentEncoded: false)),
            runAt: runAt, contentHash: document.contentHash, points: [point])
        run.warnings = warnings
        let end = runAt?.date
        return SweepAssembly.Member(run: run, start: end.map { $0.addingTimeInterval(-duration) }, end: end)
    }

    /// `date`, `YYYYmmdd-HHMMSS` in the client's zone; nil when absent.
    static func date(_ result: ServingBenchmarkFields) throws -> RunTime? {
        guard let text = try result.optionalString("date") else { return nil }
        guard let local = localTime(text), let time = RunTime(local: local, zone: .current, origin: .ingestHost) else {
            throw result.error("date", "\"\(text.prefix(40))\": expected a time written as YYYYmmdd-HHMMSS")
        }
        return time
    }

    /// `20261207-155309` → `2026-12-07T15:53:09`; nil for any other form.
    static func localTime(_ text: String) -> String? {
        guard let match = text.wholeMatch(of: /(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/) else { return nil }
        return "\(match.1)-\(match.2)-\(match.3)T\(match.4):\(match.5):\(match.6)"
    }

    /// The result-file generation, told by the keys vLLM writes (see peer-formats.md §1).
    struct Generation {
        var format: String
        var versions: String

        init(keys: Set<String>) {
            let hasBackend = keys.contains("backend")
            let hasEndpointType = keys.contains("endpoint_type")
            if hasBackend && !hasEndpointType {
                (format, versions) = ("benchmark_serving", "≤0.9 (benchmarks/benchmark_serving.py)")
            } else if !hasBackend {
                (format, versions) = ("bench-serve-0.10", "0.10.0..0.10.2")
            } else if keys.contains("latencies") || keys.contains("queue_times") {
                (format, versions) = ("bench-serve-0.30", "0.30+")
            } else if keys.contains("rtfx") || keys.contains("start_times") {
                (format, versions) = ("bench-serve-0.17", "0.17..0.29")
            } else if keys.contains("failed") {
                (format, versions) = ("bench-serve-0.12", "0.12..0.16")
            } else {
                (format, versions) = ("bench-serve-0.11", "0.11")
            }
        }
    }
}
