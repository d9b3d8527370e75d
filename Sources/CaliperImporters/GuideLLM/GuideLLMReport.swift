import CaliperCore
import Foundation

/// One GuideLLM report (`benchmarks.json`) read into one ``Run``, one point per benchmark.
///
/// Three schema generations, told apart by their top-level keys:
///
/// | format | GuideLLM | top level | model, target, tokenizer | data | labels |
/// |---|---|---|---|---|---|
/// | `report-0.3` | 0.2 – 0.3 | `benchmarks` | `worker.backend_{model, target, type}`, `request_loader.processor` | `request_loader.data` | `extras` (`--output-extras`) |
/// | `report-0.4` | 0.4 – 0.6 | `args`, `benchmarks` (+ `metadata` v1 from 0.5) | `args.{model, target, backend, processor}` | `args.data` | – |
/// | `report-0.7` | 0.7+ | `metadata` v2, `config.spec`, `benchmarks` | `config.spec.backend.{model, target, kind}`, `config.spec.tokenizer.model` | `config.spec.data[]` | `config.metadata.labels` (`--label`) |
///
/// Throughputs are stored as the tool's console prints them: the `successful` status's mean in
/// 0.2 – 0.4, the `total` status's mean (which counts tokens of requests still running when the
/// level ended) from 0.5 on. Latencies and token counts are always the `successful` status.
///
/// The generation config is the request body fields every kept request agrees on
/// (`max_completion_tokens` as `max_tokens`, `ignore_eos`, `stream`, `temperature`, …; not the
/// prompt or model); 0.3 keeps no bodies, so its backend's fixed behaviour is taken (streaming;
/// with a set output length, that length as `max_tokens` and `ignore_eos`). A label `hardware` is the run's hardware and a label
/// `engine` or `server` of the form `vllm-0.10.1` its engine; every label stays a label.
/// 0.8's bottleneck `warnings` and `conclusions` are not read.
struct GuideLLMReport {
    enum Generation: String {
        case v03 = "report-0.3", v04 = "report-0.4", v07 = "report-0.7"
    }

    static func read(_ url: URL) throws -> Run {
        var files = SourceFiles(root: url.deletingLastPathComponent())
        let fields = JSONFields(file: url)
        let json = try fields.object(try files.json(url), "")
        let benchmarkValues = try fields.array(json["benchmarks"], "benchmarks")
        guard !benchmarkValues.isEmpty else { throw fields.error("benchmarks", "empty: no benchmark finished") }

        var metadata: [String: JSONValue] = [:]
        if let value = json["metadata"], !value.isNull { metadata = try fields.object(value, "metadata") }
        let generation: Generation
        var spec: [String: JSONValue] = [:]
        var config: [String: JSONValue] = [:]
        if let value = json["config"], !value.isNull {
            generation = .v07
            config = try fields.object(value, "config")
            spec = try fields.object(config["spec"] ?? .object([:]), "config.spec")
        } else if json["args"] != nil || !metadata.isEmpty {
            generation = .v04
        } else {
            generation = .v03
        }
        let toolVersion = try fields.optionalString(metadata["guidellm_version"], "metadata.guidellm_version")
            ?? (generation == .v03 ? "0.2..0.3" : generation == .v04 ? "0.4" : nil)
        // 0.5+ consoles print the `total` throughputs; 0.4 (no metadata) and older the `successful` ones.
        let throughputStatus = generation == .v03 || metadata.isEmpty ? "successful" : "total"

        var benchmarks: [GuideLLMBenchmark] = []
        for (index, value) in benchmarkValues.enumerated() {
            benchmarks.append(try GuideLLMBenchmark.read(
                value, index: index, generation: generation, throughputStatus: throughputStatus, fields: fields))
        }
        let first = try fields.object(benchmarkValues[0], "benchmarks[0]")

        var identity = try Identity(generation: generation, json: json, spec: spec, config: config, first: first, fields: fields)
        identity.generationConfig = try generationConfig(benchmarks, fallback: identity.generationConfig)

        var warnings: [String] = []
        let incomplete = benchmarks.reduce(0) { $0 + $1.incomplete }
        if incomplete > 0 {
            warnings.append("\(url.lastPathComponent): \(incomplete) requests still running when their level's time ran out (GuideLLM's incomplete) are not counted")
        }
        let sampled = benchmarks.filter { !$0.rowsComplete && $0.point.requests > 0 }.count
        if sampled > 0 {
            warnings.append("\(url.lastPathComponent): GuideLLM kept only a sample of the requests of \(sampled) of \(benchmarks.count) benchmarks: request rows left out")
        }

        var run = Run(
            kind: .perf, model: identity.model, engine: identity.engine, hardware: identity.hardware,
            generationConfig: identity.generationConfig, workload: identity.workload, labels: identity.labels,
            source: SourceInfo(tool: GuideLLMImporter.name, version: toolVersion, format: generation.rawValue, path: url.path(percentEncoded: false)),
            runAt: benchmarks.compactMap(\.start).min().map {
                RunTime(date: Date(timeIntervalSince1970: $0), zone: .current, origin: .ingestHost)
            },
            contentHash: files.contentHash(kind: GuideLLMImporter.name), points: benchmarks.map(\.point))
        run.warnings = warnings
        return run
    }

    /// Body fields that say what the model generates, with the same value in every kept request.
    private static func generationConfig(_ benchmarks: [GuideLLMBenchmark], fallback: GenerationConfig) throws -> GenerationConfig {
        let bodies = benchmarks.flatMap(\.bodies)
        guard var common = bodies.first else { return fallback }
        let notSettings: Set<String> = ["model", "messages", "prompt", "input", "stream_options", "tools", "files", "audio", "file"]
        common = common.filter { !notSettings.contains($0.key) }
        for body in bodies.dropFirst() {
            common = common.filter { body[$0.key] == $0.value }
        }
        if let maxTokens = common.removeValue(forKey: "max_completion_tokens"), common["max_tokens"] == nil {
            common["max_tokens"] = maxTokens
        }
        return GenerationConfig(common)
    }

    /// Model, engine, hardware, workload and labels from wherever the generation keeps them.
    struct Identity {
        var model: ModelIdentity
        var engine = EngineIdentity()
        var hardware = Hardware()
        var generationConfig = GenerationConfig()
        var workload = Workload()
        var labels: [String: String] = [:]

        init(
            generation: Generation, json: [String: JSONValue], spec: [String: JSONValue], config: [String: JSONValue],
            first: [String: JSONValue], fields: JSONFields
        ) throws {
            let r = AIPerfConfig.Reader(fields: fields)
            var modelName: String?
            var tokenizer: String?
            var target: String?
            var api: String?
            var endpoint: String?
            var data: DataSpec?
            var labelValues: [String: JSONValue] = [:]
            switch generation {
            case .v03:
                let worker = try r.optionalObject(first["worker"], "benchmarks[0].worker")
                modelName = try fields.optionalString(worker["backend_model"], "benchmarks[0].worker.backend_model")
                target = try fields.optionalString(worker["backend_target"], "benchmarks[0].worker.backend_target")
                api = try fields.optionalString(worker["backend_type"], "benchmarks[0].worker.backend_type")
                let loader = try r.optionalObject(first["request_loader"], "benchmarks[0].request_loader")
                tokenizer = try fields.optionalString(loader["processor"], "benchmarks[0].request_loader.processor")
                data = try DataSpec(loader["data"], "benchmarks[0].request_loader.data", fields)
                labelValues = try r.optionalObject(first["extras"], "benchmarks[0].extras")
                // The request type of the kept requests (0.3 defaults to text completions).
                let samples = try r.optionalObject(first["requests"], "benchmarks[0].requests")
                let kept = try (r.optionalArray(samples["successful"], "benchmarks[0].requests.successful") ?? [])
                    + (r.optionalArray(samples["errored"], "benchmarks[0].requests.errored") ?? [])
                if let item = kept.first?.objectValue,
                   let type = try fields.optionalString(item["request_type"], "benchmarks[0].requests[0].request_type") {
                    let info = try r.optionalObject(worker["backend_info"], "benchmarks[0].worker.backend_info")
                    endpoint = try fields.optionalString(info["\(type)_path"], "benchmarks[0].worker.backend_info.\(type)_path")
                        .flatMap { ProfileExtraInputs.path($0) } ?? Self.defaultPath(type)
                }
            case .v04:
                let args = try r.optionalObject(json["args"], "args")
                let backend = try r.optionalObject(
                    try r.optionalObject(first["config"], "benchmarks[0].config")["backend"], "benchmarks[0].config.backend")
                modelName = try fields.optionalString(args["model"], "args.model")
                    ?? fields.optionalString(backend["model"], "benchmarks[0].config.backend.model")
                target = try fields.optionalString(args["target"], "args.target")
                    ?? fields.optionalString(backend["target"], "benchmarks[0].config.backend.target")
                api = try? fields.optionalString(args["backend"], "args.backend")
                tokenizer = try? fields.optionalString(args["processor"], "args.processor")
                if let list = try r.optionalArray(args["data"], "args.data"), let item = list.first {
                    data = try DataSpec(item, "args.data[0]", fields)
                }
                if let formatter = try? fields.optionalString(args["data_request_formatter"], "args.data_request_formatter") {
                    let paths = try r.optionalObject(backend["openai_paths"], "benchmarks[0].config.backend.openai_paths")
                    endpoint = try fields.optionalString(paths[formatter], "benchmarks[0].config.backend.openai_paths.\(formatter)")
                        .flatMap { ProfileExtraInputs.path($0) } ?? Self.defaultPath(formatter)
                }
            case .v07:
                let backend = try r.optionalObject(spec["backend"], "config.spec.backend")
                modelName = try fields.optionalString(backend["model"], "config.spec.backend.model")
                target = try fields.optionalString(backend["target"], "config.spec.backend.target")
                api = try fields.optionalString(backend["kind"], "config.spec.backend.kind")
                endpoint = try fields.optionalString(backend["request_format"], "config.spec.backend.request_format")
                    .flatMap { $0.hasPrefix("/") ? $0 : Self.defaultPath($0) }
                let tokenizerSpec = try r.optionalObject(spec["tokenizer"], "config.spec.tokenizer")
                tokenizer = try fields.optionalString(tokenizerSpec["model"], "config.spec.tokenizer.model")
                if let list = try r.optionalArray(spec["data"], "config.spec.data"), let item = list.first {
                    data = try DataSpec(item, "config.spec.data[0]", fields)
                }
                let metadata = try r.optionalObject(config["metadata"], "config.metadata")
                labelValues = try r.optionalObject(metadata["labels"], "config.metadata.labels")
                var settings: [String: JSONValue] = [:]
                if let stream = try r.optionalBool(backend["stream"], "config.spec.backend.stream") { settings["stream"] = .bool(stream) }
                if let maxTokens = try fields.optionalCount(backend["max_tokens"], "config.spec.backend.max_tokens") {
                    settings["max_tokens"] = .int(Int64(maxTokens))
                }
                generationConfig = GenerationConfig(settings)
            }
            if modelName == nil {
                let backend = try r.optionalObject(
                    try r.optionalObject(first["config"], "benchmarks[0].config")["backend"], "benchmarks[0].config.backend")
                modelName = try fields.optionalString(backend["model"], "benchmarks[0].config.backend.model")
            }
            guard let modelName, !modelName.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fields.error(generation == .v07 ? "config.spec.backend.model" : generation == .v04 ? "args.model" : "benchmarks[0].worker.backend_model", "missing")
            }
            model = ModelIdentity(name: modelName, tokenizer: tokenizer)

            for (key, value) in labelValues {
                labels[key] = value.stringValue ?? value.canonicalJSON
            }
            if let text = labels["hardware"] { hardware = Hardware(description: text) }
            if let text = labels["engine"] ?? labels["server"],
               let match = text.wholeMatch(of: /([A-Za-z][A-Za-z_]*)[-_ :\/]v?(\d[0-9A-Za-z.+_-]*)/) {
                engine = EngineIdentity(name: String(match.1), version: String(match.2))
            }
            if generation == .v03 {
                // 0.3 keeps no request bodies; its backend (`backend/openai.py`) always streams and,
                // when the data sets each request's output length, sends it as the max with ignore_eos.
                var settings: [String: JSONValue] = ["stream": .bool(true)]
                if let length = data?.outputTokens {
                    settings["max_tokens"] = .int(Int64(length))
                    settings["ignore_eos"] = .bool(true)
                }
                generationConfig = GenerationConfig(settings)
            }
            workload = Workload(
                api: api, endpoint: endpoint, url: target, dataset: data?.dataset, datasetPath: data?.path,
                minPromptLength: data?.promptTokens, maxPromptLength: data?.promptTokens, outputLength: data?.outputTokens)
        }

        static func defaultPath(_ requestType: String) -> String? {
            switch requestType {
            case "chat_completions", "v1/chat/completions": "/v1/chat/completions"
            case "text_completions", "v1/completions": "/v1/completions"
            default: nil
            }
        }
    }

    /// What a `--data` argument says: synthetic lengths (`prompt_tokens=1024,output_tokens=1024`,
    /// `{"prompt_tokens": 1024, …}`, 0.8's `{"kind": "synthetic_text", "prompt_tokens": 1024, …}`)
    /// or a dataset name or path.
    struct DataSpec {
        var dataset: String?
        var path: String?
        var promptTokens: Int?
        var outputTokens: Int?

        init?(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws {
            guard let value, !value.isNull else { return nil }
            var object: [String: JSONValue]
            if let parsed = value.objectValue {
                object = parsed
            } else {
                let text = try fields.string(value, path).trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("{"), let parsed = try? JSONValue.parse(Data(text.utf8)).objectValue {
                    object = parsed
                } else if text.contains("="), !text.contains("/") {
                    object = [:]
                    for pair in text.split(separator: ",") {
                        let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        guard parts.count == 2 else { continue }
                        object[parts[0]] = Int64(parts[1]).map(JSONValue.int) ?? Double(parts[1]).map(JSONValue.double) ?? .string(parts[1])
                    }
                } else {
                    dataset = text
                    self.path = text.contains("/") ? text : nil
                    return
                }
            }
            promptTokens = try Self.fixed(object, "prompt_tokens", path, fields)
            outputTokens = try Self.fixed(object, "output_tokens", path, fields)
            let kind = try fields.optionalString(object["kind"], "\(path).kind")
            if object["prompt_tokens"] != nil || kind?.hasPrefix("synthetic") == true {
                dataset = "synthetic"
            } else {
                dataset = try kind ?? fields.optionalString(object["data"], "\(path).data")
                    ?? fields.optionalString(object["path"], "\(path).path")
                self.path = try fields.optionalString(object["path"], "\(path).path")
            }
        }

        /// `<name>` as one token count when no spread is given (`<name>_stdev`, `_min`, `_max`).
        private static func fixed(_ object: [String: JSONValue], _ name: String, _ path: String, _ fields: JSONFields) throws -> Int? {
            guard let value = try fields.optionalNumber(object[name], "\(path).\(name)") else { return nil }
            for suffix in ["_stdev", "_min", "_max"] {
                guard let other = try fields.optionalNumber(object[name + suffix], "\(path).\(name)\(suffix)") else { continue }
                if suffix == "_stdev" ? other != 0 : other != value { return nil }
            }
            return try ProfileExtraInputs.fixedLength(mean: value, stddev: 0, "\(path).\(name)", fields)
        }
    }
}
