import CaliperCore
import Foundation

/// The `config.yaml` inference-perf 0.2+ writes beside its reports: the whole run configuration
/// after defaults (and, for the concurrent load type, after it set each stage's `rate` to its
/// request count).
///
/// ```yaml
/// api: {type: chat, streaming: true}
/// data: {type: random, input_distribution: {min: 96, max: 96, …}, output_distribution: {min: 48, max: 48, …}}
/// load: {type: concurrent, stages: [{concurrency_level: 4, num_requests: 16, rate: 16.0, duration: 1}]}
/// server: {type: vllm, model_name: sample-llm, base_url: 'http://127.0.0.1:18941', ignore_eos: true}
/// tokenizer: {pretrained_model_name_or_path: /models/tok}
/// ```
///
/// The files name no engine version and no accelerator: `server.type` is the client flavour the
/// user chose (`vllm`, `sglang`, `tgi`), taken as the engine's name; `--engine-version` and
/// `--hardware` at ingest fill the rest.
struct InferencePerfConfig {
    var model: ModelIdentity?
    var engine = EngineIdentity()
    var generationConfig = GenerationConfig()
    var workload = Workload()
    /// `load.type`: `constant`, `poisson`, `concurrent`, `trace_replay`, `trace_session_replay`.
    var loadType: String?
    /// Each configured stage's rate and concurrency, in stage order.
    var stages: [(rate: Double?, concurrency: Int?)] = []

    /// The endpoint path of each `api.type` (`apis/*.py`, `get_route`).
    static let endpoints = [
        "completion": "/v1/completions", "chat": "/v1/chat/completions", "anthropic_messages": "/v1/messages",
    ]

    init(_ json: JSONValue, file: URL) throws {
        let fields = JSONFields(file: file)
        let root = try fields.object(json, "")
        let server = try Self.section(root, "server", fields)
        let api = try Self.section(root, "api", fields)
        let data = try Self.section(root, "data", fields)
        let load = try Self.section(root, "load", fields)
        let tokenizer = try Self.section(root, "tokenizer", fields)

        let tokenizerPath = try fields.optionalString(tokenizer["pretrained_model_name_or_path"], "tokenizer.pretrained_model_name_or_path")
        // Without `server.model_name`, inference-perf serves the first model /v1/models lists and
        // writes that name into an empty tokenizer path: the only place the files keep it.
        if let name = try fields.optionalString(server["model_name"], "server.model_name") ?? tokenizerPath {
            model = ModelIdentity(name: name, tokenizer: tokenizerPath)
        }
        let serverType = try fields.optionalString(server["type"], "server.type")
        if let serverType, serverType != "mock" { engine = EngineIdentity(name: serverType) }

        let apiType = try fields.optionalString(api["type"], "api.type")
        let streaming = try Self.bool(api["streaming"], "api.streaming", fields)
        let ignoreEOS = try Self.bool(server["ignore_eos"], "server.ignore_eos", fields)
        let dataType = try fields.optionalString(data["type"], "data.type")
        let outputLength = try Self.fixedOutputLength(data, fields)

        var raw: [String: JSONValue] = [:]
        if let streaming { raw["stream"] = .bool(streaming) }
        if let ignoreEOS { raw["ignore_eos"] = .bool(ignoreEOS) }
        if let outputLength { raw["max_tokens"] = .int(Int64(outputLength)) }
        generationConfig = GenerationConfig(raw)

        let input = try InferencePerfFields.optionalObject(data["input_distribution"], "data.input_distribution", fields)
        let baseURL = try fields.optionalString(server["base_url"], "server.base_url")
        workload = Workload(
            api: apiType.map { $0 == "anthropic_messages" ? "anthropic" : "openai" },
            endpoint: apiType.flatMap { Self.endpoints[$0] },
            url: baseURL,
            dataset: dataType,
            datasetPath: try fields.optionalString(data["path"], "data.path"),
            minPromptLength: try Self.tokenCount(input?["min"], "data.input_distribution.min", fields),
            maxPromptLength: try Self.tokenCount(input?["max"], "data.input_distribution.max", fields),
            prefixLength: try Self.sharedPrefixLength(data, fields),
            outputLength: outputLength)

        loadType = try fields.optionalString(load["type"], "load.type")
        let concurrent = loadType == "concurrent"
        if let stageList = load["stages"], !stageList.isNull {
            for (index, stage) in try fields.array(stageList, "load.stages").enumerated() {
                let path = "load.stages[\(index)]"
                let object = try fields.object(stage, path)
                let concurrency = try fields.optionalInt(object["concurrency_level"], "\(path).concurrency_level")
                if let concurrency, let reason = ValueDomain.concurrency.violation(concurrency) {
                    throw fields.error("\(path).concurrency_level", "\(concurrency): \(reason)")
                }
                let rate = try fields.optionalNumber(object["rate"], "\(path).rate")
                    .map { try fields.checked($0, .arrivalRate, "\(path).rate") }
                // The concurrent type's `rate` is its request count, not an arrival rate.
                stages.append((rate: concurrent ? nil : rate, concurrency: concurrency))
            }
        }
    }

    // MARK: Reading

    /// A top-level section; empty when absent or null.
    private static func section(_ root: [String: JSONValue], _ key: String, _ fields: JSONFields) throws -> [String: JSONValue] {
        try InferencePerfFields.optionalObject(root[key], key, fields) ?? [:]
    }

    private static func bool(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard case .bool(let flag) = value else {
            throw fields.error(path, "expected true or false, found \(JSONFields.kind(of: value))")
        }
        return flag
    }

    private static func tokenCount(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> Int? {
        guard let count = try fields.optionalInt(value, path) else { return nil }
        if let reason = ValueDomain.tokenCount.violation(count) { throw fields.error(path, "\(count): \(reason)") }
        return count
    }

    /// `max_tokens` when every request asked for the same: a fixed `output_distribution`
    /// (`min == max`) or an integer `shared_prefix.output_len`.
    private static func fixedOutputLength(_ data: [String: JSONValue], _ fields: JSONFields) throws -> Int? {
        if let output = try InferencePerfFields.optionalObject(data["output_distribution"], "data.output_distribution", fields) {
            let low = try tokenCount(output["min"], "data.output_distribution.min", fields)
            let high = try tokenCount(output["max"], "data.output_distribution.max", fields)
            if let low, low == high { return low }
        }
        if let prefix = try InferencePerfFields.optionalObject(data["shared_prefix"], "data.shared_prefix", fields),
           let length = prefix["output_len"], length.objectValue == nil {
            return try tokenCount(length, "data.shared_prefix.output_len", fields)
        }
        return nil
    }

    /// The shared system prompt's length when it is a fixed number of tokens.
    private static func sharedPrefixLength(_ data: [String: JSONValue], _ fields: JSONFields) throws -> Int? {
        guard let prefix = try InferencePerfFields.optionalObject(data["shared_prefix"], "data.shared_prefix", fields),
              let length = prefix["system_prompt_len"], length.objectValue == nil
        else { return nil }
        return try tokenCount(length, "data.shared_prefix.system_prompt_len", fields)
    }
}
