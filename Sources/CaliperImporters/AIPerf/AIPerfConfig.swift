import CaliperCore
import Foundation

/// What an AIPerf summary's `input_config` says about the run: model, load level, generation
/// settings and workload. Two shapes:
///
/// | | ≤ 0.8 (`UserConfig`) | ≥ 0.9 (`BenchmarkConfig`) |
/// |---|---|---|
/// | model | `endpoint.model_names[]` | `models.items[].name` |
/// | endpoint | `endpoint.{type, streaming, url \| urls, custom_endpoint}` | `endpoint.{type, streaming, urls, path}` |
/// | extra inputs | `input.extra` (list of pairs) | `endpoint.extra` (object) |
/// | ISL / OSL | `input.prompt.{input_tokens, output_tokens}.{mean, stddev}` | `datasets[0].prompts.{isl, osl}.{mean, stddev}` |
/// | load | `loadgen.{concurrency, request_rate}` | `phases[]` of kind `profiling`: `concurrency`, `rate` |
/// | tokenizer | `tokenizer.name` | `tokenizer.name` |
///
/// A fixed OSL (stddev 0) is sent as every request's `max_tokens` (or `max_completion_tokens`),
/// so it is the generation config's `max_tokens` and the workload's output length.
struct AIPerfConfig {
    var model: ModelIdentity
    var generationConfig = GenerationConfig()
    var workload = Workload()
    var concurrency: Int?
    var requestRate: Double?
    var streaming: Bool?
    var warnings: [String] = []

    init(_ config: [String: JSONValue], fields: JSONFields) throws {
        let reader = Reader(fields: fields)
        if config["models"] != nil || config["phases"] != nil || config["datasets"] != nil {
            try self.init(benchmarkConfig: config, reader)
        } else {
            try self.init(userConfig: config, reader)
        }
    }

    /// AIPerf ≥ 0.9.
    private init(benchmarkConfig config: [String: JSONValue], _ r: Reader) throws {
        let models = try r.object(config["models"], "input_config.models")
        let items = try r.fields.array(models["items"], "input_config.models.items")
        var names: [String] = []
        for (index, item) in items.enumerated() {
            names.append(try r.fields.string(try r.fields.object(item, "input_config.models.items[\(index)]")["name"],
                                             "input_config.models.items[\(index)].name"))
        }
        model = try Self.model(names, tokenizer: config["tokenizer"], r, path: "input_config.models.items")

        let endpoint = try r.optionalObject(config["endpoint"], "input_config.endpoint")
        streaming = try r.optionalBool(endpoint["streaming"], "input_config.endpoint.streaming")
        let type = try r.fields.optionalString(endpoint["type"], "input_config.endpoint.type")
        let url = try r.firstURL(endpoint, "input_config.endpoint")
        let extra = try ProfileExtraInputs.read(endpoint["extra"], "input_config.endpoint.extra", r.fields)

        var isl: Int?
        var osl: Int?
        var dataset: String?
        var datasetPath: String?
        if let datasets = try r.optionalArray(config["datasets"], "input_config.datasets"), let first = datasets.first {
            let main = try r.fields.object(first, "input_config.datasets[0]")
            let prompts = try r.optionalObject(main["prompts"], "input_config.datasets[0].prompts")
            isl = try r.length(prompts["isl"] ?? main["isl"], "input_config.datasets[0].prompts.isl")
            osl = try r.length(prompts["osl"] ?? main["osl"], "input_config.datasets[0].prompts.osl")
            let type = try r.fields.optionalString(main["type"], "input_config.datasets[0].type")
            dataset = try r.fields.optionalString(main["dataset"], "input_config.datasets[0].dataset") ?? type
            datasetPath = try r.fields.optionalString(main["path"], "input_config.datasets[0].path")
        }

        let phases = try r.optionalArray(config["phases"], "input_config.phases") ?? []
        var loads: [(concurrency: Int?, rate: Double?)] = []
        for (index, phase) in phases.enumerated() {
            let path = "input_config.phases[\(index)]"
            let object = try r.fields.object(phase, path)
            let kind = try r.fields.optionalString(object["kind"], "\(path).kind")
            let name = try r.fields.optionalString(object["name"], "\(path).name")
            guard kind == "profiling" || (kind == nil && name != "warmup") else { continue }
            let concurrency = try r.concurrency(object["concurrency"], "\(path).concurrency")
            let rate = try r.rate(object["rate"], "\(path).rate")
            loads.append((concurrency, rate))
        }
        if let first = loads.first {
            if loads.allSatisfy({ $0.concurrency == first.concurrency && $0.rate == first.rate }) {
                (concurrency, requestRate) = first
            } else {
                warnings.append("input_config.phases: \(loads.count) profiling phases at different loads; the level is left unset")
            }
        }

        generationConfig = ProfileExtraInputs.generationConfig(extra: extra, maxTokens: osl, streaming: streaming)
        workload = Workload(
            api: type, endpoint: try ProfileExtraInputs.path(r.fields.optionalString(endpoint["path"], "input_config.endpoint.path"))
                ?? ProfileExtraInputs.defaultPath(endpointType: type),
            url: url, dataset: dataset, datasetPath: datasetPath, minPromptLength: isl, maxPromptLength: isl, outputLength: osl)
    }

    /// AIPerf 0.1 … 0.8.
    private init(userConfig config: [String: JSONValue], _ r: Reader) throws {
        let endpoint = try r.optionalObject(config["endpoint"], "input_config.endpoint")
        let namesValue = try r.fields.array(endpoint["model_names"], "input_config.endpoint.model_names")
        let names = try namesValue.enumerated().map { try r.fields.string($1, "input_config.endpoint.model_names[\($0)]") }
        model = try Self.model(names, tokenizer: config["tokenizer"], r, path: "input_config.endpoint.model_names")

        streaming = try r.optionalBool(endpoint["streaming"], "input_config.endpoint.streaming")
        let type = try r.fields.optionalString(endpoint["type"], "input_config.endpoint.type")
        let url = try r.firstURL(endpoint, "input_config.endpoint")

        let input = try r.optionalObject(config["input"], "input_config.input")
        let extra = try ProfileExtraInputs.read(input["extra"], "input_config.input.extra", r.fields)
        let prompt = try r.optionalObject(input["prompt"], "input_config.input.prompt")
        let isl = try r.length(prompt["input_tokens"], "input_config.input.prompt.input_tokens")
        let osl = try r.length(prompt["output_tokens"], "input_config.input.prompt.output_tokens")
        let file = try r.fields.optionalString(input["file"], "input_config.input.file")
        let dataset = try r.fields.optionalString(input["public_dataset"], "input_config.input.public_dataset")
            ?? r.fields.optionalString(input["custom_dataset_type"], "input_config.input.custom_dataset_type")
            ?? (file == nil ? "synthetic" : "file")

        let loadgen = try r.optionalObject(config["loadgen"], "input_config.loadgen")
        concurrency = try r.concurrency(loadgen["concurrency"], "input_config.loadgen.concurrency")
        requestRate = try r.rate(loadgen["request_rate"], "input_config.loadgen.request_rate")
        // AIPerf's own rule (UserConfig validation): no rate and no concurrency runs at concurrency 1.
        if concurrency == nil, requestRate == nil { concurrency = 1 }

        generationConfig = ProfileExtraInputs.generationConfig(extra: extra, maxTokens: osl, streaming: streaming)
        workload = Workload(
            api: type,
            endpoint: try ProfileExtraInputs.path(r.fields.optionalString(endpoint["custom_endpoint"], "input_config.endpoint.custom_endpoint"))
                ?? ProfileExtraInputs.defaultPath(endpointType: type),
            url: url, dataset: dataset, datasetPath: file, minPromptLength: isl, maxPromptLength: isl, outputLength: osl)
    }

    /// The served model: one name, or several (round-robin) joined by commas.
    private static func model(_ names: [String], tokenizer: JSONValue?, _ r: Reader, path: String) throws -> ModelIdentity {
        let trimmed = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !trimmed.isEmpty else { throw r.fields.error(path, "no model name") }
        let tokenizerName = try r.optionalObject(tokenizer, "input_config.tokenizer")["name"]
        return ModelIdentity(
            name: trimmed.joined(separator: ","),
            tokenizer: try r.fields.optionalString(tokenizerName, "input_config.tokenizer.name"))
    }

    /// Typed reads of optional config parts, on top of ``JSONFields``.
    struct Reader {
        let fields: JSONFields

        func object(_ value: JSONValue?, _ path: String) throws -> [String: JSONValue] {
            try fields.object(value, path)
        }

        /// An object that may be absent or null (then empty).
        func optionalObject(_ value: JSONValue?, _ path: String) throws -> [String: JSONValue] {
            guard let value, !value.isNull else { return [:] }
            return try fields.object(value, path)
        }

        func optionalArray(_ value: JSONValue?, _ path: String) throws -> [JSONValue]? {
            guard let value, !value.isNull else { return nil }
            return try fields.array(value, path)
        }

        func optionalBool(_ value: JSONValue?, _ path: String) throws -> Bool? {
            guard let value, !value.isNull else { return nil }
            guard case .bool(let flag) = value else {
                throw fields.error(path, "expected true or false, found \(JSONFields.kind(of: value))")
            }
            return flag
        }

        /// `urls[0]` (≥ 0.7) or `url`.
        func firstURL(_ endpoint: [String: JSONValue], _ path: String) throws -> String? {
            if let urls = try optionalArray(endpoint["urls"], "\(path).urls"), let first = urls.first {
                return try fields.string(first, "\(path).urls[0]")
            }
            return try fields.optionalString(endpoint["url"], "\(path).url")
        }

        /// `{mean, stddev}` of a requested token length, as one count when it is fixed.
        func length(_ value: JSONValue?, _ path: String) throws -> Int? {
            let object = try optionalObject(value, path)
            let mean = try fields.optionalNumber(object["mean"], "\(path).mean")
            let stddev = try fields.optionalNumber(object["stddev"], "\(path).stddev")
            if let stddev, let reason = ValueDomain.tokenStatistic.violation(stddev) {
                throw fields.error("\(path).stddev", "\(stddev): \(reason)")
            }
            return try ProfileExtraInputs.fixedLength(mean: mean, stddev: stddev, "\(path).mean", fields)
        }

        func concurrency(_ value: JSONValue?, _ path: String) throws -> Int? {
            guard let concurrency = try fields.optionalInt(value, path) else { return nil }
            if let reason = ValueDomain.concurrency.violation(concurrency) { throw fields.error(path, "\(concurrency): \(reason)") }
            return concurrency
        }

        func rate(_ value: JSONValue?, _ path: String) throws -> Double? {
            guard let rate = try fields.optionalNumber(value, path) else { return nil }
            return try fields.checked(rate, .arrivalRate, path)
        }
    }
}
