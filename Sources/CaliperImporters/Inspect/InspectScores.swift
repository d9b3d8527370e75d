import CaliperCore
import Foundation

/// The dataset-level scores of an Inspect log, as Inspect printed them: `results.scores[]`, one
/// entry per scorer (and reducer), each with its metrics (`accuracy`, `mean`, `stderr`, …).
///
/// Metric names are canonical (``EvalMetricName``). A log with one scorer names its scores by
/// metric (`accuracy`); a log with several prefixes the scorer (`includes/accuracy`), and a
/// non-mean reducer is appended (`includes/accuracy.max`), so that every score has its own key.
/// `sourceMetric` is always `<scorer>/<metric>`. Standard errors (`stderr`, `bootstrap_stderr`)
/// are left out: ``EvalScore`` has no field for a score's uncertainty, and the paired comparison
/// computes its own from the samples.
///
/// The headline is `results.headline` (recent versions), else the first scorer's first metric as
/// its `eval.scorers[].metrics` list them (the order Inspect prints), else `accuracy`, `mean`,
/// then the first by name.
///
/// ```swift
/// let scores = try InspectScores(header: header, dataset: "mock_words", reader: reader)
/// scores.scores.first { $0.isPrimary }   // accuracy 0.625 over 8 samples
/// scores.primary?.scorer                 // "includes": whose per-sample values the samples carry
/// ```
struct InspectScores {
    /// The headline metric: the score entry's key in samples' `scores`, and the Caliper metric name.
    struct Primary {
        var scorer: String
        var scoreName: String
        var metric: String
        var reducer: String?
    }

    private(set) var scores: [EvalScore] = []
    private(set) var primary: Primary?

    private struct Entry {
        var name: String
        var scorer: String
        var reducer: String?
        var count: Int?
        /// (source metric name, value), sorted by name.
        var metrics: [(String, Double)]
    }

    init(header: [String: JSONValue], dataset: String, reader: JSONFields) throws {
        let results = try reader.object(header["results"], "results")
        let entries = try Self.entries(results, reader: reader)
        let several = entries.count > 1
        let reducers = Set(entries.map { $0.reducer ?? "mean" })

        var labels: [(entry: Int, source: String, metric: String, value: Double)] = []
        for (index, entry) in entries.enumerated() {
            for (name, value) in entry.metrics {
                var metric = EvalMetricName.canonical(name)
                if several { metric = "\(entry.name)/\(metric)" }
                if reducers.count > 1, let reducer = entry.reducer, reducer != "mean" { metric += ".\(reducer)" }
                labels.append((index, "\(entry.name)/\(name)", metric, value))
            }
        }
        var seen: [String: String] = [:]
        for label in labels {
            if let earlier = seen[label.metric] {
                throw reader.error("results.scores", "\"\(label.source)\" and \"\(earlier)\" both mean \"\(label.metric)\"")
            }
            seen[label.metric] = label.source
        }

        let primaryLabel = try Self.primaryLabel(
            labels.map { ($0.entry, $0.source) }, entries: entries, results: results, header: header, reader: reader)
        if let primaryLabel, let label = labels.first(where: { $0.source == primaryLabel }) {
            let entry = entries[label.entry]
            primary = Primary(scorer: entry.scorer, scoreName: entry.name, metric: label.metric, reducer: entry.reducer)
        }
        scores = labels.map { label in
            EvalScore(
                dataset: dataset, subset: nil, metric: label.metric, sourceMetric: label.source, score: label.value,
                count: entries[label.entry].count, isPrimary: label.source == primaryLabel)
        }
    }

    /// `results.scores[]`, or the 0.3.0-era `results.scorer` + `results.metrics` (which Inspect
    /// itself migrates the same way).
    private static func entries(_ results: [String: JSONValue], reader: JSONFields) throws -> [Entry] {
        var raw: [(value: JSONValue, path: String)] = []
        if let list = results["scores"], !list.isNull {
            raw = try reader.array(list, "results.scores").enumerated().map { ($1, "results.scores[\($0)]") }
        } else if let scorer = results["scorer"], !scorer.isNull {
            var object = try reader.object(scorer, "results.scorer")
            if let metrics = results["metrics"] { object["metrics"] = metrics }
            raw = [(.object(object), "results.scorer")]
        }
        var entries: [Entry] = []
        for (value, path) in raw {
            let object = try reader.object(value, path)
            let name = try reader.string(object["name"], "\(path).name")
            let scorer = try reader.optionalString(object["scorer"], "\(path).scorer") ?? name
            let reducer = try reader.optionalString(object["reducer"], "\(path).reducer")
            let count = try reader.optionalCount(object["scored_samples"], "\(path).scored_samples")
            var metrics: [(String, Double)] = []
            let metricObject = object["metrics"].map { $0.isNull ? [:] : $0.objectValue } ?? [:]
            guard let metricObject else { throw reader.error("\(path).metrics", "expected an object") }
            for key in metricObject.keys.sorted() {
                let metricPath = "\(path).metrics.\(key)"
                let metric = try reader.object(metricObject[key], metricPath)
                let metricName = try reader.optionalString(metric["name"], "\(metricPath).name") ?? key
                if metricName.lowercased().hasSuffix("stderr") { continue }
                let value = try reader.number(metric["value"], "\(metricPath).value")
                let domain = EvalMetricName.domain(EvalMetricName.canonical(metricName))
                metrics.append((metricName, try reader.checked(value, domain, "\(metricPath).value")))
            }
            entries.append(Entry(name: name, scorer: scorer, reducer: reducer, count: count, metrics: metrics))
        }
        return entries
    }

    /// The source label (`includes/accuracy`) of the headline metric; nil when the log has none.
    private static func primaryLabel(
        _ labels: [(entry: Int, source: String)], entries: [Entry], results: [String: JSONValue],
        header: [String: JSONValue], reader: JSONFields
    ) throws -> String? {
        guard !labels.isEmpty else { return nil }
        if let headline = results["headline"]?.objectValue,
           let score = try reader.optionalString(headline["score"], "results.headline.score"),
           let metric = try reader.optionalString(headline["metric"], "results.headline.metric"),
           labels.contains(where: { $0.source == "\(score)/\(metric)" }) {
            return "\(score)/\(metric)"
        }
        let first = entries[labels[0].entry]
        let names = labels.filter { $0.entry == labels[0].entry }.map { String($0.source.dropFirst(first.name.count + 1)) }
        // The metrics as the task declared them, in order: `inspect_ai/accuracy` → `accuracy`.
        let scorers = header["eval"]?["scorers"]?.arrayValue ?? []
        let declared = scorers.first { $0["name"]?.stringValue == first.scorer }?["metrics"]?.arrayValue ?? []
        let ordered = declared.compactMap { $0["name"]?.stringValue.map { String($0.split(separator: "/").last ?? "") } }
        let choice = ordered.first(where: names.contains)
            ?? ["accuracy", "mean"].first(where: names.contains)
            ?? names[0]
        return "\(first.name)/\(choice)"
    }
}
