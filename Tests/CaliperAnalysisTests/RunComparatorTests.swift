import CaliperAnalysis
import CaliperCore
import Foundation
import Testing

/// Whole-run comparisons on synthetic runs drawn from known distributions: keys, validity,
/// verdicts, and the gate's false-alarm and detection rates.
struct RunComparatorTests {
    /// A perf run measured at `levels`, `n` requests per point, TTFT scaled by `ttftScale`.
    static func perfRun(
        levels: [Int] = [1, 8], n: Int = 500, ttftScale: Double = 1, tpotScale: Double = 1, failures: Int = 0,
        outputTokens: Int = 128, hardware: String = "H20", generator: inout SeededGenerator
    ) -> Run {
        let points = levels.map { concurrency in
            let load = 1 + 0.1 * Double(concurrency)
            var records: [RequestRecord] = []
            for index in 0..<n {
                let failed = index < failures
                let ttft = generator.logNormal(1, scale: 0.07 * load * ttftScale, sigma: 0.3)[0]
                let tpot = generator.logNormal(1, scale: 0.008 * load * tpotScale, sigma: 0.2)[0]
                let latency = ttft + tpot * Double(outputTokens - 1)
                records.append(failed
                    ? RequestRecord(sequence: index, success: false, latency: latency, error: "HTTP 500")
                    : RequestRecord(
                        sequence: index, success: true, latency: latency, ttft: ttft, tpot: tpot, itlMean: tpot,
                        itlCount: outputTokens - 1, inputTokens: 1024, outputTokens: outputTokens))
            }
            var metrics = MetricTable()
            let ok = records.filter(\.success)
            let busy = records.compactMap(\.latency).reduce(0, +)
            metrics[.outputThroughput, .value] = Double(concurrency) * Double(ok.count * outputTokens) / busy
            metrics[.requestThroughput, .value] = Double(concurrency) * Double(ok.count) / busy
            metrics[.successRate, .value] = Double(ok.count) / Double(n)
            return PerfPoint(concurrency: concurrency, requests: n, metrics: metrics, records: records)
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: "0.10.1"),
            hardware: Hardware(name: hardware, count: 1, memoryGB: 96),
            generationConfig: GenerationConfig(["max_tokens": .int(128), "ignore_eos": .bool(true)]),
            workload: Workload(endpoint: "/v1/completions", dataset: "random", minPromptLength: 1024,
                               maxPromptLength: 1024, outputLength: 128),
            source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "perf-G"), contentHash: "synthetic",
            points: points)
    }

    /// An eval run of `questions` × `repeats` 0/1 answers, each right with probability `accuracy`.
    static func evalRun(
        questions: Int = 60, repeats: Int = 4, accuracy: Double, effort: String, withSamples: Bool = true,
        generator: inout SeededGenerator
    ) -> Run {
        var samples: [EvalSample] = []
        for question in 0..<questions {
            for repeatIndex in 0..<repeats {
                samples.append(EvalSample(
                    dataset: "aime25", subset: "default", sampleID: "\(question)-\(repeatIndex)", questionID: "\(question)",
                    repeatIndex: repeatIndex, metric: "accuracy", score: generator.bernoulli(accuracy),
                    outputTokens: effort == "high" ? 900 : 300, latency: effort == "high" ? 9 : 3))
            }
        }
        let score = samples.map(\.score).reduce(0, +) / Double(samples.count)
        return Run(
            kind: .eval, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: "0.10.1"),
            generationConfig: GenerationConfig(["reasoning_effort": .string(effort), "temperature": .double(0.6)]),
            workload: Workload(dataset: "aime25"), source: SourceInfo(tool: "evalscope", version: "1.14.1"),
            contentHash: effort,
            scores: [EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "mean_acc",
                               score: score, count: samples.count, isPrimary: true)],
            samples: withSamples ? samples : [])
    }

    @Test func differentHardwareIsNotComparableUnlessAllowed() {
        var generator = SeededGenerator(seed: 1)
        let a = Self.perfRun(n: 50, generator: &generator)
        let b = Self.perfRun(n: 50, hardware: "A100", generator: &generator)
        let blocked = RunComparator.compare(baseline: a, baselineID: 1, candidate: b, candidateID: 2)
        #expect(blocked.status == .notComparable)
        #expect(blocked.exitCode == 2)
        #expect(blocked.metrics.isEmpty)
        #expect(blocked.comparability.violations.map(\.field) == ["hardware"])
        #expect(blocked.headline.hasPrefix("NOT COMPARABLE: the runs differ in hardware"))

        let allowed = RunComparator.compare(baseline: a, candidate: b, allowing: ["hardware"])
        #expect(allowed.status != .notComparable)
        #expect(allowed.comparability.varied.map(\.field) == ["hardware"])
    }

    @Test func aTwentyFivePercentSlowerTTFTFailsTheGate() {
        var generator = SeededGenerator(seed: 2)
        let a = Self.perfRun(n: 1_000, generator: &generator)
        let b = Self.perfRun(n: 1_000, ttftScale: 1.25, generator: &generator)
        let result = RunComparator.compare(baseline: a, baselineID: 41, candidate: b, candidateID: 42)
        #expect(result.status == .fail)
        #expect(result.exitCode == 1)
        let regressions = result.gated.filter { $0.verdict == .regression }.map { "\($0.label) at \($0.subject)" }
        #expect(regressions.contains("ttft.mean at c=1"))
        #expect(regressions.contains("ttft.p99 at c=8"))
        #expect(result.gated.filter { $0.metric == "tpot" }.allSatisfy { $0.verdict != .regression })
        #expect(result.reasons.first?.hasPrefix("\(regressions.count) regressions: ttft.mean at c=1") == true)
        #expect(result.gated.allSatisfy { $0.decision?.mode == .statistical && $0.decision?.adjustment == .holm })
    }

    /// The point of the correction: with every threshold at 0 %, any significant worsening is a
    /// regression. 10 gated figures × 2 points per gate; over 200 same-distribution pairs the gate
    /// must fail at most about alpha of the time with Holm, while uncorrected it cries wolf far more.
    @Test func sameDistributionPairsRarelyFailTheGate() throws {
        var zeroThresholds = "inherit_defaults: false\nthresholds:\n"
        for key in GatePolicy.standardRules.map(\.key) where key != "score" { zeroThresholds += "  \(key): 0%\n" }
        let holm = try GatePolicy(yaml: zeroThresholds)
        var uncorrected = holm
        uncorrected.correction = .none
        var generator = SeededGenerator(seed: 3)
        var corrected = RateCounter(), raw = RateCounter()
        for _ in 0..<200 {
            // 600 requests: p99s take the order-statistic interval (the bootstrap is tested elsewhere).
            let a = Self.perfRun(n: 600, generator: &generator)
            let b = Self.perfRun(n: 600, generator: &generator)
            corrected.record(RunComparator.compare(baseline: a, candidate: b, policy: holm).count(.regression) > 0)
            raw.record(RunComparator.compare(baseline: a, candidate: b, policy: uncorrected).count(.regression) > 0)
        }
        // One-sided use of two-sided tests: the family-wise rate of "worse" alarms is at most alpha.
        print("gate A/A false-alarm rate: Holm \(corrected.rate), uncorrected \(raw.rate)")
        #expect(corrected.rate <= 0.06, "Holm false-alarm rate \(corrected.rate)")
        #expect(raw.rate >= 2 * corrected.rate && raw.rate >= 0.08, "uncorrected false-alarm rate \(raw.rate)")
    }

    @Test func failedRequestsMakeAnInvalidRun() {
        var generator = SeededGenerator(seed: 4)
        let a = Self.perfRun(levels: [2], n: 100, generator: &generator)
        let b = Self.perfRun(levels: [2], n: 100, failures: 3, generator: &generator)
        let result = RunComparator.compare(baseline: a, candidate: b)
        #expect(result.status == .fail)
        #expect(result.problems == [ValidityProblem(
            side: .candidate, subject: "c=2", reason: "3 of 100 requests failed (3.0%, limit 1%)")])
        #expect(result.reasons.first == "invalid run: candidate c=2 3 of 100 requests failed (3.0%, limit 1%)")
    }

    @Test func outputsShorterThanTheFixedLengthMakeAnInvalidRun() {
        var generator = SeededGenerator(seed: 5)
        let a = Self.perfRun(levels: [2], n: 100, generator: &generator)
        let b = Self.perfRun(levels: [2], n: 100, outputTokens: 64, generator: &generator)
        let result = RunComparator.compare(baseline: a, candidate: b)
        #expect(result.status == .fail)
        #expect(result.problems.map(\.reason) == ["mean output 64.0 tokens, -50% off the fixed length 128 (tolerance 10%)"])
    }

    @Test func pointsOnOneSideAreListedAndNoSharedPointIsNoData() {
        var generator = SeededGenerator(seed: 6)
        let a = Self.perfRun(levels: [1, 8], n: 50, generator: &generator)
        let b = Self.perfRun(levels: [1, 8, 16], n: 50, generator: &generator)
        let result = RunComparator.compare(baseline: a, candidate: b)
        #expect(result.onlyInCandidate == ["c=16"])
        #expect(result.onlyInBaseline == [])

        let disjoint = RunComparator.compare(
            baseline: a, candidate: Self.perfRun(levels: [32], n: 50, generator: &generator))
        #expect(disjoint.status == .noData)
        #expect(disjoint.exitCode == 2)
        #expect(disjoint.reasons == ["no load level was measured by both runs"])
    }

    @Test func withoutRequestRowsVerdictsAreThresholdOnlyAndSaySo() {
        var generator = SeededGenerator(seed: 7)
        var a = Self.perfRun(levels: [4], n: 200, generator: &generator)
        var b = Self.perfRun(levels: [4], n: 200, ttftScale: 1.3, generator: &generator)
        for run in [\Run.points] {
            a[keyPath: run][0].metrics[.ttft, .mean] = 0.1
            b[keyPath: run][0].metrics[.ttft, .mean] = 0.13
        }
        a.points[0].records = []
        b.points[0].records = []
        let result = RunComparator.compare(baseline: a, candidate: b)
        let ttft = result.gated.first { $0.label == "ttft.mean" }
        #expect(ttft?.decision?.mode == .thresholdOnly)
        #expect(ttft?.verdict == .regression)
        #expect(result.notes.contains { $0.hasPrefix("threshold-only, no test") })
        #expect(result.notes.contains { $0.hasPrefix("not measured on both sides, not gated: ttft.p99 at c=4") })
    }

    @Test func higherReasoningEffortIsComparedQuestionByQuestion() {
        var generator = SeededGenerator(seed: 8)
        let low = Self.evalRun(accuracy: 0.5, effort: "low", generator: &generator)
        let high = Self.evalRun(accuracy: 0.8, effort: "high", generator: &generator)
        let blocked = RunComparator.compare(baseline: low, candidate: high)
        #expect(blocked.comparability.violations.map(\.field) == ["reasoning_effort"])

        let result = RunComparator.compare(baseline: low, candidate: high, allowing: ["reasoning_effort"])
        #expect(result.status == .pass)
        let score = result.gated.first
        #expect(score?.metric == "accuracy")
        #expect(score?.subject == "aime25")
        #expect(score?.verdict == .improvement)
        #expect(score?.comparison.testMethod == .pairedT)
        #expect(score?.policyKey == "score")
        // What the effort costs: shown, not gated.
        let costs = result.metrics.filter { $0.decision == nil }.map(\.metric)
        #expect(costs == ["output_tokens", "latency"])
        #expect(result.metrics.first { $0.metric == "output_tokens" }?.comparison.relativeDelta == 2)

        let reversed = RunComparator.compare(baseline: high, candidate: low, allowing: ["reasoning_effort"])
        #expect(reversed.status == .fail)
        #expect(reversed.reasons == ["1 regression: accuracy at aime25"])
    }

    @Test func evalWithoutSamplesFallsBackToThresholdOnly() {
        var generator = SeededGenerator(seed: 9)
        let a = Self.evalRun(accuracy: 0.7, effort: "low", withSamples: false, generator: &generator)
        var b = Self.evalRun(accuracy: 0.7, effort: "low", withSamples: false, generator: &generator)
        b.scores[0].score = a.scores[0].score - 0.01
        let result = RunComparator.compare(baseline: a, candidate: b)
        #expect(result.gated.first?.decision?.mode == .thresholdOnly)
        #expect(result.gated.first?.verdict == .unchanged)
        #expect(result.notes == ["aime25: no per-sample data on both sides, so its verdict is threshold-only"])
    }

    @Test func inconclusiveFailsOnlyWhenThePolicySaysSo() throws {
        var generator = SeededGenerator(seed: 10)
        // 30 requests: a p99 is their max, with no calibrated interval.
        let a = Self.perfRun(levels: [1], n: 30, generator: &generator)
        let b = Self.perfRun(levels: [1], n: 30, generator: &generator)
        let lenient = RunComparator.compare(baseline: a, candidate: b)
        #expect(lenient.count(.inconclusive) > 0)
        #expect(lenient.status == .pass)
        let strict = RunComparator.compare(baseline: a, candidate: b, policy: try GatePolicy(yaml: "inconclusive: fail"))
        #expect(strict.status == .fail)
        #expect(strict.reasons.first?.contains("(the policy fails on those)") == true)
    }
}
