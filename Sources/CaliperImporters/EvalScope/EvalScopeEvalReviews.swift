import CaliperCore
import Foundation

/// The per-sample lines of `reviews/<model>/<dataset>_<subset>.jsonl`, any EvalScope version.
///
/// 0.x lines are an OpenAI chat completion whose `choices[].review.result` holds the score (a
/// number, or a dict of metrics for QA). 1.x lines hold `sample_score {score {value {<metric>: x},
/// main_score_name}, sample_id, group_id, generation_index (1.14)}`.
struct EvalScopeEvalReviews {
    enum Shape: Equatable {
        case completion
        case sampleScore
    }

    /// Token counts and timing of one request, when the source kept them.
    struct Usage: Equatable {
        var inputTokens: Int?
        var outputTokens: Int?
        var latency: Double?
        var ttft: Double?
    }

    let dataset: String
    let subset: String
    let file: URL
    private(set) var samples: [EvalSample] = []
    private(set) var shape: Shape?
    /// The 1.x `index` of each sample (parallel to ``samples``), to match prediction lines.
    private(set) var indexes: [Int?] = []

    /// Review files of a model folder, each matched to its dataset. Dataset names contain
    /// underscores (`general_mcq_example`), so the longest known name that prefixes the file wins;
    /// files of unknown datasets are left out.
    static func files(in folder: URL, datasets: Set<String>) -> [(dataset: String, subset: String, url: URL)] {
        let names = reviewFileNames(in: folder)
        let byLength = datasets.sorted { ($0.count, $0) > ($1.count, $1) }
        return names.compactMap { name in
            let stem = String(name.dropLast(".jsonl".count))
            guard let dataset = byLength.first(where: { stem.hasPrefix("\($0)_") && stem.count > $0.count + 1 }) else {
                return nil
            }
            return (dataset, String(stem.dropFirst(dataset.count + 1)), folder.appending(path: name))
        }
    }

    /// Every `.jsonl` in a model's review folder, by name.
    static func reviewFileNames(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
    }

    /// Parses one review file. `primaryMetric` (canonical) picks the per-sample metric when a line
    /// holds several and names none; `repeats` (config) derives repeat indexes before 1.14.
    init(
        dataset: String, subset: String, file: URL, lines: [JSONValue], primaryMetric: String?, repeats: Int?
    ) throws {
        self.dataset = dataset
        self.subset = subset
        self.file = file
        var firstLineOfSample: [String: Int] = [:]
        var pendingRepeat: Set<Int> = []
        for (offset, line) in lines.enumerated() {
            let reader = JSONFields(file: file, line: offset + 1)
            guard let object = line.objectValue else {
                throw reader.error("", "expected a JSON object, found \(JSONFields.kind(of: line))")
            }
            let lineShape: Shape
            if object["sample_score"] != nil {
                lineShape = .sampleScore
            } else if object["choices"] != nil {
                lineShape = .completion
            } else {
                throw reader.error("", "unknown review line layout: neither \"sample_score\" nor \"choices\"")
            }
            if let shape, shape != lineShape {
                throw reader.error("", "review lines of different layouts in one file")
            }
            shape = lineShape

            let parsed = lineShape == .sampleScore
                ? [try Self.sampleScoreLine(object, reader: reader, primaryMetric: primaryMetric, repeats: repeats)]
                : try Self.completionLine(object, reader: reader, primaryMetric: primaryMetric)
            for line in parsed {
                if let earlier = firstLineOfSample[line.sampleID] {
                    throw reader.error("", "sample \(line.sampleID) already on line \(earlier)")
                }
                firstLineOfSample[line.sampleID] = offset + 1
                if line.repeatIndex == nil { pendingRepeat.insert(samples.count) }
                samples.append(EvalSample(
                    dataset: dataset, subset: subset, sampleID: line.sampleID, questionID: line.questionID,
                    repeatIndex: line.repeatIndex ?? 0, metric: line.metric, score: line.score,
                    inputTokens: line.usage.inputTokens, outputTokens: line.usage.outputTokens,
                    latency: line.usage.latency, ttft: line.usage.ttft
                ))
                indexes.append(line.index)
            }
        }
        rankRepeats(pendingRepeat)
    }

    /// Whether no line carried request usage (1.x reviews before messages had `perf_metrics`, as in
    /// 1.0), so the predictions must supply it.
    var lacksUsage: Bool {
        shape == .sampleScore && !samples.isEmpty
            && samples.allSatisfy { $0.inputTokens == nil && $0.outputTokens == nil && $0.latency == nil }
    }

    /// Fills token counts and time from the prediction lines of the same file name, matched by `index`.
    /// Left as is when an index repeats, since the match would then be ambiguous.
    mutating func fillUsage(fromPredictions lines: [JSONValue], file: URL) throws {
        var usageByIndex: [Int: Usage] = [:]
        for (offset, line) in lines.enumerated() {
            let reader = JSONFields(file: file, line: offset + 1)
            guard let index = try reader.optionalInt(line["index"], "index") else { return }
            guard usageByIndex[index] == nil else { return }
            let output = line["model_output"]
            let usage = output?["usage"]
            usageByIndex[index] = Usage(
                inputTokens: try reader.optionalCount(usage?["input_tokens"], "model_output.usage.input_tokens"),
                outputTokens: try reader.optionalCount(usage?["output_tokens"], "model_output.usage.output_tokens"),
                latency: try reader.optionalSeconds(output?["time"], "model_output.time")
            )
        }
        for position in samples.indices {
            guard let index = indexes[position], let usage = usageByIndex[index] else { continue }
            samples[position].inputTokens = usage.inputTokens
            samples[position].outputTokens = usage.outputTokens
            samples[position].latency = usage.latency
        }
    }

    // MARK: Lines

    /// One scored answer as a line states it; `repeatIndex` nil when the line does not tell.
    private struct Parsed {
        var sampleID: String
        var questionID: String
        var repeatIndex: Int?
        var metric: String
        var score: Double
        var usage = Usage()
        /// 1.x `index`, to match the prediction line.
        var index: Int?
    }

    /// A 1.x line. Before 1.14 there is no `generation_index`: EvalScope numbers samples
    /// consecutively with `group_id = sample_id / repeats`, so the repeat is the remainder.
    private static func sampleScoreLine(
        _ object: [String: JSONValue], reader: JSONFields, primaryMetric: String?, repeats: Int?
    ) throws -> Parsed {
        let sampleScore = try reader.object(object["sample_score"], "sample_score")
        let score = try reader.object(sampleScore["score"], "sample_score.score")
        let values = try reader.object(score["value"], "sample_score.score.value")
        let named = try reader.optionalString(score["main_score_name"], "sample_score.score.main_score_name")
        let (key, metric) = try mainMetric(
            values, named: named, primaryMetric: primaryMetric, reader: reader, path: "sample_score.score.value"
        )
        let value = try reader.score(values[key] ?? .null, "sample_score.score.value.\(key)", metric: metric)

        let index = try reader.optionalInt(object["index"], "index")
        guard let sampleID = try reader.optionalID(sampleScore["sample_id"], "sample_score.sample_id") ?? index.map(String.init) else {
            throw reader.error("sample_score.sample_id", "missing")
        }
        let questionID = try reader.optionalID(sampleScore["group_id"], "sample_score.group_id") ?? sampleID
        var repeatIndex = try reader.optionalCount(sampleScore["generation_index"], "sample_score.generation_index")
        if repeatIndex == nil, let sample = Int(sampleID), let question = Int(questionID) {
            // Ids are the file's: arithmetic that would overflow places nothing (ranked below instead).
            let perQuestion = max(repeats ?? 1, 1)
            let first = question.multipliedReportingOverflow(by: perQuestion)
            let remainder = sample.subtractingReportingOverflow(first.partialValue)
            if !first.overflow, !remainder.overflow, (0..<perQuestion).contains(remainder.partialValue) {
                repeatIndex = remainder.partialValue
            }
        }

        var usage = Usage()
        for message in (object["messages"]?.arrayValue ?? []).reversed() {
            guard let perf = message["perf_metrics"], !perf.isNull else { continue }
            usage = Usage(
                inputTokens: try reader.optionalCount(perf["input_tokens"], "messages.perf_metrics.input_tokens"),
                outputTokens: try reader.optionalCount(perf["output_tokens"], "messages.perf_metrics.output_tokens"),
                latency: try reader.optionalSeconds(perf["latency"], "messages.perf_metrics.latency"),
                ttft: try reader.optionalSeconds(perf["ttft"], "messages.perf_metrics.ttft")
            )
            break
        }
        return Parsed(
            sampleID: sampleID, questionID: questionID, repeatIndex: repeatIndex, metric: metric, score: value,
            usage: usage, index: index
        )
    }

    /// A 0.x line: the question is `index` (the dataset row, also `raw_input.id` for MCQ); each
    /// reviewed choice is one answer, a repeat when the request asked for several.
    private static func completionLine(
        _ object: [String: JSONValue], reader: JSONFields, primaryMetric: String?
    ) throws -> [Parsed] {
        guard let questionID = try reader.optionalID(object["index"], "index")
            ?? reader.optionalID(object["raw_input"]?["id"], "raw_input.id") else {
            throw reader.error("index", "missing")
        }
        let choices = try reader.array(object["choices"], "choices")
        let requestUsage = object["usage"]
        let inputTokens = try reader.optionalCount(requestUsage?["prompt_tokens"], "usage.prompt_tokens")
        let outputTokens = try reader.optionalCount(requestUsage?["completion_tokens"], "usage.completion_tokens")

        var reviewed: [(metric: String, score: Double)] = []
        for (position, choice) in choices.enumerated() {
            let path = "choices[\(position)].review"
            guard let review = choice["review"], !review.isNull else { continue }
            guard let result = try reader.object(review, path)["result"], !result.isNull else {
                throw reader.error("\(path).result", "missing")
            }
            if let values = result.objectValue {
                let (key, metric) = try mainMetric(values, named: nil, primaryMetric: primaryMetric, reader: reader, path: "\(path).result")
                reviewed.append((metric, try reader.score(values[key] ?? .null, "\(path).result.\(key)", metric: metric)))
            } else {
                guard let primaryMetric else {
                    throw reader.error("\(path).result", "the report names no primary metric for this score")
                }
                reviewed.append((primaryMetric, try reader.score(result, "\(path).result", metric: primaryMetric)))
            }
        }
        if reviewed.isEmpty { throw reader.error("choices", "no choice has a review") }
        // Usage counts the whole request, so it belongs to a sample only when there is one answer.
        let usage = reviewed.count == 1 ? Usage(inputTokens: inputTokens, outputTokens: outputTokens) : Usage()
        return reviewed.enumerated().map { repeatIndex, entry in
            Parsed(
                sampleID: reviewed.count == 1 ? questionID : "\(questionID)#\(repeatIndex)", questionID: questionID,
                repeatIndex: repeatIndex, metric: entry.metric, score: entry.score, usage: usage
            )
        }
    }

    /// The per-sample metric: `main_score_name`, else the only one, else the one that means the
    /// report's primary metric. Returns the source key and its canonical name.
    private static func mainMetric(
        _ values: [String: JSONValue], named: String?, primaryMetric: String?, reader: JSONFields, path: String
    ) throws -> (key: String, metric: String) {
        if let named {
            guard values[named] != nil else { throw reader.error(path, "has no \"\(named)\" (main_score_name)") }
            return (named, EvalMetricName.canonical(named))
        }
        if values.count == 1, let key = values.keys.first { return (key, EvalMetricName.canonical(key)) }
        let matching = values.keys.filter { EvalMetricName.canonical($0) == primaryMetric }
        guard let primaryMetric, matching.count == 1 else {
            let keys = values.keys.sorted().joined(separator: ", ")
            throw reader.error(path, "cannot tell the main metric among [\(keys)] (report primary: \(primaryMetric ?? "none"))")
        }
        return (matching[0], primaryMetric)
    }

    /// Repeat index by order of sample id within each question, for lines the id arithmetic
    /// could not place.
    private mutating func rankRepeats(_ positions: Set<Int>) {
        guard !positions.isEmpty else { return }
        let byQuestion = Dictionary(grouping: samples.indices) { samples[$0].questionID }
        for (_, members) in byQuestion {
            let ordered = members.sorted {
                let (left, right) = (samples[$0].sampleID, samples[$1].sampleID)
                if let l = Int(left), let r = Int(right) { return l < r }
                return left < right
            }
            for (rank, position) in ordered.enumerated() where positions.contains(position) {
                samples[position].repeatIndex = rank
            }
        }
    }
}
