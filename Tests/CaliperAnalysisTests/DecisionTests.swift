import CaliperAnalysis
import CaliperCore
import Foundation
import Testing

/// The decision table, on hand-made comparisons (relative deltas and intervals given directly).
struct DecisionTests {
    let ttft = Threshold.relative(percent: 10, direction: Metric.ttft.direction)
    let throughput = Threshold.relative(percent: 5, direction: Metric.outputThroughput.direction)

    private func comparison(
        _ relative: Double, _ interval: (Double, Double)?, p: Double?, se: Double? = 0.02
    ) -> Comparison {
        Comparison(
            statistic: .p99, baseline: 1, candidate: 1 + relative, baselineCount: 1_000, candidateCount: 1_000,
            absoluteInterval: interval.map { ConfidenceInterval(lower: $0.0, upper: $0.1, level: 0.95) },
            relativeInterval: interval.map { ConfidenceInterval(lower: $0.0, upper: $0.1, level: 0.95) },
            standardError: se, relativeStandardError: se, pValue: p,
            intervalMethod: .orderStatistic, testMethod: .orderStatistic)
    }

    @Test func regressionNeedsBreachAndSignificance() {
        #expect(Decision.decide(comparison(0.12, (0.08, 0.16), p: 0.001), threshold: ttft).verdict == .regression)
        let weak = Decision.decide(comparison(0.12, (-0.02, 0.26), p: 0.09, se: 0.07), threshold: ttft)
        #expect(weak.verdict == .inconclusive)
        // MDE = (1.96 + 0.84) · 0.07 ≈ 0.196: only a ~20 % change was detectable.
        #expect(abs(weak.minimumDetectableEffect! - 0.196) < 0.001)
    }

    @Test func directionComesFromTheMetric() {
        // Throughput fell 7 %: worse for a higher-is-better metric, whatever sign the policy used.
        let fell = comparison(-0.07, (-0.09, -0.05), p: 1e-6)
        #expect(Decision.decide(fell, threshold: throughput).verdict == .regression)
        #expect(Decision.decide(fell, threshold: Threshold(parsing: "+5%", direction: .higherIsBetter)!).verdict == .regression)
        // The same fall of TTFT is an improvement.
        #expect(Decision.decide(fell, threshold: .relative(percent: 5, direction: .lowerIsBetter)).verdict == .improvement)
    }

    @Test func unchangedWhenTheIntervalRulesOutABreach() {
        #expect(Decision.decide(comparison(0.02, (-0.03, 0.07), p: 0.4), threshold: ttft).verdict == .unchanged)
        // Significant but within tolerance is still unchanged.
        #expect(Decision.decide(comparison(0.04, (0.02, 0.06), p: 0.001), threshold: ttft).verdict == .unchanged)
        // Within tolerance but the interval reaches past it: cannot tell.
        #expect(Decision.decide(comparison(0.04, (-0.05, 0.13), p: 0.4), threshold: ttft).verdict == .inconclusive)
        // A large improvement left open does not stop "unchanged".
        #expect(Decision.decide(comparison(-0.05, (-0.15, 0.05), p: 0.3), threshold: ttft).verdict == .unchanged)
    }

    @Test func tooFewSamplesIsInconclusive() {
        let d = Decision.decide(comparison(0.5, nil, p: nil, se: nil), threshold: ttft)
        #expect(d.verdict == .inconclusive && d.minimumDetectableEffect == nil && d.mode == .statistical)
    }

    @Test func adjustedPValuesDecide() {
        // Raw p = 0.03 is significant alone; among four tests Holm makes it 0.12.
        let items = [0.03, 0.2, 0.5, 0.9].map { (comparison: comparison(0.12, (0.01, 0.23), p: $0), threshold: ttft) }
        let decisions = Decision.decide(items, alpha: 0.05, adjustment: .holm)
        #expect(decisions[0].verdict == .inconclusive && abs(decisions[0].adjustedPValue! - 0.12) < 1e-12)
        #expect(decisions[0].adjustment == .holm)
        #expect(Decision.decide(items[0].comparison, threshold: ttft).verdict == .regression)
    }

    @Test func absoluteThresholdInPercentagePoints() {
        let score = Threshold(parsing: "-2pp", direction: .higherIsBetter)!
        #expect(score.kind == .absolute && abs(score.magnitude - 0.02) < 1e-15)
        #expect(score.label(unitIsFraction: true) == "2pp" && ttft.label() == "10%")
        let drop = Comparison(
            statistic: .mean, baseline: 0.5, candidate: 0.45, baselineCount: 30, candidateCount: 30,
            absoluteInterval: ConfidenceInterval(lower: -0.09, upper: -0.01, level: 0.95),
            standardError: 0.02, pValue: 0.01, intervalMethod: .pairedBootstrap, testMethod: .exactMcNemar)
        #expect(Decision.decide(drop, threshold: score).verdict == .regression)
        #expect(Threshold(parsing: "ten", direction: .neutral) == nil)
    }

    @Test func thresholdOnlyMode() {
        let d = Decision.thresholdOnly(statistic: .value, baseline: 1_000, candidate: 930, threshold: throughput)
        #expect(d.verdict == .regression && d.mode == .thresholdOnly && d.adjustedPValue == nil)
        #expect(Decision.thresholdOnly(statistic: .value, baseline: 1_000, candidate: 980, threshold: throughput).verdict == .unchanged)
        #expect(Decision.thresholdOnly(statistic: .value, baseline: 1_000, candidate: 1_100, threshold: throughput).verdict == .improvement)
        // A neutral metric regresses either way and never improves.
        let neutral = Threshold.relative(percent: 5, direction: .neutral)
        #expect(Decision.thresholdOnly(statistic: .mean, baseline: 100, candidate: 90, threshold: neutral).verdict == .regression)
    }

    @Test func decisionsRoundTripThroughJSON() throws {
        let d = Decision.decide(comparison(0.12, (0.08, 0.16), p: 0.001), threshold: ttft)
        let data = try JSONEncoder().encode(d)
        #expect(try JSONDecoder().decode(Decision.self, from: data) == d)
    }
}
