import CaliperCore
import Foundation

/// The per-sample rows of an Inspect log: one ``EvalSample`` per sample and epoch.
///
/// Each `samples/<id>_epoch_<n>.json` (or `samples[]` entry of a `.json` log) gives the question
/// (`id`, the dataset's sample id: the same across runs of the task), the repeat (`epoch` − 1),
/// the headline scorer's value, tokens from `model_usage` of the eval's model, and time. Values
/// convert as Inspect's `value_to_float` does: `C` 1, `P` 0.5, `I` and `N` 0, booleans, numbers,
/// numeric strings, `yes`/`true` 1 and `no`/`false` 0. A log written without samples
/// (`--no-log-samples`) keeps its per-question reductions (`reductions.json`), stored as repeat 0.
///
/// Latency is `working_time` (the time the sample worked, without waiting for a connection or a
/// retry's back-off), else `total_time`, in seconds as Inspect writes them.
///
/// ```swift
/// let rows = try InspectSamples(log: log, dataset: "mock_words", model: "openai-api/mock/sample-llm", primary: primary)
/// rows.samples.count   // 16: 8 questions × 2 epochs
/// ```
struct InspectSamples {
    private(set) var samples: [EvalSample] = []
    private(set) var warnings: [String] = []

    init(log: InspectLogFile, dataset: String, model: String, primary: InspectScores.Primary, describe: (URL) -> String) throws {
        var firstOfSample: [String: String] = [:]
        var skipped: [String] = []
        for (index, document) in log.samples.enumerated() {
            let reader = JSONFields(file: document.file)
            let prefix = log.container == .json ? "samples[\(index)]." : ""
            guard let object = document.value.objectValue else {
                throw reader.error(String(prefix.dropLast()), "expected a JSON object, found \(JSONFields.kind(of: document.value))")
            }
            guard let id = try reader.optionalID(object["id"], "\(prefix)id") else { throw reader.error("\(prefix)id", "missing") }
            let epoch = try reader.optionalCount(object["epoch"], "\(prefix)epoch") ?? 1
            guard epoch >= 1 else { throw reader.error("\(prefix)epoch", "0: epochs count from 1") }
            let sampleID = "\(id)_epoch_\(epoch)"
            if let earlier = firstOfSample[sampleID] {
                throw reader.error("\(prefix)id", "sample \(id) epoch \(epoch) is also in \(earlier)")
            }
            firstOfSample[sampleID] = describe(document.file) + (log.container == .json ? " samples[\(index)]" : "")

            // `scores` keyed by scorer; logs before 0.3.x's multi-scorer change hold one `score`.
            let scores = try object["scores"].flatMap { $0.isNull ? nil : try reader.object($0, "\(prefix)scores") }
            let entry = scores?[primary.scorer] ?? scores?[primary.scoreName] ?? object["score"]
            guard let entry, !entry.isNull else {
                skipped.append(sampleID)
                continue
            }
            let path = "\(prefix)scores.\(primary.scorer).value"
            guard let value = try Self.value(try reader.object(entry, "\(prefix)scores.\(primary.scorer)")["value"],
                                             scoreName: primary.scoreName, path: path, reader: reader, metric: primary.metric)
            else {
                skipped.append(sampleID)
                continue
            }

            let usage = try Self.usage(object["model_usage"], model: model, reader: reader, path: "\(prefix)model_usage")
            let working = try reader.optionalSeconds(object["working_time"], "\(prefix)working_time")
            let total = try reader.optionalSeconds(object["total_time"], "\(prefix)total_time")
            samples.append(EvalSample(
                dataset: dataset, subset: dataset, sampleID: sampleID, questionID: id, repeatIndex: epoch - 1,
                metric: primary.metric, score: value, inputTokens: usage.input, outputTokens: usage.output,
                latency: working ?? total))
        }
        if samples.isEmpty, log.samples.isEmpty, let reductions = log.reductions {
            try readReductions(reductions, dataset: dataset, primary: primary)
        }
        if !skipped.isEmpty {
            warnings.append("\(skipped.count) samples have no usable \(primary.scorer) score (an error or a non-scalar value) and are left out: "
                + skipped.prefix(5).joined(separator: ", ") + (skipped.count > 5 ? ", …" : ""))
        }
    }

    /// Per-question values reduced over epochs, from `reductions.json`, for logs without samples.
    private mutating func readReductions(_ document: InspectLogFile.Document, dataset: String, primary: InspectScores.Primary) throws {
        let reader = JSONFields(file: document.file)
        let lists = try reader.array(document.value, "reductions")
        for (listIndex, list) in lists.enumerated() {
            let path = "reductions[\(listIndex)]"
            let scorer = try reader.string(list["scorer"], "\(path).scorer")
            let reducer = try reader.optionalString(list["reducer"], "\(path).reducer")
            guard scorer == primary.scorer || scorer == primary.scoreName, reducer == primary.reducer || primary.reducer == nil else { continue }
            var seen: Set<String> = []
            for (index, sample) in try reader.array(list["samples"], "\(path).samples").enumerated() {
                let samplePath = "\(path).samples[\(index)]"
                guard let id = try reader.optionalID(sample["sample_id"], "\(samplePath).sample_id") else {
                    throw reader.error("\(samplePath).sample_id", "missing")
                }
                guard seen.insert(id).inserted else { throw reader.error("\(samplePath).sample_id", "\(id) is listed twice") }
                guard let value = try Self.value(sample["value"], scoreName: primary.scoreName, path: "\(samplePath).value",
                                                 reader: reader, metric: primary.metric) else { continue }
                samples.append(EvalSample(
                    dataset: dataset, subset: dataset, sampleID: id, questionID: id, repeatIndex: 0, metric: primary.metric,
                    score: value))
            }
            return
        }
    }

    /// A score value as Inspect's `value_to_float` reads it; nil for a value that has none (a list,
    /// other text, or a dict without the score's key: multi-value scorers name each key as a score).
    static func value(_ raw: JSONValue?, scoreName: String, path: String, reader: JSONFields, metric: String) throws -> Double? {
        guard let raw, !raw.isNull else { return nil }
        let domain = EvalMetricName.domain(EvalMetricName.canonical(metric.split(separator: "/").last.map(String.init) ?? metric))
        switch raw {
        case .bool(let flag):
            return flag ? 1 : 0
        case .int, .double:
            return try reader.checked(try reader.number(raw, path), domain, path)
        case .string(let text):
            switch text {
            case "C": return 1
            case "P": return 0.5
            case "I", "N": return 0
            default: break
            }
            switch text.lowercased() {
            case "yes", "true": return 1
            case "no", "false": return 0
            default: break
            }
            // Inspect warns and counts any other text as 0; Caliper leaves the sample out instead.
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else { return nil }
            guard number.isFinite else { throw reader.error(path, "\(text.prefix(40)): not a finite number") }
            return try reader.checked(number, domain, path)
        case .object(let values):
            guard let inner = values[scoreName], !inner.isNull, inner.objectValue == nil else { return nil }
            return try value(inner, scoreName: scoreName, path: "\(path).\(scoreName)", reader: reader, metric: metric)
        case .array, .null:
            return nil
        }
    }

    /// Input and output tokens of the eval's model (a grader model's usage is not the answer's).
    private static func usage(_ value: JSONValue?, model: String, reader: JSONFields, path: String) throws -> (input: Int?, output: Int?) {
        guard let value, !value.isNull else { return (nil, nil) }
        let byModel = try reader.object(value, path)
        let key = byModel[model] != nil ? model : (byModel.count == 1 ? byModel.keys.first : nil)
        guard let key, let usage = byModel[key] else { return (nil, nil) }
        return (
            try reader.optionalCount(usage["input_tokens"], "\(path).\(key).input_tokens"),
            try reader.optionalCount(usage["output_tokens"], "\(path).\(key).output_tokens"))
    }
}
