import CaliperAnalysis
import CaliperCore

/// The JSON form of a comparison (`caliper gate --format json`): snake_case keys, numbers in
/// canonical units (seconds, tokens/s, fractions), absent values as `null`, one object per
/// compared figure under `verdicts`.
///
/// Each verdict also carries the `display` strings the other reports print, so a bot that posts
/// figures shows exactly what the Markdown shows.
///
/// ```swift
/// let json = try ComparisonReport.json(comparison)
/// // { "exit_code" : 1, "headline" : "FAIL: …", "status" : "fail", "verdicts" : [ … ], … }
/// ```
struct ComparisonDocument: Encodable, Sendable {
    struct Run: Encodable, Sendable {
        struct Keys: Encodable, Sendable {
            var model: String
            @Nullable var engine: String?
            @Nullable var engine_version: String?
            var hardware: RunDocument.HardwareDocument
            var hardware_display: String
            var generation_config: [String: JSONValue]
            var workload: RunDocument.WorkloadDocument
        }

        struct Counts: Encodable, Sendable {
            var points: Int
            var requests: Int
            var samples: Int
        }

        @Nullable var id: Int64?
        var name: String
        var kind: String
        var keys: Keys
        var labels: [String: String]
        var source: RunDocument.SourceDocument
        @Nullable var run_at: String?
        var points: [String]
        var counts: Counts
        /// The distinct error texts of failed requests, most frequent first.
        var errors: [ErrorDocument]
    }

    struct ErrorDocument: Encodable, Sendable {
        var text: String
        var count: Int
    }

    /// Whether the run had enough requests per level to test the figure at its threshold.
    struct SampleSizeDocument: Encodable, Sendable {
        var have: Int
        @Nullable var needed: Int?
        var enough: Bool
    }

    struct Difference: Encodable, Sendable {
        var field: String
        @Nullable var baseline: String?
        @Nullable var candidate: String?
        var blocking: Bool
        var allowed: Bool
    }

    struct Problem: Encodable, Sendable {
        var side: String
        @Nullable var subject: String?
        var reason: String
    }

    struct Interval: Encodable, Sendable {
        var lower: Double
        var upper: Double
        var level: Double
    }

    /// A threshold as a verdict used it, or as the policy lists it.
    struct ThresholdDocument: Encodable, Sendable {
        var key: String
        var kind: String
        var magnitude: Double
        var direction: String
        var label: String
    }

    struct Level: Encodable, Sendable {
        @Nullable var concurrency: Int?
        @Nullable var request_rate: Double?
    }

    struct Method: Encodable, Sendable {
        var interval: String
        var test: String
    }

    struct Display: Encodable, Sendable {
        var baseline: String
        var candidate: String
        var delta: String
        var interval: String
        var p_value: String
        var threshold: String
        var verdict: String
    }

    struct VerdictDocument: Encodable, Sendable {
        var kind: String
        var point: String
        @Nullable var level: Level?
        var metric: String
        var stat: String
        var label: String
        var unit: String
        var direction: String
        var gated: Bool
        @Nullable var baseline: Double?
        @Nullable var candidate: Double?
        @Nullable var delta: Double?
        @Nullable var relative_delta: Double?
        @Nullable var interval: Interval?
        @Nullable var relative_interval: Interval?
        @Nullable var p_value: Double?
        @Nullable var adjusted_p_value: Double?
        var correction: String
        @Nullable var threshold: ThresholdDocument?
        @Nullable var verdict: String?
        @Nullable var mode: String?
        var method: Method
        var reason: String
        var n_baseline: Int
        var n_candidate: Int
        @Nullable var minimum_detectable_effect: Double?
        @Nullable var sample_size: SampleSizeDocument?
        var untested: Bool
        var display: Display
    }

    struct Policy: Encodable, Sendable {
        var alpha: Double
        var correction: String
        var inconclusive: String
        var max_failed_request_rate: Double
        var output_length_tolerance: Double
        var rules: [ThresholdDocument]
    }

    struct OneSided: Encodable, Sendable {
        var only_in_baseline: [String]
        var only_in_candidate: [String]
    }

    /// The runs of a history baseline, newest first, and those passed over.
    struct History: Encodable, Sendable {
        struct Member: Encodable, Sendable {
            @Nullable var id: Int64?
            @Nullable var run_at: String?
        }

        struct Skipped: Encodable, Sendable {
            @Nullable var id: Int64?
            @Nullable var run_at: String?
            var reason: String
        }

        var method: String
        var n: Int
        @Nullable var requested: Int?
        var min_history: Int
        var enough: Bool
        /// Below min_history: the newest run the candidate was compared with request by request.
        @Nullable var fallback_run_id: Int64?
        var fallback: Bool
        var runs: [Member]
        var skipped: [Skipped]
        @Nullable var oldest_run_at: String?
        @Nullable var newest_run_at: String?
    }

    struct VerdictCounts: Encodable, Sendable {
        var regression: Int
        var improvement: Int
        var unchanged: Int
        var inconclusive: Int
        var informational: Int
    }

    var status: String
    var exit_code: Int32
    /// The baseline selector that matched no run (status `no_baseline`, or a pass by `--if-no-baseline pass`).
    @Nullable var missing_baseline: String?
    var headline: String
    var reasons: [String]
    var comparable: Bool
    var baseline: Run
    var candidate: Run
    /// Only for a history baseline: the key is absent when the baseline is one run.
    var history: History?
    var differences: [Difference]
    var problems: [Problem]
    var verdict_counts: VerdictCounts
    var verdicts: [VerdictDocument]
    /// Points or scores only one side measured: listed, never compared.
    var one_sided: OneSided
    var notes: [String]
    var policy: Policy

    init(_ comparison: RunComparison) {
        status = comparison.status.rawValue
        exit_code = comparison.exitCode
        missing_baseline = comparison.missingBaseline
        headline = comparison.headline
        reasons = comparison.reasons
        comparable = comparison.comparability.isComparable
        baseline = Self.run(comparison.baseline)
        candidate = Self.run(comparison.candidate)
        history = comparison.history.map { history in
            History(
                method: ComparisonMethod.predictionInterval.rawValue, n: history.count, requested: history.requested,
                min_history: history.minimum, enough: history.isEnough, fallback_run_id: history.fallback?.id,
                fallback: history.fallback != nil,
                runs: history.runs.map { History.Member(id: $0.id, run_at: $0.runAt) },
                skipped: history.skipped.map { History.Skipped(id: $0.run.id, run_at: $0.run.runAt, reason: $0.reason) },
                oldest_run_at: history.oldestRunAt, newest_run_at: history.newestRunAt)
        }
        let allowed = comparison.comparability.allowed
        differences = comparison.comparability.differences.map {
            Difference(
                field: $0.field, baseline: ComparisonView.keyValue($0.baseline),
                candidate: ComparisonView.keyValue($0.candidate), blocking: $0.blocking,
                allowed: allowed.contains($0.field))
        }
        problems = comparison.problems.map { Problem(side: $0.side.rawValue, subject: $0.subject, reason: $0.reason) }
        verdict_counts = VerdictCounts(
            regression: comparison.count(.regression), improvement: comparison.count(.improvement),
            unchanged: comparison.count(.unchanged), inconclusive: comparison.count(.inconclusive),
            informational: comparison.metrics.count - comparison.gated.count)
        verdicts = comparison.metrics.map(Self.verdict)
        one_sided = OneSided(only_in_baseline: comparison.onlyInBaseline, only_in_candidate: comparison.onlyInCandidate)
        notes = comparison.notes
        let policy = comparison.policy
        self.policy = Policy(
            alpha: policy.alpha, correction: policy.correction.rawValue, inconclusive: policy.inconclusive.rawValue,
            max_failed_request_rate: policy.maxFailedRequestRate, output_length_tolerance: policy.outputLengthTolerance,
            rules: policy.rules.map {
                ThresholdDocument(
                    key: $0.key, kind: $0.threshold.kind.rawValue, magnitude: $0.threshold.magnitude,
                    direction: $0.threshold.direction.rawValue,
                    label: Formatting.threshold($0.threshold, unit: ComparisonView.unit(of: $0.target)))
            })
    }

    static func run(_ run: ComparedRun) -> Run {
        let workload = run.workload
        return Run(
            id: run.id, name: run.name, kind: run.kind.rawValue,
            keys: Run.Keys(
                model: run.model, engine: run.engine.name, engine_version: run.engine.version,
                hardware: RunDocument.HardwareDocument(
                    name: run.hardware.name, count: run.hardware.count, memory_gb: run.hardware.memoryGB),
                hardware_display: run.hardware.displayName, generation_config: run.generationConfig.values,
                workload: RunDocument.WorkloadDocument(
                    api: workload.api, endpoint: workload.endpoint, url: workload.url, dataset: workload.dataset,
                    dataset_path: workload.datasetPath, min_prompt_length: workload.minPromptLength,
                    max_prompt_length: workload.maxPromptLength, prefix_length: workload.prefixLength,
                    output_length: workload.outputLength)),
            labels: run.labels,
            source: RunDocument.SourceDocument(
                tool: run.source.tool, version: run.source.version, format: run.source.format, path: run.source.path),
            run_at: run.runAt, points: run.points,
            counts: Run.Counts(points: run.points.count, requests: run.requestCount, samples: run.sampleCount),
            errors: run.errors.map { ErrorDocument(text: $0.error, count: $0.count) })
    }

    static func verdict(_ row: MetricComparison) -> VerdictDocument {
        let comparison = row.comparison
        let decision = row.decision
        let view = ComparisonRowView(row)
        return VerdictDocument(
            kind: row.kind.rawValue, point: row.subject,
            level: row.level.map { Level(concurrency: $0.concurrency, request_rate: $0.requestRate) },
            metric: row.metric, stat: row.statistic.rawValue, label: row.label, unit: row.unit.rawValue,
            direction: row.direction.rawValue, gated: decision != nil,
            baseline: finite(comparison.baseline), candidate: finite(comparison.candidate),
            delta: finite(comparison.absoluteDelta), relative_delta: finite(comparison.relativeDelta),
            interval: interval(comparison.absoluteInterval), relative_interval: interval(comparison.relativeInterval),
            p_value: finite(comparison.pValue), adjusted_p_value: finite(decision?.adjustedPValue),
            correction: (decision?.adjustment ?? .none).rawValue,
            threshold: decision.map {
                ThresholdDocument(
                    key: row.policyKey ?? row.label, kind: $0.threshold.kind.rawValue,
                    magnitude: $0.threshold.magnitude, direction: $0.threshold.direction.rawValue,
                    label: view.threshold)
            },
            verdict: decision?.verdict.rawValue, mode: decision?.mode.rawValue,
            method: Method(interval: comparison.intervalMethod.rawValue, test: comparison.testMethod.rawValue),
            reason: view.reason, n_baseline: comparison.baselineCount, n_candidate: comparison.candidateCount,
            minimum_detectable_effect: finite(decision?.minimumDetectableEffect),
            sample_size: decision?.sampleSize.map {
                SampleSizeDocument(have: $0.have, needed: $0.needed, enough: $0.isEnough)
            },
            untested: decision?.isUntested ?? false,
            display: Display(
                baseline: view.baseline, candidate: view.candidate, delta: view.delta, interval: view.interval,
                p_value: view.pValue, threshold: view.threshold, verdict: view.verdict))
    }

    /// JSON has no NaN or infinity: such a figure is reported as absent.
    static func finite(_ value: Double?) -> Double? {
        value.flatMap { $0.isFinite ? $0 : nil }
    }

    static func interval(_ interval: ConfidenceInterval?) -> Interval? {
        guard let interval, interval.lower.isFinite, interval.upper.isFinite else { return nil }
        return Interval(lower: interval.lower, upper: interval.upper, level: interval.level)
    }
}
