import CaliperCore
import Foundation

/// What genai-perf's `input_config` says about a run. Two shapes:
///
/// | | 0.0.3 – 0.0.10 (`json-args`: the CLI namespace) | 0.0.11+ (`json-config`: the config file) |
/// |---|---|---|
/// | model | `model[]` | `model_names[]` |
/// | tokenizer | `tokenizer` | `tokenizer.name` |
/// | endpoint | `endpoint_type`, `streaming`, `url`, `endpoint` | `endpoint.{type, streaming, url, custom}` |
/// | load | `concurrency`, `request_rate` | `perf_analyzer.stimulus.{concurrency \| request_rate}` |
/// | extra inputs | `extra_inputs` | `input.extra` |
/// | OSL | `output_tokens_mean`, `output_tokens_stddev` | `input.output_tokens.{mean, stddev}` |
/// | ISL | `synthetic_input_tokens_mean`, `…_stddev` | `input.synthetic_tokens.{mean, stddev}` |
/// | dataset | `prompt_source`, `input_file` | `input.prompt_source`, `input.file` |
///
/// genai-perf sends a set OSL as `max_tokens`, so a fixed one (stddev 0) is the generation
/// config's `max_tokens` and the workload's output length.
struct GenAIPerfConfig {
    var format: String
    var model: ModelIdentity
    var generationConfig = GenerationConfig()
    var workload = Workload()
    var concurrency: Int?
    var requestRate: Double?
    var streaming: Bool?
    /// `perf_analyzer.measurement` when its mode is `request_count`: the requests measured.
    var measuredRequests: Int?

    init(_ config: [String: JSONValue], fields: JSONFields) throws {
        let r = AIPerfConfig.Reader(fields: fields)
        if config["model_names"] != nil || config["perf_analyzer"] != nil {
            format = "json-config"
            let names = try fields.array(config["model_names"], "input_config.model_names")
            model = ModelIdentity(
                name: try Self.modelName(names, "input_config.model_names", fields),
                tokenizer: try fields.optionalString(r.optionalObject(config["tokenizer"], "input_config.tokenizer")["name"],
                                                     "input_config.tokenizer.name"))
            let endpoint = try r.optionalObject(config["endpoint"], "input_config.endpoint")
            streaming = try r.optionalBool(endpoint["streaming"], "input_config.endpoint.streaming")
            let type = try fields.optionalString(endpoint["type"], "input_config.endpoint.type")
            let custom = try fields.optionalString(endpoint["custom"], "input_config.endpoint.custom")
            let url = try fields.optionalString(endpoint["url"], "input_config.endpoint.url")

            let analyzer = try r.optionalObject(config["perf_analyzer"], "input_config.perf_analyzer")
            let stimulus = try r.optionalObject(analyzer["stimulus"], "input_config.perf_analyzer.stimulus")
            concurrency = try r.concurrency(stimulus["concurrency"], "input_config.perf_analyzer.stimulus.concurrency")
            requestRate = try r.rate(stimulus["request_rate"], "input_config.perf_analyzer.stimulus.request_rate")
            let measurement = try r.optionalObject(analyzer["measurement"], "input_config.perf_analyzer.measurement")
            if try fields.optionalString(measurement["mode"], "input_config.perf_analyzer.measurement.mode") == "request_count" {
                measuredRequests = try fields.optionalCount(measurement["num"], "input_config.perf_analyzer.measurement.num")
            }

            let input = try r.optionalObject(config["input"], "input_config.input")
            let extra = try ProfileExtraInputs.read(input["extra"], "input_config.input.extra", fields)
            let osl = try r.length(input["output_tokens"], "input_config.input.output_tokens")
            let isl = try r.length(input["synthetic_tokens"], "input_config.input.synthetic_tokens")
            let file = try fields.optionalString(input["file"], "input_config.input.file").flatMap { $0.isEmpty ? nil : $0 }
            generationConfig = ProfileExtraInputs.generationConfig(extra: extra, maxTokens: osl, streaming: streaming)
            workload = Workload(
                api: type, endpoint: ProfileExtraInputs.path(custom) ?? ProfileExtraInputs.defaultPath(endpointType: type),
                url: url, dataset: try fields.optionalString(input["prompt_source"], "input_config.input.prompt_source"),
                datasetPath: file, minPromptLength: isl, maxPromptLength: isl, outputLength: osl)
        } else {
            format = "json-args"
            let names = try fields.array(config["model"], "input_config.model")
            model = ModelIdentity(
                name: try Self.modelName(names, "input_config.model", fields),
                tokenizer: try fields.optionalString(config["tokenizer"], "input_config.tokenizer"))
            streaming = try r.optionalBool(config["streaming"], "input_config.streaming")
            let type = try fields.optionalString(config["endpoint_type"], "input_config.endpoint_type")
            let custom = try fields.optionalString(config["endpoint"], "input_config.endpoint")
            concurrency = try r.concurrency(config["concurrency"], "input_config.concurrency")
            requestRate = try r.rate(config["request_rate"], "input_config.request_rate")
            // genai-perf's default when neither is given.
            if concurrency == nil, requestRate == nil { concurrency = 1 }
            if let count = try fields.optionalCount(config["request_count"], "input_config.request_count"), count > 0 {
                measuredRequests = count
            }
            let extra = try ProfileExtraInputs.read(config["extra_inputs"], "input_config.extra_inputs", fields)
            let osl = try ProfileExtraInputs.fixedLength(
                mean: try fields.optionalNumber(config["output_tokens_mean"], "input_config.output_tokens_mean"),
                stddev: try fields.optionalNumber(config["output_tokens_stddev"], "input_config.output_tokens_stddev"),
                "input_config.output_tokens_mean", fields)
            let isl = try ProfileExtraInputs.fixedLength(
                mean: try fields.optionalNumber(config["synthetic_input_tokens_mean"], "input_config.synthetic_input_tokens_mean"),
                stddev: try fields.optionalNumber(config["synthetic_input_tokens_stddev"], "input_config.synthetic_input_tokens_stddev"),
                "input_config.synthetic_input_tokens_mean", fields)
            generationConfig = ProfileExtraInputs.generationConfig(extra: extra, maxTokens: osl, streaming: streaming)
            workload = Workload(
                api: type, endpoint: ProfileExtraInputs.path(custom) ?? ProfileExtraInputs.defaultPath(endpointType: type),
                url: try fields.optionalString(config["url"], "input_config.url"),
                dataset: try fields.optionalString(config["prompt_source"], "input_config.prompt_source"),
                datasetPath: try fields.optionalString(config["input_file"], "input_config.input_file"),
                minPromptLength: isl, maxPromptLength: isl, outputLength: osl)
        }
    }

    private static func modelName(_ names: [JSONValue], _ path: String, _ fields: JSONFields) throws -> String {
        let strings = try names.enumerated().map { try fields.string($1, "\(path)[\($0)]") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !strings.isEmpty else { throw fields.error(path, "no model name") }
        return strings.joined(separator: ",")
    }
}
