import CaliperCore
import Foundation

/// What an lm-eval results file says about the run's keys: model, engine, hardware, generation
/// settings, time and lm-eval's version.
///
/// ```swift
/// LMEvalIdentity.parseArguments("pretrained=Qwen/Qwen3-8B,tensor_parallel_size=2,dtype=auto")
/// // ["pretrained": "Qwen/Qwen3-8B", "tensor_parallel_size": 2, "dtype": "auto"]
/// ```
enum LMEvalIdentity {
    /// Model types that run the model inside lm-eval's own process, and the engine each is.
    /// Only for these does `pretty_env_info` (the machine lm-eval ran on) describe the hardware.
    static let localEngines: [String: String] = [
        "hf": "transformers", "hf-auto": "transformers", "huggingface": "transformers", "hf-multimodal": "transformers",
        "vllm": "vllm", "vllm-vlm": "vllm", "sglang": "sglang",
    ]

    /// `config.model_args`: a dict (0.4.10+ CLI, Python API) or the CLI's raw `k=v,k=v` string.
    static func modelArguments(_ value: JSONValue?, reader: JSONFields) throws -> (values: [String: JSONValue], raw: String?) {
        guard let value, !value.isNull else { return ([:], nil) }
        if let raw = value.stringValue { return (parseArguments(raw), raw) }
        return (try reader.object(value, "config.model_args"), nil)
    }

    /// lm-eval's `simple_parse_args_string`: comma-separated `key=value`, values typed as it types
    /// them (`true`/`false`, integers, decimals, else text).
    static func parseArguments(_ text: String) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else { continue }
            values[pair[0]] = typed(pair[1])
        }
        return values
    }

    private static func typed(_ text: String) -> JSONValue {
        switch text.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "none", "null": return .null
        default: break
        }
        if let int = Int64(text) { return .int(int) }
        if let double = Double(text), double.isFinite { return .double(double) }
        return .string(text)
    }

    /// `model_name` (0.4.3+), else the model argument lm-eval names models by; a hub path
    /// (`pretrained=Qwen/Qwen3-8B`) is the checkpoint too.
    static func model(root: [String: JSONValue], arguments: [String: JSONValue], modelType: String?) -> ModelIdentity {
        let argument = ["model", "pretrained", "path", "engine"].lazy.compactMap { arguments[$0]?.stringValue }.first
        let name = root["model_name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? argument ?? modelType ?? "unknown"
        let checkpoint = arguments["pretrained"]?.stringValue ?? (name.contains("/") ? name : nil)
        return ModelIdentity(name: name, checkpoint: checkpoint, tokenizer: arguments["tokenizer"]?.stringValue)
    }

    /// The engine of a local model type: vLLM, SGLang, or transformers (with `transformers_version`).
    static func engine(modelType: String?, root: [String: JSONValue]) -> EngineIdentity {
        guard let modelType, let engine = localEngines[modelType] else { return EngineIdentity() }
        let version = engine == "transformers"
            ? root["transformers_version"]?.stringValue.flatMap { $0.first?.isNumber == true ? $0 : nil } : nil
        return EngineIdentity(name: engine, version: version)
    }

    /// The accelerators of a local model type, from `pretty_env_info`'s `GPU 0: NVIDIA H20` lines:
    /// the first GPU's model, and as many as the model arguments use (vLLM's tensor × pipeline ×
    /// data parallel sizes, SGLang's `tp_size` × `dp_size`, every GPU for `hf` with `parallelize`,
    /// else one), at most the machine's count. API model types run elsewhere: nothing.
    static func hardware(modelType: String?, arguments: [String: JSONValue], root: [String: JSONValue]) -> Hardware {
        guard let modelType, localEngines[modelType] != nil, let info = root["pretty_env_info"]?.stringValue else {
            return Hardware()
        }
        var names: [Int: String] = [:]
        for match in info.matches(of: /GPU (\d+): ([^\n]+)/) {
            if let index = Int(match.1) { names[index] = String(match.2).trimmingCharacters(in: .whitespaces) }
        }
        guard let first = names.keys.min(), let description = names[first] else { return Hardware() }
        func size(_ keys: [String]) -> Int {
            keys.compactMap { arguments[$0]?.intValue }.filter { $0 > 0 }.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        }
        let used: Int = switch localEngines[modelType] {
        case "vllm": size(["tensor_parallel_size", "pipeline_parallel_size", "data_parallel_size"])
        case "sglang": size(["tp_size", "dp_size"])
        default: arguments["parallelize"]?.boolValue == true ? names.count : 1
        }
        return Hardware(description: description, count: min(max(used, 1), names.count))
    }

    /// The settings the tasks generated with: each task's `generation_kwargs` (lm-eval has merged
    /// the CLI's into them), keys the tasks disagree on left out with a warning, then
    /// `config.gen_kwargs` (which applied to every task); `max_gen_toks` is `max_tokens`.
    static func generation(
        kwargs: [(task: String, values: [String: JSONValue])], root: [String: JSONValue], reader: JSONFields
    ) throws -> (config: GenerationConfig, warnings: [String]) {
        var merged: [String: JSONValue] = [:]
        var disagreeing: Set<String> = []
        for (index, entry) in kwargs.enumerated() {
            for (key, value) in entry.values {
                if index == 0 {
                    merged[key] = value
                } else if merged[key] != value {
                    disagreeing.insert(key)
                }
            }
            if index > 0 {
                for key in merged.keys where entry.values[key] == nil { disagreeing.insert(key) }
            }
        }
        var cli: [String: JSONValue] = [:]
        switch root["config"]?["gen_kwargs"] {
        case .string(let text)?: cli = parseArguments(text)
        case .object(let object)?: cli = object
        case nil, .null?: break
        case let value?: throw reader.error("config.gen_kwargs", "expected an object or a k=v string, found \(JSONFields.kind(of: value))")
        }
        for key in disagreeing where cli[key] == nil { merged[key] = nil }
        merged.merge(cli) { _, new in new }
        if let maxGenToks = merged.removeValue(forKey: "max_gen_toks"), merged["max_tokens"] == nil {
            merged["max_tokens"] = maxGenToks
        }
        let left = disagreeing.subtracting(cli.keys).sorted()
        let warnings = left.isEmpty ? [] : [
            "generation_kwargs differ between tasks (\(left.joined(separator: ", "))); left out of the run's generation config"
        ]
        let config = GenerationConfig(merged)
        if let value = config.values["max_tokens"], config.maxTokens == nil {
            throw reader.error("generation_kwargs.max_gen_toks", "\(value.canonicalJSON): expected a whole number of tokens")
        }
        return (config, warnings)
    }

    /// `date` (epoch seconds at the start). The file name's local save time gives the zone:
    /// lm-eval saved between `date` and `date + total_evaluation_time_seconds`, so the offset is
    /// the one multiple of 15 minutes that puts the save time in that window; when none or
    /// several do, the offset is unknown. Without `date` (before 0.4.2) the name's time is read in
    /// the ingesting host's zone.
    static func runAt(root: [String: JSONValue], file: LMEvalResultsFile, reader: JSONFields) throws -> RunTime? {
        let local = file.localSaveTime
        guard let date = try reader.optionalNumber(root["date"], "date") else {
            return local.flatMap { RunTime(local: $0, zone: .current, origin: .ingestHost) }
        }
        guard let reason = ValueDomain(upperBound: 1e11).violation(date) else {
            let seconds = Int64(date.rounded(.down))
            return RunTime(seconds: seconds, offsetSeconds: offset(start: seconds, local: local, root: root), origin: .source)
        }
        throw reader.error("date", "\(date): \(reason)")
    }

    private static func offset(start: Int64, local: String?, root: [String: JSONValue]) -> Int? {
        guard let local, let saved = RunTime(utcText: local, offset: nil, origin: nil) else { return nil }
        let written = root["total_evaluation_time_seconds"]
        let duration = (written?.stringValue.flatMap(Double.init) ?? written?.doubleValue).flatMap { $0.isFinite ? $0 : nil }
        let window = Int64(min(max(duration ?? 600, 0), 1e7)) + 5
        let difference = saved.seconds - start
        let candidates = stride(from: -12 * 3600, through: 14 * 3600, by: 900).filter { offset in
            let elapsed = difference - Int64(offset)
            return elapsed >= -5 && elapsed <= window
        }
        return candidates.count == 1 ? candidates[0] : nil
    }

    /// `lm_eval_version` (0.4.9+; a source checkout's `.dev` version gets `+g<git_hash>`), else the
    /// range the layout and keys allow.
    static func version(root: [String: JSONValue], layout: LMEvalResultsFile.Layout) -> String {
        if let version = root["lm_eval_version"]?.stringValue, version.first?.isNumber == true {
            if version.contains("dev"), let hash = root["git_hash"]?.stringValue, !hash.isEmpty {
                return "\(version)+g\(hash.prefix(8))"
            }
            return version
        }
        switch layout {
        case .plain: return root["date"] == nil ? "0.4.0..0.4.1" : "0.4.2"
        case .dated: return "0.4.3..0.4.8"
        }
    }
}
