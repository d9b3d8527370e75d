import CaliperCore
import Foundation

/// Compares a candidate run with the distribution of its history (the last N comparable runs) under
/// a ``GatePolicy``, as Bencher's t-test does: each gated figure of the candidate against the
/// prediction interval for one new run (``PredictionIntervalComparison``).
///
/// - The figures and their alignment are the two-run comparison's: perf points by load level, each
///   gated metric's stored aggregate (`ttft.p99`, `output_throughput`); eval runs by each dataset's
///   primary score. A figure some history runs lack uses the runs that have it; the row's n says how many.
/// - Below the policy's `min_history` comparable runs (or runs that measured a figure), figures are
///   `inconclusive`. When every history value is the same (s = 0) a figure is threshold-only.
/// - History runs that are not comparable with the candidate (``Comparability``, honouring the
///   allowed fields) or not valid (``RunValidity``) are skipped, with the reason. The candidate's
///   validity is checked as in a two-run gate.
/// - Verdicts come from ``Decision`` with the policy's thresholds, all tests adjusted as one family.
///
/// ```swift
/// let result = HistoryComparator.compare(
///     history: last20.map { ($0.id, $0.run) }, candidate: run42, candidateID: 42, requested: 20)
/// result.baseline.name     // "history of 20 runs (ids 31…12)"
/// result.history?.count    // 20
/// result.metrics[0]        // c=1 output_throughput 160.2 tok/s vs mean 171.0 [−14.1%, −3.8%] regression
/// ```
public enum HistoryComparator {
    /// `history` is newest first; runs in it that ``reasonToSkip(_:candidate:policy:allowing:)``
    /// rejects are moved to the skipped list after `skipped` (those the caller already passed over).
    public static func compare(
        history: [(id: Int64?, run: Run)], candidate: Run, candidateID: Int64? = nil,
        policy: GatePolicy = .standard, allowing allowed: Set<String> = [], requested: Int? = nil,
        skipped: [HistoryBaseline.Skipped] = []
    ) -> RunComparison {
        var skipped = skipped
        var used: [(id: Int64?, run: Run)] = []
        for member in history {
            if let reason = reasonToSkip(member.run, candidate: candidate, policy: policy, allowing: allowed) {
                skipped.append(.init(run: .init(id: member.id, runAt: member.run.runAt?.utcText), reason: reason))
            } else {
                used.append(member)
            }
        }
        let baseline = HistoryBaseline(
            runs: used.map { .init(id: $0.id, runAt: $0.run.runAt?.utcText) }, requested: requested, minimum: policy.minHistory,
            skipped: skipped)
        // Keys are shown from the newest run; every used run has the candidate's blocking keys anyway.
        let keys = used.first?.run ?? candidate
        var result = RunComparison(
            baseline: ComparedRun(history: used, keys: keys), candidate: ComparedRun(id: candidateID, run: candidate),
            comparability: Comparability.check(baseline: keys, candidate: candidate, allowing: allowed), policy: policy,
            status: .pass, history: baseline)
        result.notes = result.comparability.definitionNotes
        result.problems = RunValidity.problems(of: candidate, side: .candidate, policy: policy)

        let runs = used.map(\.run)
        let figures = Figures(runs: runs.count, minimum: policy.minHistory, level: 1 - policy.alpha)
        var rows: [RunComparator.PendingRow] = []
        switch candidate.kind {
        case .perf: rows = perfRows(runs, candidate: candidate, policy: policy, figures: figures, result: &result)
        case .eval: rows = evalRows(runs, candidate: candidate, policy: policy, figures: figures, result: &result)
        }
        result.notes += figures.notes(rows)
        result.metrics = RunComparator.decide(rows, policy: policy, notes: &result.notes, perRequest: false)
        RunComparator.conclude(&result)
        if used.isEmpty {
            result.status = .noData
            result.reasons = ["no comparable run in history"
                + (skipped.isEmpty ? "" : " (\(RunComparator.counted(skipped.count, "run")) skipped)")]
        } else if result.status == .noData, result.metrics.isEmpty {
            result.reasons = ["no \(candidate.kind == .perf ? "load level" : "dataset score") was measured by both "
                + "the candidate and the history"]
        } else if let shortfall = baseline.shortfall {
            result.reasons.insert(shortfall, at: 0)
        }
        return result
    }

    /// A history shorter than the policy's `min_history` has no spread to test against, so the
    /// candidate is compared with its newest run request by request (``RunComparator``, the two-run
    /// test), and every report says so. `newest` must carry its request or sample rows.
    ///
    /// ```swift
    /// let result = HistoryComparator.fallback(history: shortHistory, newest: (12, run12), candidate: run42)
    /// result.history?.fallback?.id   // 12
    /// result.notes[0]                // "only 3 comparable runs in history (min_history: 5): compared …"
    /// ```
    public static func fallback(
        history: HistoryBaseline, newest: (id: Int64?, run: Run), candidate: Run, candidateID: Int64? = nil,
        policy: GatePolicy = .standard, allowing allowed: Set<String> = []
    ) -> RunComparison {
        var result = RunComparator.compare(
            baseline: newest.run, baselineID: newest.id, candidate: candidate, candidateID: candidateID, policy: policy,
            allowing: allowed)
        var history = history
        history.fallback = .init(id: newest.id, runAt: newest.run.runAt?.utcText)
        result.history = history
        if let note = history.fallbackNote {
            result.notes.insert(note, at: 0)
            if result.status == .pass || result.status == .fail { result.reasons.append(note) }
        }
        return result
    }

    /// Why a run cannot be part of the candidate's history, or nil when it can: the first blocking
    /// key it differs in (unless allowed), else the first reason it is not a valid measurement.
    ///
    /// ```swift
    /// HistoryComparator.reasonToSkip(run29, candidate: run42, policy: .standard)
    /// // "not comparable: hardware A100 80GB x 1 (candidate: H20 96GB x 1)"
    /// ```
    public static func reasonToSkip(
        _ run: Run, candidate: Run, policy: GatePolicy, allowing allowed: Set<String> = []
    ) -> String? {
        if let difference = Comparability.check(baseline: run, candidate: candidate, allowing: allowed).violations.first {
            return "not comparable: \(difference.field) \(shown(difference.baseline)) "
                + "(candidate: \(shown(difference.candidate)))"
        }
        if let problem = RunValidity.problems(of: run, side: .baseline, policy: policy).first {
            return "invalid: " + (problem.subject.map { "\($0) " } ?? "") + problem.reason
        }
        return nil
    }

    /// A key's value as people write it: `low`, not the canonical JSON `"low"`.
    static func shown(_ value: String?) -> String {
        guard let value else { return "(unset)" }
        guard value.hasPrefix("\""), let string = try? JSONDecoder().decode(String.self, from: Data(value.utf8)) else {
            return value
        }
        return string
    }

    // MARK: Rows

    static func perfRows(
        _ history: [Run], candidate: Run, policy: GatePolicy, figures: Figures, result: inout RunComparison
    ) -> [RunComparator.PendingRow] {
        let byLevel = { (run: Run) in
            Dictionary(run.points.map { (LoadLevel($0), $0) }, uniquingKeysWith: { first, _ in first })
        }
        let candidatePoints = byLevel(candidate)
        let historyPoints = history.map(byLevel)
        let historyLevels = Set(historyPoints.flatMap(\.keys))
        result.onlyInBaseline = historyLevels.subtracting(candidatePoints.keys).sorted().map(\.description)
        result.onlyInCandidate = Set(candidatePoints.keys).subtracting(historyLevels).sorted().map(\.description)

        var rows: [RunComparator.PendingRow] = [], missing: [String] = []
        for level in Set(candidatePoints.keys).intersection(historyLevels).sorted() {
            let point = candidatePoints[level]!
            for rule in policy.rules {
                guard case .perf(let metric, let statistic) = rule.target else { continue }
                // History runs are loaded as summaries: their stored aggregates are the values.
                let stored = GatePolicy.Target.pointMetrics.contains(metric) ? Statistic.value : statistic
                let values = historyPoints.compactMap { $0[level]?.metrics[metric, stored] }
                guard let x = point.metrics[metric, stored], !values.isEmpty else {
                    missing.append("\(rule.key) at \(level)")
                    continue
                }
                let (comparison, statistical) = figures.compare(values, candidate: x, statistic: statistic)
                rows.append(RunComparator.PendingRow(
                    row: MetricComparison(
                        kind: .perf, subject: level.description, level: level, metric: metric.rawValue,
                        statistic: statistic, direction: metric.direction, unit: metric.unit, comparison: comparison),
                    rule: rule, statistical: statistical))
            }
        }
        if !missing.isEmpty {
            result.notes.append("not measured by both the candidate and the history, not gated: "
                + missing.joined(separator: ", "))
        }
        return rows
    }

    static func evalRows(
        _ history: [Run], candidate: Run, policy: GatePolicy, figures: Figures, result: inout RunComparison
    ) -> [RunComparator.PendingRow] {
        let byKey = { (run: Run) in
            Dictionary(
                run.scores.filter { $0.isPrimary && $0.subset == nil }
                    .map { (ScoreKey(dataset: $0.dataset, subset: nil, metric: $0.metric), $0) },
                uniquingKeysWith: { first, _ in first })
        }
        let candidateScores = byKey(candidate)
        let historyScores = history.map(byKey)
        let historyKeys = Set(historyScores.flatMap(\.keys))
        result.onlyInBaseline = historyKeys.subtracting(candidateScores.keys).sorted().map { "\($0.dataset) \($0.metric)" }
        result.onlyInCandidate = Set(candidateScores.keys).subtracting(historyKeys).sorted()
            .map { "\($0.dataset) \($0.metric)" }

        return Set(candidateScores.keys).intersection(historyKeys).sorted().map { key in
            let values = historyScores.compactMap { $0[key]?.score }
            let (comparison, statistical) = figures.compare(
                values, candidate: candidateScores[key]!.score, statistic: .mean)
            return RunComparator.PendingRow(
                row: MetricComparison(
                    kind: .eval, subject: key.dataset, metric: key.metric, statistic: .mean, direction: .higherIsBetter,
                    unit: .fraction, comparison: comparison),
                rule: policy.rule(for: .score(dataset: key.dataset)), statistical: statistical)
        }
    }

    /// How one figure is compared, given how many runs the history has and the policy's minimum.
    struct Figures {
        /// Comparable runs in the history.
        let runs: Int
        let minimum: Int
        let level: Double

        /// The prediction-interval comparison, or one without an interval (so `inconclusive`) when
        /// the history or the runs that measured this figure are too few. `statistical` is false
        /// when the history's values are all equal: the row is then threshold-only.
        func compare(_ values: [Double], candidate: Double, statistic: Statistic) -> (Comparison, statistical: Bool) {
            let shortfall = runs < minimum
                ? "only \(runs) comparable run\(runs == 1 ? "" : "s") in history (min_history: \(minimum))"
                : values.count < minimum
                ? "only \(values.count) of the \(runs) history runs measured it (min_history: \(minimum))"
                : nil
            if let shortfall {
                return (Comparison(
                    statistic: statistic, baseline: values.reduce(0, +) / Double(values.count), candidate: candidate,
                    baselineCount: values.count, candidateCount: 1, limitation: shortfall), true)
            }
            let comparison = PredictionIntervalComparison.compare(
                history: values, candidate: candidate, statistic: statistic, level: level)
            return (comparison, comparison.pValue != nil)
        }

        /// Notes on gated rows whose history is partial or has no spread.
        func notes(_ rows: [RunComparator.PendingRow]) -> [String] {
            let gated = rows.filter { $0.rule != nil }
            let name = { (row: RunComparator.PendingRow) in "\(row.rule!.key) at \(row.row.subject)" }
            var notes: [String] = []
            let partial = gated.filter { $0.row.comparison.baselineCount < runs }
            if !partial.isEmpty {
                notes.append("measured by fewer than the \(runs) history runs (n per row): "
                    + partial.map { "\(name($0)) (\($0.row.comparison.baselineCount))" }.joined(separator: ", "))
            }
            let flat = gated.filter { !$0.statistical }
            if !flat.isEmpty {
                notes.append("every history run has the same value (s = 0), so threshold-only: "
                    + flat.map(name).joined(separator: ", "))
            }
            return notes
        }
    }
}

extension ComparedRun {
    /// A history as one side of a comparison, named by its run ids: the keys and labels of `keys`
    /// (its newest run), the points or datasets any of its runs measured, and no per-request or
    /// per-sample rows (a history is compared on aggregates).
    init(history: [(id: Int64?, run: Run)], keys: Run) {
        self.init(id: nil, run: keys)
        let ids = history.compactMap(\.id)
        let list = switch ids.count {
        case 0: ""
        case 1: " (id \(ids[0]))"
        case 2: " (ids \(ids[0]), \(ids[1]))"
        default: " (ids \(ids[0])…\(ids[ids.count - 1]))"
        }
        name = "history of \(history.count) run\(history.count == 1 ? "" : "s")\(list)"
        points = kind == .perf
            ? Set(history.flatMap { $0.run.points.map(LoadLevel.init) }).sorted().map(\.description)
            : Set(history.flatMap { $0.run.scores.map(\.dataset) }).sorted()
        requestCount = 0
        sampleCount = 0
        errors = []
    }
}
