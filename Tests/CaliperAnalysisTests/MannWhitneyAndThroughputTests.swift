import CaliperAnalysis
import CaliperCore
import Foundation
import Testing

struct MannWhitneyAndThroughputTests {
    /// SciPy `mannwhitneyu(c, b, use_continuity=True, method="asymptotic")`: U = 25, p = 0.0800423.
    @Test func mannWhitneyKnownValueWithTies() {
        let test = MannWhitneyU.test(baseline: [1.1, 2.2, 2.2, 3.5, 4.0], candidate: [2.2, 3.0, 4.5, 5.0, 6.1, 7.0])!
        #expect(test.u == 25)
        #expect(abs(test.pValue - 0.08004227035831314) < 1e-12)
        #expect(abs(test.probabilityCandidateGreater - 25.0 / 30) < 1e-15)
        let separated = MannWhitneyU.test(baseline: [1, 2, 3], candidate: [4, 5, 6])!
        #expect(separated.u == 9 && separated.probabilityCandidateGreater == 1)
        #expect(MannWhitneyU.test(baseline: [1, 1], candidate: [1, 1])!.pValue == 1)
    }

    /// 1,000 same-distribution pairs, n cycling 30…1,000.
    @Test func mannWhitneyFalseAlarmRate() {
        var generator = SeededGenerator(seed: 201)
        var alarms = RateCounter()
        let sizes = [30, 100, 300, 1_000]
        for trial in 0..<1_000 {
            let n = sizes[trial % sizes.count]
            alarms.record(MannWhitneyU.test(baseline: generator.logNormal(n), candidate: generator.logNormal(n))!.pValue <= 0.05)
        }
        print("A/A Mann-Whitney false-alarm rate: \(alarms.rate) over \(alarms.trials)")
        #expect(alarms.isNear(0.05))
    }

    /// Requests of a closed loop at concurrency 50: output tokens 100…400, latency 0.05 s +
    /// 20 ms per token with log-normal noise; `slowdown` scales every latency.
    private func point(_ generator: inout SeededGenerator, n: Int, slowdown: Double = 1) -> ThroughputEstimate {
        var tokens = [Double](), latencies = [Double]()
        for _ in 0..<n {
            let t = Double(100 + generator.index(below: 301))
            tokens.append(t)
            latencies.append(slowdown * (0.05 + 0.02 * t) * exp(0.2 * generator.normal()))
        }
        return ThroughputEstimate.estimate(
            metric: .outputThroughput, tokens: tokens, latencies: latencies, pointValue: nil, concurrency: 50)!
    }

    @Test func throughputFromRecordsUsesLittlesLaw() {
        let records = [
            RequestRecord(sequence: 0, success: true, latency: 2, inputTokens: 10, outputTokens: 100),
            RequestRecord(sequence: 1, success: true, latency: 4, inputTokens: 10, outputTokens: 300),
            RequestRecord(sequence: 2, success: false, latency: 1, error: "timeout"),
            RequestRecord(sequence: 3, success: false),
        ]
        let output = ThroughputEstimate.estimate(metric: .outputThroughput, records: records, pointValue: nil, concurrency: 2)!
        #expect(output.value == 2 * 400.0 / 7 && output.requests == 3)
        let requests = ThroughputEstimate.estimate(metric: .requestThroughput, records: records, pointValue: 0.3, concurrency: nil)!
        #expect(requests.value == 0.3 && requests.interval.lower < 0.3 && requests.interval.upper > 0.3)
        #expect(ThroughputEstimate.estimate(metric: .ttft, records: records, pointValue: 1, concurrency: 1) == nil)
    }

    /// A/A: 1,000 pairs of 500-request points; the comparison's false-alarm rate is near 5 %.
    @Test func throughputFalseAlarmRate() {
        var generator = SeededGenerator(seed: 202)
        var alarms = RateCounter()
        for _ in 0..<1_000 {
            let c = ThroughputEstimate.compare(baseline: point(&generator, n: 500), candidate: point(&generator, n: 500))
            alarms.record(c.pValue! <= 0.05)
        }
        print("A/A throughput false-alarm rate: \(alarms.rate) over \(alarms.trials)")
        #expect(alarms.isNear(0.05))
    }

    /// A/B: 7 % slower requests cut throughput by 1 − 1/1.07 = 6.5 %: detected in ≥ 80 % of 300
    /// trials, and the relative interval covers −6.5 % at about the nominal rate.
    @Test func throughputDropDetectedAndCovered() {
        var generator = SeededGenerator(seed: 203)
        var detected = RateCounter(), covered = RateCounter()
        for _ in 0..<300 {
            let c = ThroughputEstimate.compare(
                baseline: point(&generator, n: 500), candidate: point(&generator, n: 500, slowdown: 1.07))
            detected.record(c.pValue! <= 0.05 && c.absoluteDelta < 0)
            covered.record(c.relativeInterval!.contains(1 / 1.07 - 1))
        }
        print("A/B throughput -6.5% n=500: power \(detected.rate), coverage \(covered.rate)")
        #expect(detected.rate >= 0.8)
        #expect(covered.isNear(0.95))
    }
}
