import CaliperCore
import Foundation

/// A simple-evals / gpt_oss.evals metrics file: a flat object of numbers sorted by key,
/// `json.dumps(dict(sorted((metrics | {"score": score}).items())))`.
///
/// ```json
/// {"humanities": 0.7887, "humanities:std": 0.4082, "score": 0.8321, "score:std": 0.3737, "stem": 0.8452, …}
/// ```
///
/// `common.aggregate_results` stores each per-example metric's mean under its bare name and its
/// other statistics under `name:stat`. What Caliper keeps:
/// * `score`, the headline mean of the per-example scores → the primary `accuracy` (a fraction).
/// * MMLU's categories (`stem`, `humanities`, `social_sciences`, `other`) and MGSM's languages
///   (`en`, …, `group_latin`) are the same score over a part of the examples → subsets, `accuracy`.
/// * Other evals' metrics (`pass@1`, `f1_score`, `is_correct`, HealthBench's `axis:completeness`)
///   → non-primary scores under their own name.
/// * `name:n_samples` (when the eval asked for it) → the count of `name`'s score; the tools write
///   no count by default (gpt_oss.evals' 198 × 8 GPQA examples is a convention, not data).
///
/// Left out: `:std`, `:min`, `:max`, `:bootstrap_std` (`:std` is the population std of the 0/1
/// per-example scores, not a standard error; none is a score), and `chars`, the mean response
/// length in characters that GPQA and AIME add: a length, not a quality, so no score of its own.
struct SimpleEvalsMetrics {
    /// The statistics `aggregate_results` can write after a `:` (`common._compute_stat`).
    static let statistics: Set<String> = ["std", "min", "max", "n_samples", "bootstrap_std"]
    /// Evals whose per-example metrics are the score of a part of the examples.
    static let subsetEvals: Set<String> = ["mmlu", "mgsm"]
    /// Per-example metrics that measure no quality.
    static let leftOut: Set<String> = ["chars"]

    let scores: [EvalScore]
    let warnings: [String]

    init(file: URL, json: JSONValue, dataset: String) throws {
        let fields = JSONFields(file: file)
        let object = try fields.object(json, "")
        var means: [String: JSONValue] = [:]
        var sampleCounts: [String: Int] = [:]
        for key in object.keys.sorted() {
            guard let value = object[key] else { continue }
            if let colon = key.lastIndex(of: ":"), Self.statistics.contains(String(key[key.index(after: colon)...])) {
                let name = String(key[..<colon])
                // Left-out statistics need only be numbers (numpy writes NaN for an empty list).
                switch value {
                case .int, .double, .null: break
                default: _ = try fields.number(value, key)
                }
                if key.hasSuffix(":n_samples"), let count = try fields.optionalCount(value, key) {
                    sampleCounts[name] = count
                }
            } else {
                means[key] = value
            }
        }

        let primary = try Self.score(means["score"], "score", metric: "accuracy", fields)
        var scores = [
            EvalScore(
                dataset: dataset, subset: nil, metric: "accuracy", sourceMetric: "score", score: primary,
                count: sampleCounts["score"], isPrimary: true)
        ]
        var warnings: [String] = []
        let bySubset = Self.subsetEvals.contains(dataset)
        for key in means.keys.sorted() where key != "score" && !Self.leftOut.contains(key) {
            guard let value = means[key], !value.isNull else { continue }
            let metric = bySubset ? "accuracy" : key
            if !bySubset, metric == "accuracy" {
                warnings.append("\(file.lastPathComponent): \"accuracy\" left out: \"score\" is this eval's accuracy")
                continue
            }
            let score = try Self.score(value, key, metric: metric, fields)
            scores.append(
                EvalScore(
                    dataset: dataset, subset: bySubset ? key : nil, metric: metric, sourceMetric: key, score: score,
                    count: sampleCounts[key], isPrimary: false))
        }
        self.scores = scores
        self.warnings = warnings
    }

    /// The value of `key`, a finite number in the domain of `metric`.
    private static func score(_ value: JSONValue?, _ key: String, metric: String, _ fields: JSONFields) throws -> Double {
        if let value, case .bool = value { throw fields.error(key, "expected a number, found a boolean") }
        return try fields.checked(try fields.number(value, key), EvalMetricName.domain(metric), key)
    }

    /// Whether `data` (a file's first bytes) is a metrics file: a flat object of numbers (or
    /// nulls) with a `score`.
    static func sniff(_ data: Data) -> Bool {
        guard let object = (try? JSONValue.parse(data))?.objectValue, object["score"] != nil else { return false }
        return object.values.allSatisfy { value in
            switch value {
            case .int, .double, .null: true
            default: false
            }
        }
    }
}
