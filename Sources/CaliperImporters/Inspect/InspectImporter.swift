import CaliperCore
import Foundation

/// Inspect AI eval logs (0.3.x): the `.eval` zip (Inspect's native format) and the `.json` log
/// (`--log-format json`, or `inspect log convert --to json`). A log is a run; a folder directly
/// holding logs is one run per log, oldest first. Both containers of one log import to the same
/// run content; only the hash (over the file read) differs.
///
/// | source (`header.json`, or the `.json` log's top level) | Caliper |
/// |---|---|
/// | `eval.task` | score and sample `dataset` (samples' `subset` too), `workload.dataset` |
/// | `results.scores[].metrics.<m>.value` (`results.scorer`/`metrics` in early 0.3) | ``EvalScore`` (see ``InspectScores``; `stderr` left out) |
/// | `results.scores[].scored_samples` | `EvalScore.count` (per question, after the epoch reducer) |
/// | `results.headline`, else the first scorer's first declared metric | `isPrimary` |
/// | `samples/<id>_epoch_<n>.json` (`samples[]`): `id`, `epoch`, `scores.<scorer>.value` | ``EvalSample`` `questionID`, `repeatIndex` = epoch − 1, `score` (see ``InspectSamples``) |
/// | sample `model_usage.<eval.model>.{input,output}_tokens` | `inputTokens`, `outputTokens` |
/// | sample `working_time` (else `total_time`), seconds | `latency` |
/// | `reductions.json` | samples (repeat 0) only when the log has no samples |
/// | `eval.model` (`openai-api/mock/sample-llm`) | `model.name` without the provider (and `openai-api`'s service): `sample-llm`; a name with `/` is also the checkpoint |
/// | provider `vllm`, `sglang`, `hf` | `engine` `vllm`, `sglang`, `transformers` (others: left to `--engine`) |
/// | `plan.config` then `eval.model_generate_config` (CLI wins) | `generationConfig` (`max_tokens`, `temperature`, `reasoning_effort`, …; connection and retry settings dropped) |
/// | `eval.model_base_url` | `workload.url`, `endpoint`; the provider is `workload.api` |
/// | `eval.packages.inspect_ai`; `version` (log schema) | `source.version`; `source.format` `eval-v2` / `json-v2` |
/// | `eval.created` (ISO 8601 with offset) | `runAt` |
///
/// Hardware is never in a log (the model runs behind a provider): `--hardware` sets it.
///
/// ```swift
/// let runs = try InspectImporter.readRuns(URL(fileURLWithPath: "logs"))
/// runs[0].scores.first { $0.isPrimary }?.score   // 0.625
/// ```
public enum InspectImporter: ResultImporter {
    public static let name = "inspect"

    public static func recognizes(_ location: URL) -> Bool {
        guard ResultDiscovery.isDirectory(location) else {
            return InspectLogFile.isEvalArchive(location) || InspectLogFile.isJSONLog(location)
        }
        let children = (try? FileManager.default.contentsOfDirectory(
            at: location, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])) ?? []
        // Archives by name first; JSON files are opened only when there is none.
        return children.contains(where: InspectLogFile.isEvalArchive) || children.contains(where: InspectLogFile.isJSONLog)
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        guard ResultDiscovery.isDirectory(location) else {
            return [try read(location, root: location.deletingLastPathComponent())]
        }
        let runs = try logFiles(in: location).map { try read($0, root: location) }
        // Inspect names logs by start time; the recorded time orders them when a name does not.
        return runs.enumerated().sorted {
            ($0.element.runAt?.seconds ?? .min, $0.offset) < ($1.element.runAt?.seconds ?? .min, $1.offset)
        }.map(\.element)
    }

    /// The logs directly in a folder, by name: `.eval` archives and `.json` logs.
    static func logFiles(in directory: URL) -> [URL] {
        let children = (try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])) ?? []
        return children.filter { InspectLogFile.isEvalArchive($0) || InspectLogFile.isJSONLog($0) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Client settings in a `GenerateConfig`: how Inspect talks to the provider, not what it asks.
    static let clientOnlyKeys: Set<String> = [
        "max_connections", "adaptive_connections", "max_retries", "timeout", "attempt_timeout", "extra_headers",
        "cache", "batch", "fallback_models", "max_subprocesses", "max_sandboxes",
    ]

    static func read(_ url: URL, root: URL) throws -> Run {
        var files = SourceFiles(root: root)
        let log = try InspectLogFile.read(url, files: &files)
        let reader = JSONFields(file: log.header.file)
        guard let header = log.header.value.objectValue else {
            throw reader.error("", "expected a JSON object, found \(JSONFields.kind(of: log.header.value))")
        }
        let schema = try reader.optionalInt(header["version"], "version") ?? 1
        let status = try reader.optionalString(header["status"], "status")
        let eval = try reader.object(header["eval"], "eval")
        let task = try reader.string(eval["task"], "eval.task")
        let model = try reader.string(eval["model"], "eval.model")
        if header["results"]?.isNull ?? true {
            throw reader.error("results", "missing: status \(status ?? "unknown"): the eval did not finish, so it has no scores")
        }

        var warnings: [String] = []
        let scores = try InspectScores(header: header, dataset: task, reader: reader)
        var samples: [EvalSample] = []
        if let primary = scores.primary {
            let rows = try InspectSamples(log: log, dataset: task, model: model, primary: primary, describe: files.relativePath)
            samples = ordered(rows.samples, datasetOrder: eval["dataset"]?["sample_ids"]?.arrayValue ?? [])
            warnings += rows.warnings
            if let reducer = primary.reducer, reducer != "mean", !samples.isEmpty {
                warnings.append("\(task): Inspect reduced epochs with \(reducer); Caliper's paired comparison averages them")
            }
        }
        if let status, status != "success" {
            warnings.append("\(files.relativePath(url)): status \(status): scores cover the samples that finished")
        }
        if header["invalidated"]?.boolValue == true {
            warnings.append("\(files.relativePath(url)): the log is marked invalidated")
        }

        var generation = GenerationConfig()
        for key in ["plan.config", "eval.model_generate_config"] {
            let parts = key.split(separator: ".").map(String.init)
            guard let value = header[parts[0]]?[parts[1]], !value.isNull else { continue }
            for (setting, setValue) in try reader.object(value, key) where !clientOnlyKeys.contains(setting) && !setValue.isNull {
                generation.set(setting, setValue)
            }
        }
        if let maxTokens = generation.values["max_tokens"], generation.maxTokens == nil {
            throw reader.error("eval.model_generate_config.max_tokens", "\(maxTokens.canonicalJSON): expected a whole number of tokens")
        }
        let (provider, identity) = modelIdentity(model)
        let baseURL = try reader.optionalString(eval["model_base_url"], "eval.model_base_url")
        let version = try reader.optionalString(eval["packages"]?["inspect_ai"], "eval.packages.inspect_ai")
        let created = try reader.optionalString(eval["created"], "eval.created")

        var run = Run(
            kind: .eval,
            model: identity,
            engine: EngineIdentity(name: ["vllm": "vllm", "sglang": "sglang", "hf": "transformers"][provider]),
            generationConfig: generation,
            workload: Workload(
                api: provider, endpoint: baseURL.flatMap(Workload.endpointPath(of:)), url: baseURL, dataset: task,
                outputLength: generation.maxTokens),
            source: SourceInfo(
                tool: name, version: version, format: "\(log.container.rawValue)-v\(schema)", path: url.path(percentEncoded: false)),
            runAt: created.flatMap(parseTime),
            contentHash: files.contentHash(kind: name),
            scores: scores.scores,
            samples: samples)
        run.warnings = warnings
        return run
    }

    /// Samples by epoch, then in dataset order (`eval.dataset.sample_ids`), whichever container
    /// they came from (a `.eval` lists members by name: `q1_epoch_1`, `q1_epoch_2`, …).
    static func ordered(_ samples: [EvalSample], datasetOrder: [JSONValue]) -> [EvalSample] {
        var position: [String: Int] = [:]
        for (index, id) in datasetOrder.enumerated() {
            guard let key = id.stringValue ?? id.intValue.map(String.init), position[key] == nil else { continue }
            position[key] = index
        }
        return samples.sorted { left, right in
            if left.repeatIndex != right.repeatIndex { return left.repeatIndex < right.repeatIndex }
            let (l, r) = (position[left.questionID] ?? .max, position[right.questionID] ?? .max)
            if l != r { return l < r }
            let byID = left.questionID.compare(right.questionID, options: .numeric)
            if byID != .orderedSame { return byID == .orderedAscending }
            return left.sampleID < right.sampleID
        }
    }

    /// `openai-api/mock/sample-llm` → provider `openai-api`, model `sample-llm`;
    /// `vllm/Qwen/Qwen3-8B` → `vllm`, `Qwen/Qwen3-8B` (also the checkpoint).
    static func modelIdentity(_ model: String) -> (provider: String?, identity: ModelIdentity) {
        let parts = model.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return (nil, ModelIdentity(name: model)) }
        var rest = parts[1]
        // `openai-api/<service>/<model>` and `openai/azure/<deployment>` name a service first.
        if parts[0] == "openai-api" || (parts[0] == "openai" && rest.hasPrefix("azure/")),
           let slash = rest.firstIndex(of: "/"), rest.index(after: slash) < rest.endIndex {
            rest = String(rest[rest.index(after: slash)...])
        }
        return (parts[0], ModelIdentity(name: rest, checkpoint: rest.contains("/") ? rest : nil))
    }

    /// `2026-12-07T16:03:44+00:00` (microseconds and `Z` allowed); a time without an offset is
    /// read in the ingesting host's zone.
    static func parseTime(_ text: String) -> RunTime? {
        guard let match = text.wholeMatch(of: /(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?/) else {
            return nil
        }
        let local = "\(match.1)T\(match.2)"
        guard let offsetText = match.3 else { return RunTime(local: local, zone: .current, origin: .ingestHost) }
        var seconds = 0
        if offsetText != "Z" {
            let digits = offsetText.dropFirst().filter(\.isNumber)
            guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else { return nil }
            seconds = (hours * 3600 + minutes * 60) * (offsetText.hasPrefix("-") ? -1 : 1)
        }
        guard let zone = TimeZone(secondsFromGMT: seconds) else { return nil }
        return RunTime(local: local, zone: zone, origin: .source)
    }
}
