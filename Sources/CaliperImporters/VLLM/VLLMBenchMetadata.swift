import CaliperCore
import Foundation

/// What a `vllm bench serve` result says about the run beyond its measurements: the `--metadata
/// KEY=VALUE` pairs vLLM mixes into the top level of the result (always as strings), the
/// `--label`, and the parameters `vllm bench sweep serve` adds to each run.
///
/// Every top-level key that is not one of vLLM's own is a metadata key. Keys Caliper knows fill
/// the run's identity; every other one becomes a label under its own name:
///
/// | metadata key | becomes |
/// |---|---|
/// | `engine` | engine name (`vllm` when only `vllm_version` is given) |
/// | `engine_version`, `vllm_version`, `server_version`, legacy `version` | engine version |
/// | `hardware`, `gpu`, `gpu_type`, `accelerator` | hardware description (`NVIDIA H20`) |
/// | `num_gpus`, `gpus`, `gpu_count` | hardware count; else `tp` / `tensor_parallel_size` |
/// | `dataset`, `dataset_name` | workload dataset |
/// | `reasoning_effort`, `temperature`, `top_p`, `top_k`, `min_p`, `max_tokens`, `min_tokens`, `ignore_eos`, penalties | generation config (numbers and booleans parsed) |
/// | anything else (`tp`, `branch`, …), and `label` | labels |
///
/// ```swift
/// // {"vllm_version": "0.10.1.1", "gpu": "NVIDIA H20", "num_gpus": "1", "tp": "1", "dataset": "random-1024-1024", …}
/// metadata.engine      // vllm 0.10.1.1
/// metadata.hardware    // H20 × 1
/// metadata.labels      // ["tp": "1"]
/// ```
struct VLLMBenchMetadata {
    var engine = EngineIdentity()
    var hardware = Hardware()
    var dataset: String?
    var generationConfig = GenerationConfig()
    var labels: [String: String] = [:]

    /// vLLM's own top-level keys, of every version: never metadata.
    static let ownKeys: Set<String> = [
        "date", "endpoint_type", "backend", "label", "model_id", "tokenizer_id", "num_prompts", "request_rate",
        "burstiness", "max_concurrency", "ramp_up_strategy", "ramp_up_start_rps", "ramp_up_end_rps", "duration",
        "completed", "failed", "total_input_tokens", "total_output_tokens", "request_throughput", "request_goodput",
        "output_throughput", "total_token_throughput", "input_lens", "output_lens", "ttfts", "itls", "latencies",
        "start_times", "queue_times", "generated_texts", "errors", "max_output_tokens_per_s", "max_concurrent_requests",
        "rtfx", "server_queue_times", "server_ttfts", "rps_change_events", "total_input_sequences",
        "input_sequence_throughput", "best_of", "use_beam_search", "version",
        // Added by `vllm bench sweep serve`.
        "run_number",
    ]
    static let ownPrefixes = ["probe_", "spec_decode_", "diffusion_"]

    static let engineNameKeys = ["engine"]
    static let engineVersionKeys = ["engine_version", "vllm_version", "server_version"]
    static let hardwareKeys = ["hardware", "gpu", "gpu_type", "accelerator"]
    static let gpuCountKeys = ["num_gpus", "gpus", "gpu_count"]
    static let parallelKeys = ["tp", "tensor_parallel_size"]
    static let datasetKeys = ["dataset", "dataset_name"]
    static let generationKeys: Set<String> = [
        "reasoning_effort", "temperature", "top_p", "top_k", "min_p", "max_tokens", "min_tokens", "ignore_eos",
        "frequency_penalty", "presence_penalty", "repetition_penalty",
    ]
    /// Consumed into identity fields, not labels (`tp` stays a label: hardware count is only its fallback).
    static let identityKeys = Set(engineNameKeys + engineVersionKeys + hardwareKeys + gpuCountKeys + datasetKeys)
        .union(generationKeys)

    /// Whether `key` is one of vLLM's own keys (including every latency statistic).
    static func isOwn(_ key: String) -> Bool {
        ownKeys.contains(key) || ownPrefixes.contains { key.hasPrefix($0) } || ServingBenchmarkLatencyKeys.parse(key) != nil
    }

    /// - Parameter sweepFolder: the `vllm bench sweep serve` combination folder the result is in
    ///   (`SERVE--max_num_seqs=64-BENCH--max_concurrency=4`): a non-string key whose `key=value`
    ///   the folder name shows is a swept parameter, and a label too.
    init(_ result: ServingBenchmarkFields, sweepFolder: String? = nil) throws {
        var metadata: [String: String] = [:]
        for (key, value) in result.fields where !Self.isOwn(key) {
            if let text = value.stringValue {
                metadata[key] = text
            } else if let sweepFolder, let text = Self.pythonText(value), sweepFolder.contains("\(key)=\(text)") {
                metadata[key] = text
            }
        }
        // ≤ 0.9 benchmark_serving.py: `--version`, "N/A" unless given.
        if let version = try result.optionalString("version"), version != "N/A" {
            metadata["engine_version"] = metadata["engine_version"] ?? version
        }

        func firstKey(_ keys: [String]) -> String? {
            keys.first { metadata[$0].map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? false }
        }
        func first(_ keys: [String]) -> String? { firstKey(keys).flatMap { metadata[$0] } }
        let version = first(Self.engineVersionKeys)
        let name = first(Self.engineNameKeys) ?? (metadata["vllm_version"] != nil ? "vllm" : nil)
        engine = EngineIdentity(name: name, version: version)

        var count: Int?
        if let key = firstKey(Self.gpuCountKeys), let text = metadata[key] {
            count = try Self.count(text, key: key, in: result)
        } else if let key = firstKey(Self.parallelKeys), let text = metadata[key],
                  let parallel = Int(text.trimmingCharacters(in: .whitespaces)), ValueDomain.concurrency.violation(parallel) == nil {
            count = parallel
        }
        let description = first(Self.hardwareKeys)
        if description != nil || count != nil {
            hardware = Hardware(description: description, count: count)
        }
        dataset = first(Self.datasetKeys)

        var config: [String: JSONValue] = [:]
        for key in Self.generationKeys {
            if let text = metadata[key] { config[key] = Self.typed(text) }
        }
        generationConfig = GenerationConfig(config)

        for (key, text) in metadata where !Self.identityKeys.contains(key) { labels[key] = text }
        if let label = try result.optionalString("label") { labels["label"] = label }
    }

    /// A metadata count (`"1"`), whole and at least 1.
    private static func count(_ text: String, key: String, in result: ServingBenchmarkFields) throws -> Int {
        guard let count = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw result.error(key, "\"\(text.prefix(40))\": expected a whole number")
        }
        if let reason = ValueDomain.concurrency.violation(count) { throw result.error(key, "\(count): \(reason)") }
        return count
    }

    /// A metadata value (always a string) as the request field it stands for: `"0.6"` → 0.6,
    /// `"1024"` → 1024, `"true"` → true, anything else the string.
    static func typed(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let int = Int64(trimmed) { return .int(int) }
        if let double = Double(trimmed), double.isFinite, trimmed.contains(where: \.isNumber) { return .double(double) }
        return .string(text)
    }

    /// How Python's `str()` writes a JSON number or boolean (as in a sweep folder name); nil for
    /// lists, objects and null.
    static func pythonText(_ value: JSONValue) -> String? {
        switch value {
        case .bool(let flag): flag ? "True" : "False"
        case .int(let int): String(int)
        case .double(let double) where double.isFinite:
            double == double.rounded() && abs(double) < 1e16 ? String(format: "%.1f", double) : "\(double)"
        case .string(let text): text
        default: nil
        }
    }
}
