import CaliperCore
import Foundation

/// lm-evaluation-harness (`lm_eval` / `lm-eval run`, 0.4.0 to 0.4.13 and main): a results file
/// with its per-task samples files, or a folder directly holding results files (lm-eval's
/// `<output_path>/<model>/`), one run per results file, oldest first.
///
/// | source (results file) | Caliper |
/// |---|---|
/// | `results.<task>["<metric>,<filter>"]`, groups too | ``EvalScore`` (see ``LMEvalResults``: dataset = task or top-level group, subset = subgroup or task, metric = canonical name + `,<filter>` unless `none`) |
/// | `<metric>_stderr,<filter>`, `"N/A"` figures | left out |
/// | `n-samples.<task>.effective`; group `sample_count` | `EvalScore.count` |
/// | `configs.<task>.metric_list[0]` × `filter_list[0]` | `isPrimary` |
/// | `samples_<task>_<date_id>.jsonl` lines of the headline filter: `doc_hash` (else `doc_id`), `doc_id`, `<metric>` | ``EvalSample`` `questionID`, `sampleID`, `score` (repeat 0; see ``LMEvalSamples``) |
/// | `model_name`, `config.model_args` (`model`, `pretrained`; dict or `k=v,k=v`) | `model` (`pretrained` is the checkpoint, `tokenizer` the tokenizer) |
/// | `config.model` (`hf`, `vllm`, `sglang`) | `engine` (`transformers` with `transformers_version`); every model type is `workload.api` |
/// | `pretty_env_info` `GPU 0: NVIDIA H20` (local model types only) | `hardware` (see ``LMEvalIdentity``) |
/// | `configs.<task>.generation_kwargs` + `config.gen_kwargs` | `generationConfig` (`max_gen_toks` → `max_tokens`, `temperature`, `until`, `do_sample`, `reasoning_effort`, …) |
/// | `config.model_args.base_url` | `workload.url`, `endpoint` |
/// | the datasets | `workload.dataset` (sorted, comma-separated) |
/// | `lm_eval_version` (+ `git_hash` for `.dev` versions) | `source.version`; layout `results-v1` / `results-v2` is `source.format` |
/// | `date` (epoch seconds), the file name's local time for the zone | `runAt` |
///
/// ```swift
/// let runs = try LMEvalImporter.readRuns(URL(fileURLWithPath: "out/sample-llm"))
/// runs[0].scores.first { $0.isPrimary }?.metric   // "exact_match,second_word"
/// ```
public enum LMEvalImporter: ResultImporter {
    public static let name = "lm-eval"

    public static func recognizes(_ location: URL) -> Bool {
        if ResultDiscovery.isDirectory(location) { return !LMEvalResultsFile.files(in: location).isEmpty }
        return LMEvalResultsFile.recognizes(location, anyName: true)
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        if ResultDiscovery.isDirectory(location) {
            let files = LMEvalResultsFile.files(in: location)
            if files.isEmpty { throw ImportError(file: location, reason: "no lm-eval results file (results_<time>.json)") }
            return try files.map { try read($0, root: location) }
        }
        guard let file = LMEvalResultsFile(location, anyName: true) else {
            throw ImportError(file: location, reason: "not an lm-eval results file (.json)")
        }
        return [try read(file, root: location.deletingLastPathComponent())]
    }

    static func read(_ file: LMEvalResultsFile, root directory: URL) throws -> Run {
        var files = SourceFiles(root: directory)
        let json = try files.json(file.url)
        let reader = JSONFields(file: file.url)
        guard let root = json.objectValue else {
            throw reader.error("", "expected a JSON object, found \(JSONFields.kind(of: json))")
        }
        let results = try LMEvalResults(root: root, reader: reader)
        let modelType = try reader.optionalString(root["config"]?["model"], "config.model")
        let arguments = try LMEvalIdentity.modelArguments(root["config"]?["model_args"], reader: reader)

        var scores: [EvalScore] = []
        var samples: [EvalSample] = []
        var warnings: [String] = []
        var missingSamples: [String] = []
        var anySamplesFile = false
        var kwargs: [(task: String, values: [String: JSONValue])] = []
        for unit in results.units {
            scores += try results.scores(of: unit)
            let primary = try results.primaryKey(of: unit)
            for task in unit.tasks {
                if let values = try results.generationKwargs(of: task), !kwargs.contains(where: { $0.task == task }) {
                    kwargs.append((task, values))
                }
                guard let primary else { continue }
                guard let samplesFile = file.samplesFile(task: task, modelArgs: arguments.raw) else {
                    missingSamples.append(task)
                    continue
                }
                anySamplesFile = true
                let lines: [JSONValue]
                switch file.layout {
                case .dated:
                    lines = try files.jsonLines(samplesFile)
                case .plain:
                    let value = try files.json(samplesFile)
                    guard let list = value.arrayValue else {
                        throw JSONFields(file: samplesFile).error("", "expected a list of samples, found \(JSONFields.kind(of: value))")
                    }
                    lines = list
                }
                let rows = try LMEvalSamples(
                    lines: lines, file: samplesFile, jsonLines: file.layout == .dated, dataset: unit.dataset, subset: task,
                    key: primary, filters: results.filters(of: task))
                samples += rows.samples
                if let warning = rows.warning { warnings.append(warning) }
            }
        }
        if anySamplesFile, !missingSamples.isEmpty {
            warnings.append("no samples file for \(missingSamples.joined(separator: ", ")); only its scores are stored")
        }

        let generation = try LMEvalIdentity.generation(kwargs: kwargs, root: root, reader: reader)
        warnings += generation.warnings
        let baseURL = arguments.values["base_url"]?.stringValue
        var run = Run(
            kind: .eval,
            model: LMEvalIdentity.model(root: root, arguments: arguments.values, modelType: modelType),
            engine: LMEvalIdentity.engine(modelType: modelType, root: root),
            hardware: LMEvalIdentity.hardware(modelType: modelType, arguments: arguments.values, root: root),
            generationConfig: generation.config,
            workload: Workload(
                api: modelType, endpoint: baseURL.flatMap(Workload.endpointPath(of:)), url: baseURL,
                dataset: results.units.map(\.dataset).sorted().joined(separator: ","),
                outputLength: generation.config.maxTokens),
            source: SourceInfo(
                tool: name, version: LMEvalIdentity.version(root: root, layout: file.layout), format: file.layout.rawValue,
                path: file.url.path(percentEncoded: false)),
            runAt: try LMEvalIdentity.runAt(root: root, file: file, reader: reader),
            contentHash: files.contentHash(kind: name),
            scores: scores,
            samples: samples)
        run.warnings = warnings
        return run
    }
}
