import CaliperAnalysis
import CaliperCore

/// One compared figure as display strings, computed once so that Markdown, HTML, terminal and JUnit
/// show identical figures.
///
/// The delta is shown in the threshold's terms (relative for relative thresholds, percentage points
/// for fractions), so it can be read against the threshold directly.
///
/// ```swift
/// let row = ComparisonRowView(metricComparison)
/// row.label          // "ttft.p99"
/// row.subject        // "c=8"
/// row.delta          // "+12.3%"
/// row.interval       // "[+8.1%, +16.4%]"
/// row.verdictBadge   // "❌ regression"
/// ```
public struct ComparisonRowView: Sendable, Equatable {
    public let kind: String
    /// `c=8`, `aime25`.
    public let subject: String
    /// `ttft.p99`, `output_throughput`, `accuracy`.
    public let label: String
    public let baseline: String
    public let candidate: String
    /// candidate − baseline: `+12.3%`, `-2.5pp`, `+12.30 ms`.
    public let delta: String
    /// The delta's interval in the same terms, `[-9.5%, -4.4%]`, or `-`.
    public let interval: String
    /// `95%`, or `-` without an interval.
    public let intervalLevel: String
    /// The p-value the verdict used (adjusted for gated rows), or `-`.
    public let pValue: String
    /// The correction applied to ``pValue``: `Holm`, `Benjamini-Hochberg`, `unadjusted`.
    public let correction: String
    /// `+10%`, `-2pp`, or `-` for a row that is not gated.
    public let threshold: String
    /// `regression`, `improvement`, `unchanged`, `inconclusive`, or `info` when not gated.
    public let verdict: String
    /// The verdict with its symbol: `❌ regression`, `✅ improvement`, `➖ unchanged`, `⚠️ inconclusive`, `info`.
    public let verdictBadge: String
    /// `welch`, `order_statistic / mann_whitney`, `threshold only`.
    public let method: String
    public let baselineCount: Int
    public let candidateCount: Int
    /// `1,200 / 1,180`: requests or samples per side.
    public let counts: String
    /// The smallest change these samples could detect, in the delta's terms, or `-`.
    public let detectable: String
    /// Why the verdict is what it is.
    public let reason: String
    /// Whether the run was big enough to test the figure at its threshold: `yes`, `needs 368`
    /// (requests per level), or `-` where not assessed.
    public let enough: String
    /// The terminal's shorter form of ``enough``: `ok`, `368`, or `-`.
    public let needed: String
    /// `needs ≥ 368 requests per level to detect +10% (has 30)`, or `-`.
    public let sampleSize: String
    /// Inconclusive because the run was too small to test it.
    public let isUntested: Bool
    public let isGated: Bool
    /// The verdict as a value, for layouts that sort or count rows.
    public let verdictValue: Verdict?

    public init(_ row: MetricComparison) {
        let comparison = row.comparison
        let decision = row.decision
        let scale = Formatting.ChangeScale.of(unit: row.unit, threshold: decision?.threshold)
        let relative = scale == .relative
        let interval = relative ? comparison.relativeInterval : comparison.absoluteInterval

        kind = row.kind.rawValue
        subject = row.subject
        label = row.label
        baseline = Formatting.value(comparison.baseline, unit: row.unit)
        candidate = Formatting.value(comparison.candidate, unit: row.unit)
        delta = Formatting.change(relative ? comparison.relativeDelta : comparison.absoluteDelta, scale)
        self.interval = Formatting.interval(interval, scale)
        intervalLevel = interval.map { Formatting.percent($0.level) } ?? "-"
        if let decision {
            pValue = Formatting.pValue(decision.adjustedPValue)
            correction = Formatting.correction(decision.adjustment)
            threshold = Formatting.threshold(decision.threshold, unit: row.unit)
            detectable = Formatting.change(decision.minimumDetectableEffect, scale, signed: false)
            reason = decision.reason
        } else {
            pValue = Formatting.pValue(comparison.pValue)
            correction = Formatting.correction(.none)
            threshold = "-"
            detectable = "-"
            reason = comparison.limitation ?? "not gated: shown for context"
        }
        verdict = Formatting.verdict(decision?.verdict)
        verdictBadge = Formatting.verdictBadge(decision?.verdict)
        method = decision?.mode == .thresholdOnly
            ? "threshold only"
            : Formatting.method(interval: comparison.intervalMethod, test: comparison.testMethod)
        baselineCount = comparison.baselineCount
        candidateCount = comparison.candidateCount
        counts = "\(Formatting.count(comparison.baselineCount)) / \(Formatting.count(comparison.candidateCount))"
        let size = decision?.sampleSize
        enough = size.map { $0.isEnough ? "yes" : "needs \(Formatting.count($0.needed ?? 0))" } ?? "-"
        needed = size.map { $0.isEnough ? "ok" : Formatting.count($0.needed ?? 0) } ?? "-"
        sampleSize = decision.flatMap { decision in
            decision.sampleSize.map { $0.phrase(detecting: Formatting.threshold(decision.threshold, unit: row.unit)) }
        } ?? "-"
        isUntested = decision?.isUntested ?? false
        isGated = decision != nil
        verdictValue = decision?.verdict
    }

    /// `c=8 ttft.p99`, `aime25 accuracy`: the row named in one phrase.
    public var phrase: String { "\(subject) \(label)" }
}
