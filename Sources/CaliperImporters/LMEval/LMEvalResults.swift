import CaliperCore
import Foundation

/// The scores of one lm-eval results file, per Caliper dataset.
///
/// A dataset is a task run on its own, or a top-level group that reports its own figures (a group
/// with `aggregate_metric_list`); the group's subgroups and tasks are its subsets. A group without
/// figures of its own (a plain collection, or a tag) is not a dataset: its members are. Files
/// before `group_subtasks` (0.4.0, 0.4.1) make every entry of `results` a dataset.
///
/// Metric names: lm-eval keys figures `"<metric>,<filter>"` (`exact_match,strict-match`,
/// `acc,none`). Caliper names them by the canonical metric (``EvalMetricName``: `acc` →
/// `accuracy`), followed by `,<filter>` unless the filter is `none`: gsm8k's two figures are
/// `exact_match,strict-match` and `exact_match,flexible-extract`, an unfiltered multiple choice
/// task's are `accuracy` and `acc_norm`. `sourceMetric` is lm-eval's key. `<metric>_stderr`
/// figures are left out (``EvalScore`` has no field for them; the paired comparison computes its
/// own), and so is a figure lm-eval wrote as `"N/A"`.
///
/// The headline (primary) figure of a task is the first metric of its `metric_list` under the
/// first filter of its `filter_list` (`none` when it has none): the order of lm-eval's own table.
/// Without a `metric_list`, `higher_is_better`'s metrics are taken by name. A group's headline is
/// its first task's.
///
/// ```swift
/// let results = try LMEvalResults(root: json, reader: reader)
/// results.units.map(\.dataset)   // ["math_sample"]: the group; its tasks are subsets
/// ```
struct LMEvalResults {
    /// One lm-eval figure key, `exact_match,strict-match`.
    struct MetricKey: Hashable {
        var metric: String
        var filter: String

        init(metric: String, filter: String) {
            self.metric = metric
            self.filter = filter
        }

        /// `acc,none` → metric `acc`, filter `none`; nil for keys without a filter and stderr keys.
        init?(key: String) {
            guard let comma = key.firstIndex(of: ",") else { return nil }
            metric = String(key[..<comma])
            filter = String(key[key.index(after: comma)...])
            if metric.hasSuffix("_stderr") || metric.isEmpty { return nil }
        }

        var key: String { "\(metric),\(filter)" }

        /// Caliper's name: `exact_match,strict-match`, `accuracy` (for `acc,none`).
        var caliperName: String {
            let canonical = EvalMetricName.canonical(metric)
            return filter == "none" ? canonical : "\(canonical),\(filter)"
        }

        /// The domain of the metric itself (`exact_match` is a share, whatever the filter).
        var domain: ValueDomain { EvalMetricName.domain(EvalMetricName.canonical(metric)) }
    }

    /// A Caliper dataset: the task or group, its subsets (subgroups and tasks, depth first), and
    /// the tasks whose samples it holds.
    struct Unit {
        var dataset: String
        var subsets: [String]
        var tasks: [String]
    }

    let reader: JSONFields
    private let entries: [String: [String: JSONValue]]
    private let children: [String: [String]]
    private let configs: [String: [String: JSONValue]]
    private let root: [String: JSONValue]
    private(set) var units: [Unit] = []

    init(root: [String: JSONValue], reader: JSONFields) throws {
        self.reader = reader
        self.root = root
        var entries: [String: [String: JSONValue]] = [:]
        let results = try reader.object(root["results"], "results")
        if results.isEmpty { throw reader.error("results", "empty: the file has no task") }
        for (name, value) in results { entries[name] = try reader.object(value, "results.\(name)") }
        // `groups` repeats the group entries of `results`; an entry only there is kept too.
        if let groups = root["groups"], !groups.isNull {
            for (name, value) in try reader.object(groups, "groups") where entries[name] == nil {
                entries[name] = try reader.object(value, "groups.\(name)")
            }
        }
        self.entries = entries

        var children: [String: [String]] = [:]
        if let hierarchy = root["group_subtasks"], !hierarchy.isNull {
            for (group, list) in try reader.object(hierarchy, "group_subtasks") {
                let names = try reader.array(list, "group_subtasks.\(group)").enumerated().map {
                    try reader.string($1, "group_subtasks.\(group)[\($0)]")
                }
                if !names.isEmpty { children[group] = names }
            }
        }
        self.children = children

        var configs: [String: [String: JSONValue]] = [:]
        if let value = root["configs"], !value.isNull {
            for (task, config) in try reader.object(value, "configs") {
                configs[task] = config.objectValue ?? [:]
            }
        }
        self.configs = configs
        units = try buildUnits()
    }

    // MARK: Datasets

    private func hasFigures(_ name: String) -> Bool {
        guard let entry = entries[name] else { return false }
        return entry.contains { MetricKey(key: $0.key) != nil && $0.value.doubleValue != nil }
    }

    private func buildUnits() throws -> [Unit] {
        let members = Set(children.values.joined())
        let tops = Set(entries.keys).union(children.keys).subtracting(members).sorted()
        var units: [Unit] = []
        var visiting: Set<String> = []
        func expand(_ name: String) throws {
            guard visiting.insert(name).inserted else {
                throw reader.error("group_subtasks.\(name)", "the group contains itself")
            }
            defer { visiting.remove(name) }
            guard let kids = children[name] else {
                if entries[name] != nil { units.append(Unit(dataset: name, subsets: [], tasks: [name])) }
                return
            }
            guard hasFigures(name) else {
                for kid in kids { try expand(kid) }
                return
            }
            var subsets: [String] = [], tasks: [String] = []
            try descend(name, subsets: &subsets, tasks: &tasks, path: [name])
            units.append(Unit(dataset: name, subsets: subsets, tasks: tasks))
        }
        for name in tops { try expand(name) }
        // A name reached twice (a task in two collections) is one dataset.
        var seen: Set<String> = []
        return units.filter { seen.insert($0.dataset).inserted }
    }

    private func descend(_ group: String, subsets: inout [String], tasks: inout [String], path: [String]) throws {
        for kid in children[group] ?? [] {
            guard !path.contains(kid) else { throw reader.error("group_subtasks.\(group)", "the group contains itself (\(kid))") }
            if !subsets.contains(kid), entries[kid] != nil || children[kid] != nil { subsets.append(kid) }
            if children[kid] != nil {
                try descend(kid, subsets: &subsets, tasks: &tasks, path: path + [kid])
            } else if !tasks.contains(kid) {
                tasks.append(kid)
            }
        }
    }

    // MARK: Figures

    /// The order lm-eval lists a task's figures in: `metric_list`, then `filter_list`.
    private func order(task: String?) -> (metrics: [String], filters: [String]) {
        let config = task.flatMap { configs[$0] } ?? [:]
        var metrics = (config["metric_list"]?.arrayValue ?? []).compactMap { $0["metric"]?.stringValue }
        if metrics.isEmpty, let task, let better = root["higher_is_better"]?[task]?.objectValue {
            metrics = better.keys.sorted()
        }
        var filters = (config["filter_list"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if filters.isEmpty { filters = ["none"] }
        return (metrics, filters)
    }

    /// The figures of one entry, in lm-eval's order, with their values (numbers; `"N/A"` left out).
    private func figures(of name: String, orderedBy task: String?) throws -> [(MetricKey, Double)] {
        guard let entry = entries[name] else { return [] }
        let (metrics, filters) = order(task: task)
        var figures: [(MetricKey, Double)] = []
        for (key, value) in entry {
            guard let metricKey = MetricKey(key: key) else { continue }
            let path = "results.\(name).\(key)"
            switch value {
            case .null: continue
            case .string(let text) where text == "N/A": continue
            case .int, .double:
                let number = try reader.number(value, path)
                figures.append((metricKey, try reader.checked(number, metricKey.domain, path)))
            default:
                throw reader.error(path, "expected a number, found \(JSONFields.kind(of: value))")
            }
        }
        func rank(_ key: MetricKey) -> (Int, Int, String, String) {
            (metrics.firstIndex(of: key.metric) ?? metrics.count, filters.firstIndex(of: key.filter) ?? filters.count, key.metric, key.filter)
        }
        return figures.sorted { rank($0.0) < rank($1.0) }
    }

    /// The task whose config orders a group's figures: its first task.
    private func firstTask(_ unit: Unit) -> String? { unit.tasks.first }

    /// The headline figure key of a unit: the first of its ordered dataset-level figures.
    func primaryKey(of unit: Unit) throws -> MetricKey? {
        try figures(of: unit.dataset, orderedBy: firstTask(unit)).first?.0
    }

    /// Every score of a unit: the dataset's figures, then each subset's.
    func scores(of unit: Unit) throws -> [EvalScore] {
        let primary = try primaryKey(of: unit)
        var scores: [EvalScore] = []
        var caliperNames: [String: String] = [:]
        for subset in [nil] + unit.subsets.map(Optional.some) {
            let name = subset ?? unit.dataset
            let orderTask = children[name] == nil ? name : firstTask(unit)
            caliperNames = [:]
            for (key, value) in try figures(of: name, orderedBy: orderTask) {
                if let earlier = caliperNames[key.caliperName] {
                    throw reader.error("results.\(name)", "\"\(key.key)\" and \"\(earlier)\" both mean \"\(key.caliperName)\"")
                }
                caliperNames[key.caliperName] = key.key
                scores.append(EvalScore(
                    dataset: unit.dataset, subset: subset, metric: key.caliperName, sourceMetric: key.key, score: value,
                    count: try count(of: name, key: key), isPrimary: key == primary))
            }
        }
        return scores
    }

    /// Documents a figure is over: `n-samples.<task>.effective` (0.4.3+), a group's
    /// `sample_count` (0.4.12+), else `sample_len` / `samples` in the entry, else the group's
    /// tasks' counts added up.
    private func count(of name: String, key: MetricKey) throws -> Int? {
        if let effective = try reader.optionalCount(root["n-samples"]?[name]?["effective"], "n-samples.\(name).effective") {
            return effective
        }
        let entry = entries[name] ?? [:]
        if let counted = try reader.optionalCount(entry["sample_count"]?[key.key], "results.\(name).sample_count.\(key.key)") {
            return counted
        }
        if let length = try reader.optionalCount(entry["sample_len"], "results.\(name).sample_len")
            ?? reader.optionalCount(entry["samples"], "results.\(name).samples") {
            return length
        }
        guard children[name] != nil else { return nil }
        var tasks: [String] = [], subsets: [String] = []
        try descend(name, subsets: &subsets, tasks: &tasks, path: [name])
        var total = 0
        for task in tasks {
            guard let part = try count(of: task, key: key) else { return nil }
            let sum = total.addingReportingOverflow(part)
            if sum.overflow { return nil }
            total = sum.partialValue
        }
        return tasks.isEmpty ? nil : total
    }

    /// The filters of `task` in lm-eval's order: where a sample line has no `filter` (before
    /// 0.4.7), its block position tells it.
    func filters(of task: String) -> [String] { order(task: task).filters }

    /// The generation settings of `task` (its `generation_kwargs`), nil for tasks that do not generate.
    func generationKwargs(of task: String) throws -> [String: JSONValue]? {
        guard let value = configs[task]?["generation_kwargs"], !value.isNull else { return nil }
        return try reader.object(value, "configs.\(task).generation_kwargs")
    }
}
