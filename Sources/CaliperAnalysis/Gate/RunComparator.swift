import CaliperCore

/// Compares a candidate run with a baseline under a ``GatePolicy``: keys first, then validity,
/// then every gated figure with an interval and a verdict, all tests adjusted as one family.
///
/// - Perf points are paired on load level. Latency, TTFT, TPOT and ITL statistics come from the
///   request rows (``TwoSampleComparison``), throughputs from ``ThroughputEstimate``, the success
///   rate from ``ProportionComparison``. Without rows on both sides a figure falls back to the
///   source's aggregates, threshold-only, and the report says so.
/// - Eval scores are paired on dataset and metric (each dataset's primary score); with sample
///   rows the test is ``PairedEvalComparison`` over questions. Output tokens and latency per sample
///   are shown as informational rows: what the candidate's setting costs.
///
/// ```swift
/// let result = RunComparator.compare(baseline: low, baselineID: 2, candidate: high, candidateID: 1,
///                                    allowing: ["reasoning_effort"])
/// result.status      // .pass
/// result.metrics     // aime25 accuracy +17.5 pp [+5.8, +29.2] improvement; output_tokens …
/// ```
public enum RunComparator {
    public static func compare(
        baseline: Run, baselineID: Int64? = nil, candidate: Run, candidateID: Int64? = nil,
        policy: GatePolicy = .standard, allowing allowed: Set<String> = []
    ) -> RunComparison {
        let comparability = Comparability.check(baseline: baseline, candidate: candidate, allowing: allowed)
        var result = RunComparison(
            baseline: ComparedRun(id: baselineID, run: baseline), candidate: ComparedRun(id: candidateID, run: candidate),
            comparability: comparability, policy: policy, notes: comparability.definitionNotes, status: .pass)
        guard comparability.isComparable else {
            result.status = .notComparable
            result.reasons = ["the runs differ in " + comparability.violations.map(\.field).joined(separator: ", ")
                + " (pass --allow-diff FIELD if that is the point of the comparison)"]
            return result
        }
        result.problems = RunValidity.problems(of: baseline, side: .baseline, policy: policy)
            + RunValidity.problems(of: candidate, side: .candidate, policy: policy)

        var rows: [PendingRow] = []
        let level = 1 - policy.alpha
        switch baseline.kind {
        case .perf:
            let aligned = Alignment.points(baseline: baseline.points, candidate: candidate.points)
            result.onlyInBaseline = aligned.onlyInBaseline.map(\.description)
            result.onlyInCandidate = aligned.onlyInCandidate.map(\.description)
            rows = perfRows(aligned, policy: policy, level: level, notes: &result.notes)
        case .eval:
            let aligned = Alignment.scores(
                baseline: Alignment.primaryScores(of: baseline), candidate: Alignment.primaryScores(of: candidate))
            result.onlyInBaseline = aligned.onlyInBaseline.map { "\($0.dataset) \($0.metric)" }
            result.onlyInCandidate = aligned.onlyInCandidate.map { "\($0.dataset) \($0.metric)" }
            rows = evalRows(aligned, baseline: baseline, candidate: candidate, policy: policy, level: level, notes: &result.notes)
        }
        result.metrics = decide(rows, policy: policy, notes: &result.notes)
        conclude(&result)
        return result
    }

    /// A row before its verdict: how it was measured and which rule gates it.
    struct PendingRow {
        var row: MetricComparison
        var rule: GatePolicy.Rule?
        /// From per-request or per-sample data; else point values only (threshold-only).
        var statistical: Bool
    }

    // MARK: Perf

    static func perfRows(
        _ aligned: Aligned<LoadLevel, PerfPoint>, policy: GatePolicy, level: Double, notes: inout [String]
    ) -> [PendingRow] {
        var rows: [PendingRow] = []
        var thresholdOnly: Set<String> = [], missing: [String] = []
        for pair in aligned.pairs {
            for rule in policy.rules {
                guard case .perf(let metric, let statistic) = rule.target else { continue }
                guard let (comparison, statistical) = perfComparison(
                    metric, statistic, pair.baseline, pair.candidate, level: level)
                else {
                    missing.append("\(rule.key) at \(pair.key)")
                    continue
                }
                if !statistical { thresholdOnly.insert(rule.key) }
                rows.append(PendingRow(
                    row: MetricComparison(
                        kind: .perf, subject: pair.key.description, level: pair.key, metric: metric.rawValue,
                        statistic: statistic, direction: metric.direction, unit: metric.unit, comparison: comparison),
                    rule: rule, statistical: statistical))
            }
        }
        if !thresholdOnly.isEmpty {
            notes.append("threshold-only, no test (no per-request data for it on both sides): "
                + thresholdOnly.sorted().joined(separator: ", "))
        }
        if !missing.isEmpty {
            notes.append("not measured on both sides, not gated: " + missing.joined(separator: ", "))
        }
        return rows
    }

    /// One figure of a point pair: from request rows where both sides have them, else the
    /// aggregates. Nil when neither is there.
    static func perfComparison(
        _ metric: Metric, _ statistic: Statistic, _ a: PerfPoint, _ b: PerfPoint, level: Double
    ) -> (Comparison, statistical: Bool)? {
        if !a.records.isEmpty, !b.records.isEmpty {
            switch metric {
            case .requestThroughput, .outputThroughput, .totalThroughput:
                let estimate = { (point: PerfPoint) in
                    ThroughputEstimate.estimate(
                        metric: metric, records: point.records, pointValue: point.metrics[metric, .value],
                        concurrency: point.concurrency, level: level)
                }
                if let x = estimate(a), let y = estimate(b) {
                    return (ThroughputEstimate.compare(baseline: x, candidate: y, level: level), true)
                }
            case .successRate:
                let successes = { (point: PerfPoint) in point.records.reduce(0) { $0 + ($1.success ? 1 : 0) } }
                return (ProportionComparison.compare(
                    baselineSuccesses: successes(a), baselineTrials: a.records.count,
                    candidateSuccesses: successes(b), candidateTrials: b.records.count, level: level), true)
            case .itl where statistic != .mean:
                // Percentiles of ITL are over token gaps; rows keep only each request's mean gap.
                break
            default:
                let options = TwoSampleComparison.Options(level: level)
                if let comparison = TwoSampleComparison.compare(
                    baseline: requestValues(metric, a.records), candidate: requestValues(metric, b.records),
                    statistic: statistic, options: options)
                {
                    return (comparison, true)
                }
            }
        }
        let aggregateStatistic = GatePolicy.Target.pointMetrics.contains(metric) ? Statistic.value : statistic
        guard let x = a.metrics[metric, aggregateStatistic], let y = b.metrics[metric, aggregateStatistic] else { return nil }
        return (Comparison(statistic: statistic, baseline: x, candidate: y, baselineCount: a.requests,
                           candidateCount: b.requests, limitation: "no per-request data"), false)
    }

    /// A metric's value per successful request.
    static func requestValues(_ metric: Metric, _ records: [RequestRecord]) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(records.count)
        for record in records where record.success {
            let value: Double? = switch metric {
            case .latency: record.latency
            case .ttft: record.ttft
            case .tpot: record.tpot
            case .itl: record.itlMean
            case .inputTokens: record.inputTokens.map(Double.init)
            case .outputTokens: record.outputTokens.map(Double.init)
            default: nil
            }
            if let value { values.append(value) }
        }
        return values
    }

    // MARK: Eval

    static func evalRows(
        _ aligned: Aligned<ScoreKey, EvalScore>, baseline: Run, candidate: Run, policy: GatePolicy, level: Double,
        notes: inout [String]
    ) -> [PendingRow] {
        var gated: [PendingRow] = [], costs: [PendingRow] = []
        for pair in aligned.pairs {
            let key = pair.key
            let rule = policy.rule(for: .score(dataset: key.dataset))
            let samplesA = Alignment.samples(of: baseline, for: key)
            let samplesB = Alignment.samples(of: candidate, for: key)
            let observations = { (samples: [EvalSample]) in samples.map(EvalObservation.init) }
            var comparison = Comparison(
                statistic: .mean, baseline: pair.baseline.score, candidate: pair.candidate.score,
                baselineCount: pair.baseline.count ?? 0, candidateCount: pair.candidate.count ?? 0,
                limitation: "no per-sample data")
            var statistical = false
            if !samplesA.isEmpty, !samplesB.isEmpty,
               let paired = PairedEvalComparison.compare(
                baseline: observations(samplesA), candidate: observations(samplesB), level: level)
            {
                comparison = paired.comparison
                statistical = true
                if paired.baselineOnlyQuestions + paired.candidateOnlyQuestions > 0 {
                    notes.append("\(key.dataset): \(paired.pairedQuestions) questions paired; "
                        + "\(paired.baselineOnlyQuestions) only in the baseline and \(paired.candidateOnlyQuestions) "
                        + "only in the candidate are left out")
                }
            } else {
                notes.append("\(key.dataset): no per-sample data on both sides, so its verdict is threshold-only")
            }
            gated.append(PendingRow(
                row: MetricComparison(
                    kind: .eval, subject: key.dataset, metric: key.metric, statistic: .mean,
                    direction: .higherIsBetter, unit: .fraction, comparison: comparison),
                rule: rule, statistical: statistical))

            for metric in [Metric.outputTokens, .latency] {
                guard let cost = EvalCost.compare(metric, baseline: samplesA, candidate: samplesB, level: level) else {
                    continue
                }
                costs.append(PendingRow(
                    row: MetricComparison(
                        kind: .eval, subject: key.dataset, metric: metric.rawValue, statistic: .mean,
                        direction: metric.direction, unit: metric.unit, comparison: cost),
                    rule: nil, statistical: true))
            }
        }
        return gated + costs
    }

    // MARK: Verdicts

    /// Decides gated rows: tested ones as one family under the policy's correction, the rest
    /// threshold-only. Informational rows keep no decision.
    /// `perRequest`: rows compare request samples, so perf rows get a sample-size check (a history
    /// compares runs' aggregates, where requests per level say nothing).
    static func decide(
        _ pending: [PendingRow], policy: GatePolicy, notes: inout [String], perRequest: Bool = true
    ) -> [MetricComparison] {
        var rows = pending.map(\.row)
        let tested = pending.indices.filter { pending[$0].rule != nil && pending[$0].statistical }
        let decisions = Decision.decide(
            tested.map { (pending[$0].row.comparison, pending[$0].rule!.threshold) },
            alpha: policy.alpha, adjustment: policy.correction)
        for (index, decision) in zip(tested, decisions) {
            rows[index].decision = perRequest && rows[index].kind == .perf ? assessed(decision, alpha: policy.alpha) : decision
        }
        for index in pending.indices {
            guard let rule = pending[index].rule else { continue }
            rows[index].policyKey = rule.key
            if !pending[index].statistical {
                let comparison = pending[index].row.comparison
                var decision = Decision.thresholdOnly(
                    statistic: comparison.statistic, baseline: comparison.baseline, candidate: comparison.candidate,
                    threshold: rule.threshold)
                decision.comparison = comparison
                rows[index].decision = decision
            }
        }
        let family = tested.filter { pending[$0].row.comparison.pValue != nil }.count
        if family > 1 {
            let method = switch policy.correction {
            case .holm: "Holm (family-wise error rate)"
            case .benjaminiHochberg: "Benjamini-Hochberg (false discovery rate)"
            case .none: "no correction"
            }
            notes.append("\(family) tests in one family at alpha \(policy.alpha), p-values adjusted by \(method)")
        }
        return rows.filter { $0.decision != nil } + rows.filter { $0.decision == nil }
    }

    /// The decision with its sample-size check: an inconclusive figure the run was too small to
    /// test says how many requests per level it needs.
    static func assessed(_ decision: Decision, alpha: Double) -> Decision {
        var decision = decision
        let comparison = decision.comparison
        let have = Swift.min(comparison.baselineCount, comparison.candidateCount)
        let size = SampleSize(have: have, needed: SampleSize.needed(
            statistic: comparison.statistic, have: have, alpha: alpha, detectable: decision.minimumDetectableEffect,
            threshold: decision.threshold.magnitude))
        decision.sampleSize = size
        if decision.isUntested {
            decision.reason = "not tested: too few requests: \(size.phrase(detecting: signed(decision.threshold))); "
                + decision.reason
        }
        return decision
    }

    /// `+10%`, `-5%`, `-0.5pp`: a threshold with the sign of a worsening.
    static func signed(_ threshold: Threshold) -> String {
        let label = threshold.label(unitIsFraction: threshold.kind == .absolute && threshold.magnitude < 1)
        return (threshold.direction == .higherIsBetter ? "-" : "+") + label
    }

    static func conclude(_ result: inout RunComparison) {
        var failing: [String] = []
        if !result.problems.isEmpty {
            failing.append("invalid run: " + listed(result.problems.map {
                "\($0.side.rawValue)\($0.subject.map { " \($0)" } ?? "") \($0.reason)"
            }))
        }
        let gated = result.gated
        let named = { (verdict: Verdict) in
            gated.filter { $0.verdict == verdict }.map { "\($0.label) at \($0.subject)" }
        }
        let regressions = named(.regression)
        if !regressions.isEmpty {
            failing.append(counted(regressions.count, "regression") + ": " + listed(regressions))
        }
        let inconclusive = named(.inconclusive)
        let untested = gated.filter { $0.decision?.isUntested == true }.map {
            "\($0.label) at \($0.subject) (needs ≥ \($0.decision?.sampleSize?.needed ?? 0))"
        }
        if result.policy.inconclusive == .fail && !inconclusive.isEmpty {
            failing.append(counted(inconclusive.count, "inconclusive metric") + " (the policy fails on those): "
                + listed(inconclusive))
        }
        if !failing.isEmpty {
            result.status = .fail
            result.reasons = failing
        } else if result.gated.isEmpty {
            result.status = .noData
            result.reasons = [result.metrics.isEmpty
                ? "no \(result.baseline.kind == .perf ? "load level" : "dataset score") was measured by both runs"
                : "the policy gates none of the figures both runs measured"]
        } else {
            result.status = .pass
            let tally = [Verdict.improvement, .inconclusive, .unchanged].compactMap { verdict -> String? in
                let n = result.count(verdict)
                guard n > 0 else { return nil }
                return verdict == .improvement ? counted(n, "improvement") : "\(n) \(verdict.rawValue)"
            }
            result.reasons = ["no regression (" + tally.joined(separator: ", ") + ")"]
            if !untested.isEmpty {
                result.reasons.append(counted(untested.count, "figure") + " not tested, too few requests per level: "
                    + listed(untested))
            }
        }
    }

    static func counted(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// The first three, and how many more.
    static func listed(_ items: [String]) -> String {
        items.count <= 3 ? items.joined(separator: ", ") : items.prefix(3).joined(separator: ", ") + " and \(items.count - 3) more"
    }
}
