import CaliperAnalysis
import CaliperCore
import Foundation
import Testing

/// A candidate against the distribution of its history (Bencher's t-test): the prediction interval,
/// its calibration and power, the minimum history, and which runs are used or skipped.
struct HistoryBaselineTests {
    /// A perf run with one aggregate figure per point: output throughput, and TTFT as its mean.
    static func perfRun(
        throughput: [Int: Double], ttft: Double = 0.05, hardware: String = "H20", successRate: Double = 1,
        runAt: RunTime? = nil
    ) -> Run {
        let points = throughput.keys.sorted().map { concurrency in
            var metrics = MetricTable()
            metrics[.outputThroughput, .value] = throughput[concurrency]!
            metrics[.ttft, .mean] = ttft
            metrics[.successRate, .value] = successRate
            return PerfPoint(concurrency: concurrency, requests: 100, metrics: metrics)
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: "0.10.1"),
            hardware: Hardware(name: hardware, count: 1, memoryGB: 96),
            workload: Workload(endpoint: "/v1/completions", dataset: "random"),
            source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "perf-G"), runAt: runAt,
            contentHash: UUID().uuidString, points: points)
    }

    /// `n` runs at c=1 with throughput drawn from N(mean, sd), newest first, ids n…1.
    static func history(_ n: Int, mean: Double = 1_000, sd: Double = 20, generator: inout SeededGenerator) -> [(id: Int64?, run: Run)] {
        (0..<n).map { index in
            (Int64(n - index), perfRun(throughput: [1: mean + sd * generator.normal()],
                                       runAt: RunTime(stringLiteral: String(format: "2026-11-%02dT10:00:00", 30 - index))))
        }
    }

    static func policy(_ yaml: String) throws -> GatePolicy { try GatePolicy(yaml: yaml) }

    // MARK: The prediction interval

    /// Against scipy: mean 100, s 1.581, se = s·√(1 + 1/5) = 1.732, t₀.₉₇₅,₄ = 2.776.
    @Test func predictionIntervalMatchesTheFormula() throws {
        let c = PredictionIntervalComparison.compare(
            history: [100, 102, 98, 101, 99], candidate: 90, statistic: .value, level: 0.95)
        #expect(c.baseline == 100)
        #expect(c.absoluteDelta == -10)
        #expect(c.baselineCount == 5 && c.candidateCount == 1)
        let interval = try #require(c.absoluteInterval)
        #expect(abs(interval.lower - -14.808943986628496) < 1e-9)
        #expect(abs(interval.upper - -5.191056013371505) < 1e-9)
        #expect(abs(try #require(c.pValue) - 0.004468575556053281) < 1e-9)
        #expect(abs(try #require(c.relativeDelta) - -0.1) < 1e-12)
        let relative = try #require(c.relativeInterval)
        #expect(abs(relative.lower - -0.14808943986628496) < 1e-9)
        #expect(abs(try #require(c.standardError) - 3.squareRoot()) < 1e-12)
        #expect(c.intervalMethod == .predictionInterval && c.testMethod == .predictionInterval)
    }

    @Test func identicalOrTooFewValuesHaveNoInterval() {
        let flat = PredictionIntervalComparison.compare(history: [5, 5, 5], candidate: 6, statistic: .value, level: 0.95)
        #expect(flat.pValue == nil && flat.absoluteInterval == nil)
        #expect(flat.limitation == "the 3 history values are all equal (s = 0): no spread to test against")
        let one = PredictionIntervalComparison.compare(history: [5], candidate: 6, statistic: .value, level: 0.95)
        #expect(one.pValue == nil)
        #expect(ComparisonMethod(rawValue: "prediction_interval") == .predictionInterval)
    }

    // MARK: Calibration and power

    /// Candidates from the same distribution as their 20-run history, one figure, threshold 0,
    /// uncorrected: any significant change is a false alarm, so the rate must be alpha. 2,000
    /// trials give a binomial standard error of 0.49 pp; the band is 3.5 of them.
    @Test func sameDistributionCandidatesAlarmAtAlpha() throws {
        let policy = try Self.policy("inherit_defaults: false\ncorrection: none\nthresholds:\n  output_throughput: 0%\n")
        var generator = SeededGenerator(seed: 11)
        var alarms = RateCounter(), regressions = RateCounter()
        for _ in 0..<2_000 {
            let history = Self.history(20, generator: &generator)
            let candidate = Self.perfRun(throughput: [1: 1_000 + 20 * generator.normal()])
            let result = HistoryComparator.compare(history: history, candidate: candidate, policy: policy)
            let verdict = try #require(result.gated.first?.verdict)
            alarms.record(verdict == .regression || verdict == .improvement)
            regressions.record(verdict == .regression)
        }
        print("history A/A false-alarm rate: \(alarms.rate) (either way), \(regressions.rate) (regressions)")
        let band = 3.5 * (0.05 * 0.95 / 2_000).squareRoot()
        #expect(abs(alarms.rate - 0.05) <= band, "false-alarm rate \(alarms.rate)")
        #expect(abs(regressions.rate - 0.025) <= 3.5 * (0.025 * 0.975 / 2_000).squareRoot(), "regressions \(regressions.rate)")
    }

    /// A 10 % throughput drop where runs vary by 2 %, against a -5 % threshold and the default Holm
    /// correction: found nearly every time.
    @Test func aTenPercentShiftIsDetected() throws {
        let policy = try Self.policy("inherit_defaults: false\nthresholds:\n  output_throughput: -5%\n")
        var generator = SeededGenerator(seed: 12)
        var detected = RateCounter()
        for _ in 0..<500 {
            let history = Self.history(20, generator: &generator)
            let candidate = Self.perfRun(throughput: [1: 900 + 20 * generator.normal()])
            let result = HistoryComparator.compare(history: history, candidate: candidate, policy: policy)
            detected.record(result.status == .fail && result.count(.regression) == 1)
        }
        print("history: 10 % shift at 2 % run-to-run sd detected in \(detected.hits) of \(detected.trials)")
        #expect(detected.rate >= 0.95)
    }

    // MARK: How much history

    @Test func fewerRunsThanMinHistoryAreInconclusive() throws {
        var generator = SeededGenerator(seed: 13)
        let history = Self.history(3, generator: &generator)
        let candidate = Self.perfRun(throughput: [1: 500])
        let result = HistoryComparator.compare(history: history, candidate: candidate, requested: 20)
        #expect(result.status == .pass)
        #expect(result.reasons.first == "only 3 comparable runs in history (min_history: 5)")
        #expect(!result.gated.isEmpty)
        #expect(result.gated.allSatisfy { $0.verdict == .inconclusive })
        #expect(result.gated.allSatisfy { $0.decision?.reason == "only 3 comparable runs in history (min_history: 5)" })
        #expect(result.history?.isEnough == false)

        let strict = try Self.policy("inconclusive: fail\n")
        let failing = HistoryComparator.compare(history: history, candidate: candidate, policy: strict)
        #expect(failing.status == .fail)
        #expect(failing.reasons.first == "only 3 comparable runs in history (min_history: 5)")

        let lenient = try Self.policy("min_history: 3\n")
        let decided = HistoryComparator.compare(history: history, candidate: candidate, policy: lenient)
        #expect(decided.reasons.first?.hasPrefix("only") == false)
    }

    @Test func aFigureSomeRunsLackUsesTheRunsThatHaveIt() throws {
        // 8 runs; only the 5 newest measured c=8, only the 4 newest c=16.
        let history: [(id: Int64?, run: Run)] = (0..<8).map { index in
            var throughput: [Int: Double] = [1: 100 + Double(index % 3)]
            if index < 5 { throughput[8] = 700 + Double(index % 2) * 10 }
            if index < 4 { throughput[16] = 1_200 + Double(index) }
            return (Int64(8 - index), Self.perfRun(throughput: throughput))
        }
        let candidate = Self.perfRun(throughput: [1: 101, 8: 705, 16: 1_201])
        let result = HistoryComparator.compare(history: history, candidate: candidate)
        let throughput = result.gated.filter { $0.metric == "output_throughput" }
        #expect(throughput.map(\.comparison.baselineCount) == [8, 5, 4])
        #expect(throughput[1].comparison.testMethod == .predictionInterval)
        #expect(throughput[2].verdict == .inconclusive)
        #expect(throughput[2].decision?.reason == "only 4 of the 8 history runs measured it (min_history: 5)")
        #expect(result.notes.contains { $0.hasPrefix("measured by fewer than the 8 history runs (n per row): output_throughput at c=8 (5)") })
    }

    @Test func identicalHistoryValuesAreThresholdOnly() {
        let history: [(id: Int64?, run: Run)] = (0..<6).map { (Int64($0), Self.perfRun(throughput: [1: 100 + Double($0)])) }
        let result = HistoryComparator.compare(history: history, candidate: Self.perfRun(throughput: [1: 100]))
        let success = result.gated.first { $0.metric == "success_rate" }
        #expect(success?.decision?.mode == .thresholdOnly)
        #expect(success?.verdict == .unchanged)
        #expect(result.notes.contains("every history run has the same value (s = 0), so threshold-only: ttft.mean at c=1, success_rate at c=1"))
    }

    // MARK: Which runs

    @Test func nonComparableAndInvalidRunsAreSkippedWithTheirReason() {
        var generator = SeededGenerator(seed: 14)
        var history = Self.history(7, generator: &generator)
        history[1].run.hardware = Hardware(name: "A100", count: 1, memoryGB: 80)
        history[3].run = Self.perfRun(throughput: [1: 1_000], successRate: 0.9)
        let candidate = Self.perfRun(throughput: [1: 1_000])
        let result = HistoryComparator.compare(
            history: history, candidate: candidate, candidateID: 42, requested: 7,
            skipped: [.init(run: .init(id: 99, runAt: nil), reason: "not comparable: model other (candidate: gpt-oss-20b)")])
        let baseline = result.history!
        #expect(baseline.runs.map(\.id) == [7, 5, 3, 2, 1])
        #expect(baseline.skipped.map(\.run.id) == [99, 6, 4])
        #expect(baseline.skipped[1].reason == "not comparable: hardware A100 80GB x 1 (candidate: H20 96GB x 1)")
        #expect(baseline.skipped[2].reason == "invalid: c=1 10 of 100 requests failed (10.0%, limit 1%)")
        #expect(result.baseline.name == "history of 5 runs (ids 7…1)")
        #expect(result.baseline.id == nil)
        #expect(result.comparability.isComparable)
        #expect(result.gated.allSatisfy { $0.comparison.baselineCount == 5 })

        let allowed = HistoryComparator.compare(history: history, candidate: candidate, allowing: ["hardware"])
        #expect(allowed.history?.runs.map(\.id) == [7, 6, 5, 3, 2, 1])
        #expect(HistoryComparator.reasonToSkip(history[0].run, candidate: candidate, policy: .standard) == nil)
    }

    @Test func theCandidateMustStillBeValid() {
        var generator = SeededGenerator(seed: 15)
        let result = HistoryComparator.compare(
            history: Self.history(10, generator: &generator),
            candidate: Self.perfRun(throughput: [1: 1_000], successRate: 0.5))
        #expect(result.status == .fail)
        #expect(result.problems.map(\.side) == [.candidate])
    }

    @Test func anEmptyHistoryIsNoData() {
        let result = HistoryComparator.compare(history: [], candidate: Self.perfRun(throughput: [1: 1_000]))
        #expect(result.status == .noData)
        #expect(result.reasons == ["no comparable run in history"])
        #expect(result.baseline.name == "history of 0 runs")
    }

    @Test func evalScoresAreComparedPerDatasetWithTheScoreRule() {
        var generator = SeededGenerator(seed: 16)
        let eval = { (score: Double) in
            Run(kind: .eval, model: ModelIdentity(name: "gpt-oss-20b"), workload: Workload(dataset: "aime25"),
                source: SourceInfo(tool: "evalscope", version: "1.14.1"), contentHash: UUID().uuidString,
                scores: [EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "mean_acc",
                                   score: score, count: 120, isPrimary: true)])
        }
        let history: [(id: Int64?, run: Run)] = (0..<12).map { (Int64(12 - $0), eval(0.80 + 0.01 * generator.normal())) }
        let result = HistoryComparator.compare(history: history, candidate: eval(0.70))
        #expect(result.status == .fail)
        #expect(result.gated.map(\.subject) == ["aime25"])
        #expect(result.gated.first?.verdict == .regression)
        #expect(result.gated.first?.policyKey == "score")
    }

    // MARK: Policy

    @Test func minHistoryIsAPolicyKey() throws {
        #expect(GatePolicy.standard.minHistory == 5)
        #expect(try GatePolicy(yaml: "min_history: 10\n").minHistory == 10)
        for (yaml, message) in [
            ("min_history: 1\n", "min_history: \"1\" is not a whole number of at least 2"),
            ("min_history: many\n", "min_history: \"many\" is not a whole number of at least 2"),
            ("min_history: 2.5\n", "min_history: \"2.5\" is not a whole number of at least 2"),
        ] {
            #expect(throws: PolicyError(message)) { try GatePolicy(yaml: yaml) }
        }
    }
}
