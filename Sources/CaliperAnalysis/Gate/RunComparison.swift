import CaliperCore
import Foundation

/// Everything a comparison of two runs found, in the form every report renders: the two runs, how
/// their keys differ, whether each side is a valid measurement, one row per compared metric, what
/// only one side has, and the gate's conclusion.
///
/// Built by ``RunComparator/compare(baseline:candidate:policy:allowing:)``, or against a history of
/// runs by ``HistoryComparator`` (then ``history`` says which runs); rendered by the CaliperReports
/// module (terminal, Markdown, HTML, JSON, JUnit).
public struct RunComparison: Sendable, Equatable, Codable {
    /// One run, or for a history baseline the history (named `history of 20 runs (ids 31…12)`,
    /// with the keys of its newest run).
    public var baseline: ComparedRun
    public var candidate: ComparedRun
    /// The runs a history baseline was made of; nil when the baseline is one run.
    public var history: HistoryBaseline?
    public var comparability: Comparability
    public var policy: GatePolicy
    /// Sides that are not a valid measurement (too many failed requests, wrong output lengths).
    public var problems: [ValidityProblem]
    /// Gated rows first (in the order perf points, then eval scores), then informational rows.
    public var metrics: [MetricComparison]
    /// Points (`c=16`) or scores (`aime25/(all)/accuracy`) that only one side measured.
    public var onlyInBaseline: [String]
    public var onlyInCandidate: [String]
    /// Caveats worth a line in every report (threshold-only fallbacks, unpaired questions).
    public var notes: [String]
    public var status: GateStatus
    /// Why the status is what it is, one short sentence per reason, most important first.
    public var reasons: [String]
    /// Set by `caliper compare`: the status is what a gate would decide, not the command's outcome,
    /// so the headline reads `a gate would fail: …` rather than `FAIL: …`.
    public var advisory = false
    /// The baseline selector that matched no run; nil when there is a baseline.
    public var missingBaseline: String?

    public init(
        baseline: ComparedRun, candidate: ComparedRun, comparability: Comparability, policy: GatePolicy,
        problems: [ValidityProblem] = [], metrics: [MetricComparison] = [], onlyInBaseline: [String] = [],
        onlyInCandidate: [String] = [], notes: [String] = [], status: GateStatus, reasons: [String] = [],
        history: HistoryBaseline? = nil
    ) {
        self.baseline = baseline
        self.candidate = candidate
        self.history = history
        self.comparability = comparability
        self.policy = policy
        self.problems = problems
        self.metrics = metrics
        self.onlyInBaseline = onlyInBaseline
        self.onlyInCandidate = onlyInCandidate
        self.notes = notes
        self.status = status
        self.reasons = reasons
    }

    /// Rows with a verdict, i.e. a threshold in the policy.
    public var gated: [MetricComparison] { metrics.filter { $0.decision != nil } }

    public func count(_ verdict: Verdict) -> Int { gated.filter { $0.decision?.verdict == verdict }.count }

    /// The process exit code of `caliper gate`: 0 pass, 1 fail, 2 not comparable or no data, 3 no baseline.
    public var exitCode: Int32 { status.exitCode }

    /// The one line every report starts with: `FAIL: 2 regressions (…)`, `PASS: 14 metrics unchanged …`.
    public var headline: String {
        let label = statusText
        return reasons.isEmpty ? label : "\(label): \(reasons.joined(separator: "; "))"
    }

    /// `FAIL`, or for an advisory comparison `a gate would fail`.
    public var statusText: String {
        switch (advisory, status) {
        case (true, .pass): "a gate would pass"
        case (true, .fail): "a gate would fail"
        default: status.label
        }
    }

    /// The gate's answer when the baseline selector matches no run (the first run of a new branch
    /// or model): `no_baseline` (exit 3), or with `passing` (`--if-no-baseline pass`) a pass that
    /// says nothing was compared. An invalid candidate fails either way.
    public static func noBaseline(
        selector: String, reason: String, candidate: Run, candidateID: Int64?, policy: GatePolicy, passing: Bool
    ) -> RunComparison {
        var result = RunComparison(
            baseline: ComparedRun(id: nil, run: candidate), candidate: ComparedRun(id: candidateID, run: candidate),
            comparability: Comparability.check(baseline: candidate, candidate: candidate, allowing: []), policy: policy,
            status: passing ? .pass : .noBaseline)
        result.baseline.name = "(no baseline)"
        result.baseline.points = []
        result.baseline.requestCount = 0
        result.baseline.sampleCount = 0
        result.baseline.errors = []
        result.missingBaseline = selector
        result.problems = RunValidity.problems(of: candidate, side: .candidate, policy: policy)
        let why = "no baseline: \(reason)"
        result.reasons = passing
            ? [why + "; nothing was compared, passed by --if-no-baseline pass"]
            : [why + " (pass --if-no-baseline pass to let a first run pass)"]
        if !result.problems.isEmpty {
            result.status = .fail
            result.reasons.insert("invalid run: " + RunComparator.listed(result.problems.map {
                "candidate\($0.subject.map { " \($0)" } ?? "") \($0.reason)"
            }), at: 0)
        }
        return result
    }
}

/// The gate's conclusion.
public enum GateStatus: String, Sendable, Equatable, Codable {
    /// No regression, no invalid run (and no inconclusive metric when the policy fails on those).
    case pass
    /// A regression, an invalid run, or an inconclusive metric under `inconclusive: fail`.
    case fail
    /// The runs differ in a blocking key the user did not allow: no math was done.
    case notComparable = "not_comparable"
    /// Nothing to compare: no shared point or score, or a gated figure missing on both sides.
    case noData = "no_data"
    /// The baseline selector matched no run (the first run of a new branch or model): nothing was
    /// compared. Its own exit code, so CI can tell it from a misconfiguration.
    case noBaseline = "no_baseline"

    public var exitCode: Int32 {
        switch self {
        case .pass: 0
        case .fail: 1
        case .notComparable, .noData: 2
        case .noBaseline: 3
        }
    }

    public var label: String {
        switch self {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .notComparable: "NOT COMPARABLE"
        case .noData: "NO DATA"
        case .noBaseline: "NO BASELINE"
        }
    }
}

/// One side of a comparison, as reports name it: which run, its keys and labels, and how much
/// per-request or per-sample data the comparison drew on.
public struct ComparedRun: Sendable, Equatable, Codable {
    /// The store's run id; nil for a run compared straight from files, or for a history.
    public var id: Int64?
    /// How reports name the side: `run 42`, `(not stored)` when it has no id, or
    /// `history of 20 runs (ids 31…12)`.
    public var name: String
    public var kind: RunKind
    public var model: String
    public var engine: EngineIdentity
    public var hardware: Hardware
    public var generationConfig: GenerationConfig
    public var workload: Workload
    public var labels: [String: String]
    public var source: SourceInfo
    public var runAt: String?
    /// Perf: load levels, as `c=1`, `c=4`. Eval: datasets.
    public var points: [String]
    /// Per-request rows (perf) the comparison used.
    public var requestCount: Int
    /// Per-sample rows (eval) the comparison used.
    public var sampleCount: Int
    /// The distinct error texts of its failed requests with their counts, most frequent first.
    public var errors: [RequestErrorCount]

    public init(id: Int64?, run: Run) {
        self.id = id
        name = id.map { "run \($0)" } ?? "(not stored)"
        kind = run.kind
        model = run.model.name
        engine = run.engine
        hardware = run.hardware
        generationConfig = run.generationConfig
        workload = run.workload
        labels = run.labels
        source = run.source
        runAt = run.runAt?.utcText
        points = run.kind == .perf
            ? run.points.map { LoadLevel($0).description }
            : Array(Set(run.scores.map(\.dataset))).sorted()
        requestCount = run.points.reduce(0) { $0 + $1.records.count }
        sampleCount = run.samples.count
        errors = run.requestErrors
    }
}

/// One compared figure: a metric's statistic at one perf point or for one eval dataset.
public struct MetricComparison: Sendable, Equatable, Codable {
    public var kind: RunKind
    /// Perf: `c=8`. Eval: the dataset, or `dataset/subset`.
    public var subject: String
    /// The perf load level, for charts; nil for eval rows.
    public var level: LoadLevel?
    /// `ttft`, `output_throughput`, `success_rate`; for eval the canonical score metric
    /// (`accuracy`, `pass@4`) or `output_tokens` / `latency` per sample.
    public var metric: String
    public var statistic: Statistic
    public var direction: Direction
    public var unit: CanonicalUnit
    public var comparison: Comparison
    /// The verdict under the policy's threshold; nil for rows shown but not gated.
    public var decision: Decision?
    /// The policy entry that gated the row (`ttft.p99`, `score.aime25`).
    public var policyKey: String?

    public init(
        kind: RunKind, subject: String, level: LoadLevel? = nil, metric: String, statistic: Statistic,
        direction: Direction, unit: CanonicalUnit, comparison: Comparison, decision: Decision? = nil,
        policyKey: String? = nil
    ) {
        self.kind = kind
        self.subject = subject
        self.level = level
        self.metric = metric
        self.statistic = statistic
        self.direction = direction
        self.unit = unit
        self.comparison = comparison
        self.decision = decision
        self.policyKey = policyKey
    }

    public var verdict: Verdict? { decision?.verdict }

    /// `ttft.p99`, `output_throughput`, `accuracy`: how a row is named in reports.
    public var label: String {
        statistic == .value || (kind == .eval && decision != nil) ? metric : "\(metric).\(statistic.rawValue)"
    }
}

/// A reason one side is not a valid measurement: its numbers would mislead any verdict.
public struct ValidityProblem: Sendable, Equatable, Codable {
    public enum Side: String, Sendable, Equatable, Codable {
        case baseline
        case candidate
    }

    public var side: Side
    /// The point (`c=8`) or dataset the problem is in; nil for the whole run.
    public var subject: String?
    /// `25.0% of requests failed (limit 1%)`.
    public var reason: String

    public init(side: Side, subject: String?, reason: String) {
        self.side = side
        self.subject = subject
        self.reason = reason
    }
}
