import CaliperCore
import Foundation

/// One line of an SGLang `bench_serving` output file (one invocation, one load level) as a
/// single-point ``Run``.
///
/// `completed` counts the successful requests. How many failed only the per-request `errors`
/// (`--output-details`) tell: requests = `len(errors)`, failed = the rest. Without details the
/// failures are unknown, requests = `completed`, and the run says so in a warning.
enum SGLangBenchResult {
    /// SGLang's latency metric names and the Caliper metric each one is.
    static let latencyMetrics: [String: Metric] = ["ttft": .ttft, "tpot": .tpot, "itl": .itl, "e2e_latency": .latency]

    /// The model name stored when nothing in the line names the model (`server_info` is null
    /// unless the server is SGLang).
    static let unknownModel = "unknown"

    /// - Parameter shown: the file as warnings name it.
    static func read(_ document: ServingBenchmarkDocuments.Document, file: URL, shown: String) throws -> SweepAssembly.Member {
        let result = try ServingBenchmarkFields(document.json, file: file, line: document.isOneOfMany ? document.line : nil)
        let place = document.isOneOfMany ? "\(shown) line \(document.line ?? 0)" : shown
        var warnings: [String] = []

        guard let duration = try result.measure("duration", .seconds, .positiveSeconds) else {
            throw result.error("duration", "missing")
        }
        let completed = try result.count("completed")
        let failed: Int?
        let requests: Int
        if try result.optionalArray("errors") != nil, let length = try ServingBenchmarkArrays.length(result) {
            guard length >= completed else {
                throw result.error("completed", "\(completed), more than the \(length) requests of \"errors\"")
            }
            requests = length
            failed = length - completed
        } else {
            requests = completed
            failed = nil
            warnings.append("\(place): no per-request \"errors\" (--output-details): failed requests unknown, requests = completed")
        }

        let metrics = try result.servingMetrics(
            requests: requests, completed: completed, failed: failed, totalThroughputKey: "total_throughput",
            latencyMetrics: latencyMetrics)

        var records: [RequestRecord] = []
        if let failed, let read = try ServingBenchmarkArrays.records(result, failed: failed) {
            records = read
        }

        let server = try ServerInfo(result)
        if server.modelName == nil {
            warnings.append("\(shown): no model name (server_info is null: the server is not SGLang): stored as \"\(unknownModel)\"")
        }
        let point = PerfPoint(
            concurrency: try result.concurrency("max_concurrency"),
            requestRate: try result.requestRate("request_rate", unlimited: ["inf", "infinity", "trace"]),
            requests: requests, durationSeconds: duration, metrics: metrics, records: records)
        var labels: [String: String] = [:]
        if let tag = try result.optionalString("tag") { labels["tag"] = tag }
        var run = Run(
            kind: .perf,
            model: ModelIdentity(name: server.modelName ?? unknownModel, checkpoint: server.modelPath, tokenizer: server.tokenizer),
            engine: server.engine, hardware: server.hardware, workload: try workload(result), labels: labels,
            source: SourceInfo(tool: SGLangBenchImporter.name, format: format(Set(result.fields.keys)), path: file.path(percentEncoded: false)),
            contentHash: document.contentHash, points: [point])
        run.warnings = warnings
        return SweepAssembly.Member(run: run)
    }

    /// `backend` and the dataset settings: for the random datasets the input length is the
    /// longest prompt and the output length the longest answer asked for.
    static func workload(_ result: ServingBenchmarkFields) throws -> Workload {
        let dataset = try result.optionalString("dataset_name")
        var workload = Workload(api: try result.optionalString("backend"), dataset: dataset)
        func tokens(_ key: String) throws -> Int? {
            guard let count = try result.optionalCount(key) else { return nil }
            if let reason = ValueDomain.tokenCount.violation(count) { throw result.error(key, "\(count): \(reason)") }
            return count
        }
        if let dataset, dataset.hasPrefix("random") {
            workload.maxPromptLength = try tokens("random_input_len")
            workload.outputLength = try tokens("random_output_len")
        } else if dataset == "sharegpt" {
            workload.outputLength = try tokens("sharegpt_output_len")
        }
        return workload
    }

    /// The output-file generation, told by its keys: `v3` has `server_info` (and `tag`), `v2` the
    /// p90/p95 statistics and `total_throughput`, `v1` (0.4 and before) neither.
    static func format(_ keys: Set<String>) -> String {
        if keys.contains("server_info") { return "bench_serving-v3" }
        if keys.contains("total_throughput") || keys.contains("p90_ttft_ms") { return "bench_serving-v2" }
        return "bench_serving-v1"
    }

    /// What the server's `/server_info` answer (SGLang's server arguments and version) says about the run.
    struct ServerInfo {
        var engine = EngineIdentity()
        var hardware = Hardware()
        var modelName: String?
        var modelPath: String?
        var tokenizer: String?

        init(_ result: ServingBenchmarkFields) throws {
            guard let value = result["server_info"], !value.isNull else { return }
            guard var info = value.objectValue else {
                throw result.error("server_info", "expected an object or null, found \(JSONFields.kind(of: value))")
            }
            // Prefill/decode disaggregation: the decode server's answer.
            if let decode = info["decode"]?.arrayValue?.first?.objectValue { info = decode }
            let fields = try ServingBenchmarkFields(.object(info), file: result.file, line: result.reader.line)
            func text(_ key: String) throws -> String? {
                do {
                    return try fields.optionalString(key).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                } catch let error as ImportError {
                    throw result.error("server_info.\(key)", error.reason)
                }
            }
            func size(_ key: String) throws -> Int? {
                guard let value = info[key], !value.isNull else { return nil }
                guard let int = value.intValue, ValueDomain.concurrency.violation(int) == nil else {
                    throw result.error("server_info.\(key)", "\(value.canonicalJSON.prefix(40)): expected a whole number of at least 1")
                }
                return int
            }
            modelPath = try text("model_path")
            modelName = try text("served_model_name") ?? modelPath
            tokenizer = try text("tokenizer_path")
            if info["vllm_config"] == nil, modelPath != nil || info["version"] != nil {
                engine = EngineIdentity(name: "sglang", version: try text("version"))
            }
            // GPUs serving the model: tensor × pipeline parallel, × data parallel replicas unless DP attention shares them.
            if let tp = try size("tp_size") {
                let pp = try size("pp_size") ?? 1
                let sharesGPUs = info["enable_dp_attention"]?.boolValue ?? false
                let dp = sharesGPUs ? 1 : try size("dp_size") ?? 1
                let (partial, overflow1) = tp.multipliedReportingOverflow(by: pp)
                let (count, overflow2) = partial.multipliedReportingOverflow(by: dp)
                if !overflow1, !overflow2, ValueDomain.count.violation(count) == nil {
                    hardware = Hardware(count: count)
                }
            }
        }
    }
}
