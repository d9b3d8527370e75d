import CaliperCore
import Foundation

/// One `reports/<model>/<dataset>.json` of any EvalScope version, as canonical ``EvalScore``s.
///
/// ≤ 1.10 reports name metrics with flat strings (`AverageAccuracy`, `mean_acc`, `Rouge-L-R`) and
/// headline the first one; `schema_version` 2 (1.11+) names them with structured identities and
/// headlines the one equal to `primary_metric_identity`.
struct EvalScopeEvalReport {
    enum Layout: Equatable {
        case flatNames
        case identities
    }

    let file: URL
    let layout: Layout
    let dataset: String
    let modelName: String?
    /// Dataset level first, then one per subset, for each metric in file order.
    let scores: [EvalScore]
    /// Canonical name of the headline metric; nil when a schema-2 report says none is available.
    let primaryMetric: String?
    /// Format clues for version detection.
    let hasPrettyName: Bool
    let hasPerfMetrics: Bool
    let hasMeanPrefixedNames: Bool

    init(file: URL, json: JSONValue) throws {
        let reader = JSONFields(file: file)
        guard let root = json.objectValue else {
            throw reader.error("", "expected a JSON object, found \(JSONFields.kind(of: json))")
        }
        let schemaVersion = try reader.optionalInt(root["schema_version"], "schema_version")
        if let schemaVersion, schemaVersion != 2 {
            throw reader.error("schema_version", "unknown report layout (schema_version \(schemaVersion))")
        }
        let metrics = try reader.array(root["metrics"], "metrics")
        if metrics.isEmpty { throw reader.error("metrics", "empty: the report has no metric") }

        var parsed: [Metric] = []
        for (index, value) in metrics.enumerated() {
            parsed.append(try Metric(value, path: "metrics[\(index)]", reader: reader))
        }
        let layout: Layout = schemaVersion == 2 || parsed.contains { $0.identity != nil } ? .identities : .flatNames
        let primaryIndex = try Self.primaryIndex(root, metrics: parsed, layout: layout, reader: reader)

        self.file = file
        self.layout = layout
        dataset = try reader.optionalString(root["dataset_name"], "dataset_name")
            ?? file.deletingPathExtension().lastPathComponent
        modelName = try reader.optionalString(root["model_name"], "model_name")
        primaryMetric = primaryIndex.map { parsed[$0].canonical }
        hasPrettyName = root["dataset_pretty_name"] != nil
        hasPerfMetrics = root["perf_metrics"].map { !$0.isNull } ?? false
        hasMeanPrefixedNames = parsed.contains { $0.identity == nil && $0.sourceName.hasPrefix("mean_") }

        var scores: [EvalScore] = []
        var seen: [String: String] = [:]
        for (index, metric) in parsed.enumerated() {
            for (subset, score, count) in metric.rows {
                let key = "\(subset ?? "")\u{0}\(metric.canonical)"
                if let earlier = seen[key] {
                    throw reader.error(
                        "metrics[\(index)]",
                        "\"\(metric.sourceName)\" and \"\(earlier)\" both mean \"\(metric.canonical)\"\(subset.map { " in subset \($0)" } ?? "")"
                    )
                }
                seen[key] = metric.sourceName
                scores.append(EvalScore(
                    dataset: dataset, subset: subset, metric: metric.canonical, sourceMetric: metric.sourceName,
                    score: score, count: count, isPrimary: index == primaryIndex
                ))
            }
        }
        self.scores = scores
    }

    /// Which metric the report headlines: schema 2 `primary_metric_identity`, a 1.x
    /// `primary_metric_name`, else the first metric (the one top-level `score` repeats).
    private static func primaryIndex(
        _ root: [String: JSONValue], metrics: [Metric], layout: Layout, reader: JSONFields
    ) throws -> Int? {
        if layout == .identities, let value = root["primary_metric_identity"] {
            if value.isNull { return nil }
            let identity = try Identity(value, path: "primary_metric_identity", reader: reader)
            guard let index = metrics.firstIndex(where: { $0.identity == identity }) else {
                throw reader.error("primary_metric_identity", "matches no metric (\(identity.readable))")
            }
            return index
        }
        if let name = try reader.optionalString(root["primary_metric_name"], "primary_metric_name") {
            guard let index = metrics.firstIndex(where: { $0.sourceName == name }) else {
                throw reader.error("primary_metric_name", "matches no metric (\(name))")
            }
            return index
        }
        return 0
    }

    /// A schema-2 metric identity: `{name, aggregation, dimensions}`.
    struct Identity: Equatable {
        var name: String
        var aggregation: String?
        var dimensions: [String: String]

        init(_ value: JSONValue, path: String, reader: JSONFields) throws {
            let object = try reader.object(value, path)
            name = try reader.string(object["name"], "\(path).name")
            aggregation = try reader.optionalString(object["aggregation"], "\(path).aggregation")
            var dimensions: [String: String] = [:]
            let raw = object["dimensions"].map { $0.isNull ? [:] : $0.objectValue } ?? [:]
            guard let raw else { throw reader.error("\(path).dimensions", "expected an object") }
            for (key, value) in raw {
                switch value {
                case .string(let string): dimensions[key] = string
                case .int(let int): dimensions[key] = String(int)
                case .bool(let flag): dimensions[key] = String(flag)
                case .double(let double): dimensions[key] = double.rounded() == double ? String(Int64(double)) : String(double)
                default:
                    throw reader.error("\(path).dimensions.\(key)", "expected a string or number, found \(JSONFields.kind(of: value))")
                }
            }
            self.dimensions = dimensions
        }

        /// `accuracy/pass_at_k{k=2}`, `rouge/mean{statistic=recall,variant=l}`: the source's spelling in one string.
        var readable: String {
            var text = name
            if let aggregation { text += "/\(aggregation)" }
            if !dimensions.isEmpty {
                text += "{" + dimensions.keys.sorted().map { "\($0)=\(dimensions[$0]!)" }.joined(separator: ",") + "}"
            }
            return text
        }
    }

    /// One `metrics[]` entry with its dataset-level and per-subset figures.
    private struct Metric {
        var identity: Identity?
        var sourceName: String
        var canonical: String
        /// (subset, score, num); subset nil is the dataset level.
        var rows: [(String?, Double, Int?)]

        init(_ value: JSONValue, path: String, reader: JSONFields) throws {
            let object = try reader.object(value, path)
            if let identityValue = object["identity"], !identityValue.isNull {
                let identity = try Identity(identityValue, path: "\(path).identity", reader: reader)
                self.identity = identity
                sourceName = identity.readable
                canonical = EvalMetricName.canonical(
                    name: identity.name, aggregation: identity.aggregation, dimensions: identity.dimensions
                )
            } else if object["name"] != nil {
                identity = nil
                sourceName = try reader.string(object["name"], "\(path).name")
                canonical = EvalMetricName.canonical(sourceName)
            } else {
                throw reader.error(path, "unknown report layout: metric has neither \"identity\" nor \"name\"")
            }
            let domain = EvalMetricName.domain(canonical)
            rows = [(
                nil, try reader.checked(try reader.number(object["score"], "\(path).score"), domain, "\(path).score"),
                try reader.optionalCount(object["num"], "\(path).num")
            )]

            var subsetRows: [String: (score: Double, count: Int?)] = [:]
            let categories = object["categories"].map { $0.isNull ? [] : $0.arrayValue } ?? []
            guard let categories else { throw reader.error("\(path).categories", "expected a list") }
            for (categoryIndex, category) in categories.enumerated() {
                let categoryPath = "\(path).categories[\(categoryIndex)]"
                let categoryObject = try reader.object(category, categoryPath)
                let subsets = categoryObject["subsets"] == nil ? [] : try reader.array(categoryObject["subsets"], "\(categoryPath).subsets")
                for (subsetIndex, subset) in subsets.enumerated() {
                    let subsetPath = "\(categoryPath).subsets[\(subsetIndex)]"
                    let subsetObject = try reader.object(subset, subsetPath)
                    if subsetObject["is_aggregate"]?.boolValue == true { continue }
                    let name = try reader.string(subsetObject["name"], "\(subsetPath).name")
                    let score = try reader.checked(
                        try reader.number(subsetObject["score"], "\(subsetPath).score"), domain, "\(subsetPath).score")
                    let count = try reader.optionalCount(subsetObject["num"], "\(subsetPath).num")
                    // A subset listed under two categories is one figure; two different figures are not.
                    if let earlier = subsetRows[name] {
                        guard earlier.score == score, earlier.count == count else {
                            throw reader.error(subsetPath, "subset \(name) appears twice with different scores")
                        }
                        continue
                    }
                    subsetRows[name] = (score, count)
                    rows.append((name, score, count))
                }
            }
        }
    }
}
