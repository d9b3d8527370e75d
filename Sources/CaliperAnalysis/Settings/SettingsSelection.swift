import CaliperCore

/// Which runs a settings comparison uses: one per value of the varied key, all measuring the same
/// thing except that key, and why every other matching run is left out.
///
/// Runs are grouped into sets that are comparable with each other except in the varied key (and in
/// informative keys such as `engine_version`, and the list of other datasets the run also had);
/// the set covering the most values wins, and within it the newest run of each value is used.
/// Runs of other sets are excluded with the keys they differ in; older runs of a used value are
/// listed as not used.
///
/// ```swift
/// let selection = try SettingsSelection.select(runs, field: .generation("reasoning_effort"), dataset: "aime25")
/// selection.settings.map(\.value)   // ["low", "high"]
/// selection.reference.id            // 2: the low run, first in natural order
/// selection.excluded                // [run 4: differs in temperature]
/// ```
public struct SettingsSelection: Sendable, Equatable {
    /// A run that matched the user's filter.
    public struct Candidate: Sendable, Equatable {
        public var id: Int64
        public var run: Run

        public init(id: Int64, run: Run) {
            self.id = id
            self.run = run
        }
    }

    /// The run used for one value of the varied key.
    public struct Chosen: Sendable, Equatable {
        /// The key's value, nil when the run leaves it unset.
        public var value: String?
        public var id: Int64
        public var run: Run

        public init(value: String?, id: Int64, run: Run) {
            self.value = value
            self.id = id
            self.run = run
        }
    }

    /// A matching run that is not used, and why.
    public struct Skipped: Sendable, Equatable {
        public enum Reason: Sendable, Equatable {
            /// An older run of a value whose newer run (`than`) is used.
            case older(than: Int64)
            /// Differs from the reference run in blocking keys other than the varied one.
            case notComparable(with: Int64, differences: [KeyDifference])
            /// Scores the dataset by another primary metric than the chosen runs.
            case otherMetric(String, expected: String)
            /// Not an eval run, or no primary score for the dataset.
            case noScore
        }

        public var id: Int64
        public var value: String?
        public var reason: Reason

        public init(id: Int64, value: String?, reason: Reason) {
            self.id = id
            self.value = value
            self.reason = reason
        }
    }

    public var field: SettingField
    public var dataset: String
    /// The dataset's primary metric in every chosen run (`accuracy`).
    public var metric: String
    /// One run per value, in the values' natural order (``ValueOrder``).
    public var settings: [Chosen]
    /// The setting differences are measured from.
    public var referenceIndex: Int
    /// Older runs of a used value.
    public var notUsed: [Skipped]
    /// Runs that measured something else, or with another metric.
    public var excluded: [Skipped]

    public var reference: Chosen { settings[referenceIndex] }

    /// Keys that may differ besides the varied one. The other datasets a run had do not change
    /// this dataset's score, so the workload's dataset list may differ.
    static func allowed(for field: SettingField) -> Set<String> {
        field.comparabilityFields.union(["dataset"])
    }

    /// - Parameters:
    ///   - candidates: the runs matching the user's filter, newest first (as the store lists them).
    ///   - reference: the value differences are measured from (``ValueOrder/matches(_:_:)``);
    ///     default the first value in natural order.
    /// - Throws: ``SettingsError`` when no run has a score for the dataset, fewer than two values
    ///   are comparable, or the reference names no usable value.
    public static func select(
        _ candidates: [Candidate], field: SettingField, dataset: String, reference: String? = nil
    ) throws -> SettingsSelection {
        var excluded: [Skipped] = []
        var eligible: [(candidate: Candidate, value: String?, metric: String)] = []
        for candidate in candidates {
            let value = field.value(of: candidate.run)
            guard candidate.run.kind == .eval,
                  let score = Alignment.primaryScores(of: candidate.run).first(where: { $0.dataset == dataset })
            else {
                excluded.append(Skipped(id: candidate.id, value: value, reason: .noScore))
                continue
            }
            eligible.append((candidate, value, score.metric))
        }
        guard !eligible.isEmpty else {
            throw SettingsError("none of the \(candidates.count) matching runs is an eval run with a \(dataset) score")
        }

        // Comparability is equality on every blocking key not allowed, so "comparable with a set's
        // first run" is an equivalence: each run joins the first set it fits.
        let allowed = allowed(for: field)
        func comparable(_ a: Int, _ b: Int) -> Bool {
            eligible[a].metric == eligible[b].metric
                && Comparability.check(baseline: eligible[a].candidate.run, candidate: eligible[b].candidate.run, allowing: allowed)
                    .isComparable
        }
        var groups: [[Int]] = []
        for index in eligible.indices {
            if let group = groups.firstIndex(where: { comparable($0[0], index) }) {
                groups[group].append(index)
            } else {
                groups.append([index])
            }
        }
        func valueCount(_ group: [Int]) -> Int { Set(group.map { eligible[$0].value }).count }
        func hasReference(_ group: [Int]) -> Bool {
            reference.map { text in group.contains { ValueOrder.matches(text, eligible[$0].value) } } ?? false
        }
        // Most values first; then the set holding the reference; then the set with the newest run.
        let best = groups.indices.min { a, b in
            (-valueCount(groups[a]), hasReference(groups[a]) ? 0 : 1, a) < (-valueCount(groups[b]), hasReference(groups[b]) ? 0 : 1, b)
        }!
        let group = groups[best]

        var chosen: [Chosen] = []
        var notUsed: [Skipped] = []
        for index in group {
            let (candidate, value, _) = eligible[index]
            if let newer = chosen.first(where: { $0.value == value }) {
                notUsed.append(Skipped(id: candidate.id, value: value, reason: .older(than: newer.id)))
            } else {
                chosen.append(Chosen(value: value, id: candidate.id, run: candidate.run))
            }
        }
        chosen.sort { ValueOrder.areInIncreasingOrder($0.value, $1.value) }
        let metric = eligible[group[0]].metric
        let others = groups.indices.filter { $0 != best }.flatMap { groups[$0] }

        guard chosen.count >= 2 else {
            throw oneSetting(chosen[0], runs: group.map { eligible[$0].candidate.id }, field: field,
                             others: others.map { eligible[$0] }, all: eligible.map(\.candidate))
        }
        let referenceIndex: Int
        if let reference {
            guard let index = chosen.firstIndex(where: { ValueOrder.matches(reference, $0.value) }) else {
                let found = chosen.map { SettingField.label($0.value) }.joined(separator: ", ")
                let elsewhere = others.filter { ValueOrder.matches(reference, eligible[$0].value) }
                    .map { "run \(eligible[$0].candidate.id)" }
                throw SettingsError(elsewhere.isEmpty
                    ? "no run with \(field)=\(reference) to use as the reference (settings: \(found))"
                    : "the \(field)=\(reference) runs (\(elsewhere.joined(separator: ", "))) are not comparable with the others, "
                        + "so it cannot be the reference (settings: \(found))")
            }
            referenceIndex = index
        } else {
            referenceIndex = 0
        }

        let referenceRun = chosen[referenceIndex]
        for index in others {
            let (candidate, value, otherMetric) = eligible[index]
            let reason: Skipped.Reason = otherMetric != metric
                ? .otherMetric(otherMetric, expected: metric)
                : .notComparable(with: referenceRun.id, differences: Comparability.check(
                    baseline: referenceRun.run, candidate: candidate.run, allowing: allowed).violations)
            excluded.append(Skipped(id: candidate.id, value: value, reason: reason))
        }
        excluded.sort { $0.id < $1.id }
        notUsed.sort { $0.id < $1.id }
        return SettingsSelection(
            field: field, dataset: dataset, metric: metric, settings: chosen, referenceIndex: referenceIndex,
            notUsed: notUsed, excluded: excluded)
    }

    /// Replaces each chosen run, e.g. with the same run loaded with its per-sample rows.
    public mutating func load(_ full: (Int64) throws -> Run) rethrows {
        for index in settings.indices {
            settings[index].run = try full(settings[index].id)
        }
    }

    /// The error for a single comparable value: which one, in which runs, and what kept the others out.
    private static func oneSetting(
        _ only: Chosen, runs: [Int64], field: SettingField,
        others: [(candidate: Candidate, value: String?, metric: String)], all: [Candidate]
    ) -> SettingsError {
        let list = { (ids: [Int64]) in "run\(ids.count == 1 ? "" : "s") " + ids.sorted().map(String.init).joined(separator: ", ") }
        if only.value == nil && others.allSatisfy({ $0.value == nil }) {
            var message = "none of the matching runs (\(list(all.map(\.id)))) sets \(field)"
            if case .generation = field {
                let keys = Set(all.flatMap(\.run.generationConfig.values.keys)).sorted()
                if !keys.isEmpty { message += " (their generation keys: \(keys.joined(separator: ", ")))" }
            }
            return SettingsError(message)
        }
        var message = "only one setting of \(field) (\(SettingField.label(only.value))) in \(list(runs)): a comparison needs two"
        if !others.isEmpty {
            let allowed = allowed(for: field)
            let reasons = others.map { other in
                let blocking = Comparability.check(baseline: only.run, candidate: other.candidate.run, allowing: allowed)
                    .violations.map(\.field)
                let run = "run \(other.candidate.id) (\(SettingField.label(other.value)))"
                return blocking.isEmpty ? "\(run) scores by \(other.metric)" : "\(run) differs in \(blocking.joined(separator: ", "))"
            }
            let shown = reasons.count <= 3 ? reasons : Array(reasons.prefix(3)) + ["\(reasons.count - 3) more"]
            message += "; not comparable with it: " + shown.joined(separator: "; ")
        }
        return SettingsError(message)
    }
}
