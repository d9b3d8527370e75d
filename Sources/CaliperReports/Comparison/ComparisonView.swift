import CaliperAnalysis
import CaliperCore
import Foundation

/// A ``RunComparison`` flattened into display strings once, so every report (Markdown, HTML,
/// terminal, JUnit) shows identical figures and the templates contain no logic beyond loops.
///
/// Properties are stored, not computed, because Mustache reads them by reflection; emptiness flags
/// (`hasVaried`) sit beside the lists because a section over an empty list cannot print a heading.
///
/// ```swift
/// let view = ComparisonView(comparison)
/// view.title                 // "❌ FAIL: 1 regression (c=8 ttft.p99 +12.3%)"
/// view.baseline.name         // "run 41"
/// view.varied.map(\.change)  // ["low → high"]
/// view.sections[0].gated[0]  // the first gated perf row
/// ```
public struct ComparisonView: Sendable, Equatable {
    /// One line of the side-by-side run table.
    public struct Fact: Sendable, Equatable {
        public let name: String
        public let baseline: String
        public let candidate: String
        public let differs: Bool
    }

    /// A key on which the runs differ: `reasoning_effort: low → high`.
    public struct KeyChange: Sendable, Equatable {
        public let field: String
        public let baseline: String
        public let candidate: String
        /// `low → high`.
        public let change: String
        public let blocking: Bool
        public let allowed: Bool
        /// `--allow-diff reasoning_effort`: how a user accepts the difference.
        public let allowFlag: String
    }

    /// A side that is not a valid measurement.
    public struct Problem: Sendable, Equatable {
        /// `baseline` or `candidate`.
        public let side: String
        /// `c=8`, a dataset, or `whole run`.
        public let subject: String
        public let reason: String
    }

    /// The distinct error texts of one side's failed requests: `100 × Couldn't connect to server`.
    public struct FailedRequests: Sendable, Equatable {
        /// `baseline` or `candidate`.
        public let side: String
        public let errors: [String]
    }

    /// How many distinct error texts a report lists per side; the rest are counted.
    static let listedErrors = 10

    /// The policy in one paragraph and a list of thresholds.
    public struct Policy: Sendable, Equatable {
        /// `0.05`.
        public let alpha: String
        /// `95%`: the level of every interval.
        public let level: String
        public let correction: String
        /// `pass` or `fail`: what an inconclusive verdict does to the gate.
        public let inconclusive: String
        /// `alpha 0.05 (95% intervals) · Holm correction over 9 gated comparisons · …`.
        public let summary: String
        /// `ttft.p99 +10%`, in the policy's order.
        public let rules: [String]
        /// `ttft.p99 +10% · tpot.p99 +10% · …`.
        public let rulesLine: String
    }

    /// `pass`, `fail`, `not_comparable`, `no_data`: also the CSS class in HTML.
    public let status: String
    /// `FAIL`.
    public let statusLabel: String
    /// `❌ FAIL`.
    public let statusBadge: String
    /// `FAIL: 1 regression (…)`, as ``RunComparison/headline``.
    public let headline: String
    /// The verdict line every report starts with: `❌ FAIL: 1 regression (…)`.
    public let title: String
    public let exitCode: Int
    public let reasons: [String]
    public let isComparable: Bool

    public let baseline: ComparedRunView
    public let candidate: ComparedRunView
    /// The runs of a history baseline; nil when the baseline is one run.
    public let history: HistoryBaselineView?
    /// Column names of the row tables: `Baseline` and `95% CI`, or against a history
    /// `History mean` and `95% PI` (the prediction interval).
    public let baselineHeader: String
    public let intervalHeader: String
    /// `n (baseline / candidate)`, or `n (history runs / candidate)`.
    public let countsHeader: String
    /// Run, model, engine, hardware, workload, generation, labels, source, run time, measured.
    public let facts: [Fact]

    /// Differences shown but not blocking: allowed ones and informative ones (engine version).
    public let varied: [KeyChange]
    /// Blocking differences not allowed: the reason for "not comparable".
    public let violations: [KeyChange]
    /// `--allow-diff model --allow-diff hardware`: every flag that would allow the violations.
    public let allowFlags: String
    public let problems: [Problem]
    /// Per side with failed requests, their error texts and counts.
    public let failedRequests: [FailedRequests]
    /// Gated figures that regressed, one phrase each: `c=8 ttft.p99 +12.3% (threshold +10%)`.
    public let regressions: [String]
    /// Gated figures the run was too small to test: `c=2 ttft.p99: needs ≥ 368 requests per level …`.
    public let untested: [String]
    public private(set) var sections: [ComparisonSectionView]
    public let onlyInBaseline: String
    public let onlyInCandidate: String
    public let notes: [String]
    public let policy: Policy

    public let hasReasons: Bool
    public let hasVaried: Bool
    public let hasViolations: Bool
    public let hasProblems: Bool
    public let hasFailedRequests: Bool
    public let hasRegressions: Bool
    public let hasUntested: Bool
    public private(set) var hasSections: Bool
    public let hasOnlyInBaseline: Bool
    public let hasOnlyInCandidate: Bool
    public let hasNotes: Bool
    public let hasHistory: Bool

    public init(_ comparison: RunComparison) {
        status = comparison.status.rawValue
        statusLabel = comparison.statusText
        statusBadge = Formatting.statusBadge(comparison.status, text: comparison.statusText)
        headline = comparison.headline
        title = statusBadge
            + (comparison.reasons.isEmpty ? "" : ": \(comparison.reasons.joined(separator: "; "))")
        exitCode = Int(comparison.exitCode)
        reasons = comparison.reasons
        isComparable = comparison.comparability.isComparable

        let baseline = ComparedRunView(run: comparison.baseline, role: "baseline", history: comparison.history)
        let candidate = ComparedRunView(run: comparison.candidate, role: "candidate")
        self.baseline = baseline
        self.candidate = candidate
        facts = [
            ("Run", \ComparedRunView.name), ("Kind", \.kind), ("Model", \.model), ("Engine", \.engine),
            ("Hardware", \.hardware), ("Workload", \.workload), ("Generation", \.generation), ("Labels", \.labels),
            ("Source", \.source), ("Run at", \.runAt), ("Measured", \.measured),
        ].map { name, path in
            // Run ids always differ; the other rows are marked when they do. Without a baseline,
            // its column says only that.
            if comparison.missingBaseline != nil {
                return Fact(name: name, baseline: path == \ComparedRunView.name ? baseline.name : "-",
                            candidate: candidate[keyPath: path], differs: false)
            }
            return Fact(name: name, baseline: baseline[keyPath: path], candidate: candidate[keyPath: path],
                        differs: path != \ComparedRunView.name && baseline[keyPath: path] != candidate[keyPath: path])
        }

        let comparability = comparison.comparability
        varied = comparability.varied.map { Self.keyChange($0, allowed: comparability.allowed) }
        violations = comparability.violations.map { Self.keyChange($0, allowed: comparability.allowed) }
        allowFlags = violations.map(\.allowFlag).joined(separator: " ")
        problems = comparison.problems.map {
            Problem(side: $0.side.rawValue, subject: $0.subject ?? "whole run", reason: $0.reason)
        }
        failedRequests = [("baseline", comparison.baseline), ("candidate", comparison.candidate)].compactMap { side, run -> FailedRequests? in
            guard !run.errors.isEmpty else { return nil }
            var lines = run.errors.prefix(Self.listedErrors).map { "\(Formatting.count($0.count)) × \($0.error)" }
            let more = run.errors.dropFirst(Self.listedErrors)
            if !more.isEmpty {
                lines.append("and \(Formatting.count(more.reduce(0) { $0 + $1.count })) more failed requests "
                    + "with \(Formatting.count(more.count)) other error texts")
            }
            return FailedRequests(side: side, errors: lines)
        }
        let gatedRows = comparison.gated.map(ComparisonRowView.init)
        regressions = gatedRows.filter { $0.verdictValue == .regression }.map {
            "\($0.phrase) \($0.delta) (threshold \($0.threshold))"
        }
        untested = gatedRows.filter(\.isUntested).map { "\($0.phrase): \($0.sampleSize)" }
        sections = RunKind.allCases.compactMap { kind in
            let rows = comparison.metrics.filter { $0.kind == kind }.map(ComparisonRowView.init)
            return rows.isEmpty ? nil : ComparisonSectionView(kind: kind, rows: rows, correction: comparison.policy.correction)
        }
        onlyInBaseline = comparison.onlyInBaseline.joined(separator: ", ")
        onlyInCandidate = comparison.onlyInCandidate.joined(separator: ", ")
        notes = comparison.notes
        policy = Self.policy(
            comparison.policy, kind: comparison.baseline.kind, gatedCount: comparison.gated.count,
            history: comparison.history != nil)
        let level = policy.level
        history = comparison.history.map { HistoryBaselineView($0, level: level) }
        // A history that fell back to its newest run was compared as two runs.
        let twoRuns = comparison.history == nil || comparison.history?.fallback != nil
        baselineHeader = twoRuns ? "Baseline" : "History mean"
        intervalHeader = "\(level) \(twoRuns ? "CI" : "PI")"
        countsHeader = twoRuns ? "n (baseline / candidate)" : "n (history runs / candidate)"

        hasReasons = !reasons.isEmpty
        hasVaried = !varied.isEmpty
        hasViolations = !violations.isEmpty
        hasProblems = !problems.isEmpty
        hasFailedRequests = !failedRequests.isEmpty
        hasRegressions = !regressions.isEmpty
        hasUntested = !untested.isEmpty
        hasSections = !sections.isEmpty
        hasOnlyInBaseline = !onlyInBaseline.isEmpty
        hasOnlyInCandidate = !onlyInCandidate.isEmpty
        hasNotes = !notes.isEmpty
        hasHistory = history != nil
    }

    /// The same view with other sections (a shorter layout, or sections with charts).
    public func with(sections: [ComparisonSectionView]) -> ComparisonView {
        var copy = self
        copy.sections = sections
        copy.hasSections = !sections.isEmpty
        return copy
    }

    static func keyChange(_ difference: KeyDifference, allowed: Set<String>) -> KeyChange {
        let before = keyValue(difference.baseline) ?? "(unset)"
        let after = keyValue(difference.candidate) ?? "(unset)"
        return KeyChange(
            field: difference.field, baseline: before, candidate: after, change: "\(before) → \(after)",
            blocking: difference.blocking, allowed: allowed.contains(difference.field),
            allowFlag: "--allow-diff \(difference.field)")
    }

    /// A key's value as people write it: generation settings arrive as canonical JSON, so a string
    /// setting reads `low`, not `"low"`. Nil stays nil (the key is unset on that side).
    static func keyValue(_ text: String?) -> String? {
        guard let text else { return nil }
        guard text.hasPrefix("\""), let string = try? JSONDecoder().decode(String.self, from: Data(text.utf8)) else {
            return text
        }
        return string
    }

    /// The policy as it applies to runs of `kind`: score rules say nothing about a perf run.
    static func policy(_ policy: GatePolicy, kind: RunKind, gatedCount: Int, history: Bool = false) -> Policy {
        let level = Formatting.percent(1 - policy.alpha)
        let correction = Formatting.correction(policy.correction)
        let applicable = policy.rules.filter { rule in
            switch rule.target {
            case .perf: kind == .perf
            case .score: kind == .eval
            }
        }
        let rules = applicable.map { "\($0.key) \(Formatting.threshold($0.threshold, unit: unit(of: $0.target)))" }
        let comparisons = "\(Formatting.count(gatedCount)) gated comparison\(gatedCount == 1 ? "" : "s")"
        var parts = [
            "alpha \(Formatting.number(policy.alpha)) (\(level) intervals)",
            policy.correction == .none ? "no correction over \(comparisons)" : "\(correction) correction over \(comparisons)",
            "inconclusive \(policy.inconclusive == .fail ? "fails" : "passes")",
            "invalid above \(Formatting.percent(policy.maxFailedRequestRate)) failed requests",
            "output length within \(Formatting.percent(policy.outputLengthTolerance)) of the requested length",
        ]
        // Only a history baseline uses the minimum, so a two-run report does not mention it.
        if history { parts.append("at least \(policy.minHistory) history runs (min_history)") }
        let summary = parts.joined(separator: " · ")
        return Policy(
            alpha: Formatting.number(policy.alpha), level: level, correction: correction,
            inconclusive: policy.inconclusive.rawValue, summary: summary, rules: rules,
            rulesLine: rules.joined(separator: " · "))
    }

    /// The unit a policy target is measured in, so its threshold reads in that unit.
    static func unit(of target: GatePolicy.Target) -> CanonicalUnit {
        switch target {
        case .perf(let metric, _): metric.unit
        case .score: .fraction
        }
    }
}
