import CaliperAnalysis
import CaliperCore
import Testing

/// A/A false alarms and A/B power and coverage of the request-level comparisons, on log-normal
/// latencies (σ = 0.5 on the log scale, like TTFT under load). A scale shift of +10 % moves the
/// mean and every quantile by exactly +10 %, so the true relative delta is known.
struct TwoSampleCalibrationTests {
    /// Welch on means, n cycling 30…2,000 per side, 1,000 pairs.
    @Test func meanFalseAlarmRate() {
        var generator = SeededGenerator(seed: 101)
        var alarms = RateCounter()
        let sizes = [30, 100, 300, 1_000, 2_000]
        for trial in 0..<1_000 {
            let n = sizes[trial % sizes.count]
            let c = TwoSampleComparison.compare(
                baseline: generator.logNormal(n), candidate: generator.logNormal(n), statistic: .mean)!
            #expect(c.intervalMethod == .welch)
            alarms.record(c.pValue! <= 0.05)
        }
        print("A/A mean (Welch) false-alarm rate: \(alarms.rate) over \(alarms.trials)")
        #expect(alarms.isNear(0.05))
    }

    /// p99 with the order-statistic interval (n ≥ 500, so ≥ 5 requests beyond the p99), 1,000 pairs.
    @Test func p99AnalyticFalseAlarmRate() {
        var generator = SeededGenerator(seed: 102)
        var alarms = RateCounter()
        let sizes = [500, 1_000, 2_000]
        for trial in 0..<1_000 {
            let n = sizes[trial % sizes.count]
            let c = TwoSampleComparison.compare(
                baseline: generator.logNormal(n), candidate: generator.logNormal(n), statistic: .p99)!
            #expect(c.intervalMethod == .orderStatistic)
            alarms.record(c.pValue! <= 0.05)
        }
        print("A/A p99 (order statistic) false-alarm rate: \(alarms.rate) over \(alarms.trials)")
        #expect(alarms.isNear(0.05))
    }

    /// p50 and p90 with the order-statistic interval, n cycling 100…2,000, 1,000 pairs.
    @Test func medianAndP90FalseAlarmRate() {
        var generator = SeededGenerator(seed: 103)
        var alarms = RateCounter()
        let sizes = [100, 300, 1_000, 2_000]
        for trial in 0..<1_000 {
            let n = sizes[trial % sizes.count]
            let statistic: Statistic = trial.isMultiple(of: 2) ? .p50 : .p90
            let c = TwoSampleComparison.compare(
                baseline: generator.logNormal(n), candidate: generator.logNormal(n), statistic: statistic)!
            alarms.record(c.pValue! <= 0.05)
        }
        print("A/A p50/p90 (order statistic) false-alarm rate: \(alarms.rate) over \(alarms.trials)")
        #expect(alarms.isNear(0.05))
    }

    /// p99 with the bootstrap (100 ≤ n < 500: 1 to 5 requests beyond the p99), 300 pairs. 400
    /// resamples keep the debug-build test fast; the default 1,000 only lowers Monte Carlo noise.
    @Test func p99BootstrapFalseAlarmRate() {
        var generator = SeededGenerator(seed: 104)
        var alarms = RateCounter()
        let sizes = [100, 150, 250]
        for trial in 0..<300 {
            let n = sizes[trial % sizes.count]
            let c = TwoSampleComparison.compare(
                baseline: generator.logNormal(n), candidate: generator.logNormal(n), statistic: .p99,
                options: .init(resamples: 400, seed: UInt64(trial)))!
            #expect(c.intervalMethod == .bootstrapPercentile)
            alarms.record(c.pValue! <= 0.05)
        }
        print("A/A p99 (bootstrap) false-alarm rate: \(alarms.rate) over \(alarms.trials)")
        #expect(alarms.isNear(0.05))
    }

    /// A p99 of 30 requests is their maximum: no interval, and the verdict cannot be a regression.
    @Test func p99OfThirtyHasNoInterval() {
        var generator = SeededGenerator(seed: 105)
        let a = generator.logNormal(30), b = generator.logNormal(30, scale: 2)
        let c = TwoSampleComparison.compare(baseline: a, candidate: b, statistic: .p99)!
        #expect(c.pValue == nil && c.absoluteInterval == nil && c.limitation != nil)
        #expect(c.baseline == a.max() && c.candidate == b.max())
        let d = Decision.decide(c, threshold: .relative(percent: 10, direction: .lowerIsBetter))
        #expect(d.verdict == .inconclusive)
    }

    /// +10 % latency at n = 1,000: mean and p50 detected in ≥ 80 % of 300 trials; the 95 % relative
    /// interval covers +10 % at about the nominal rate.
    @Test func shiftDetectedAndCoveredForMeanAndMedian() {
        var generator = SeededGenerator(seed: 106)
        for statistic in [Statistic.mean, .p50] {
            var detected = RateCounter(), covered = RateCounter()
            for _ in 0..<300 {
                let c = TwoSampleComparison.compare(
                    baseline: generator.logNormal(1_000), candidate: generator.logNormal(1_000, scale: 1.1),
                    statistic: statistic)!
                detected.record(c.pValue! <= 0.05 && c.absoluteDelta > 0)
                covered.record(c.relativeInterval!.contains(0.10))
            }
            print("A/B +10% \(statistic) n=1000: power \(detected.rate), coverage \(covered.rate)")
            #expect(detected.rate >= 0.8)
            #expect(covered.isNear(0.95))
        }
    }

    /// +10 % at the p99 needs the tail's data: at n = 10,000 per side it is detected in ≥ 80 % of
    /// 100 trials, and the interval covers +10 % at about the nominal rate.
    @Test func shiftDetectedAndCoveredForP99() {
        var generator = SeededGenerator(seed: 107)
        var detected = RateCounter(), covered = RateCounter()
        for _ in 0..<100 {
            let c = TwoSampleComparison.compare(
                baseline: generator.logNormal(10_000), candidate: generator.logNormal(10_000, scale: 1.1),
                statistic: .p99)!
            detected.record(c.pValue! <= 0.05 && c.absoluteDelta > 0)
            covered.record(c.relativeInterval!.contains(0.10))
        }
        print("A/B +10% p99 n=10000: power \(detected.rate), coverage \(covered.rate)")
        #expect(detected.rate >= 0.8)
        #expect(covered.isNear(0.95))
    }

    /// The bootstrap is the reference: on the same data its mean interval agrees with Welch's.
    @Test func bootstrapAgreesWithWelch() {
        var generator = SeededGenerator(seed: 108)
        let a = generator.logNormal(400), b = generator.logNormal(400, scale: 1.05)
        let welch = TwoSampleComparison.compare(baseline: a, candidate: b, statistic: .mean)!
        let boot = TwoSampleComparison.compare(
            baseline: a, candidate: b, statistic: .mean, options: .init(method: .bootstrap, resamples: 2_000))!
        #expect(boot.intervalMethod == .bootstrapPercentile)
        #expect(welch.baseline == boot.baseline && welch.candidate == boot.candidate)
        let width = welch.absoluteInterval!.upper - welch.absoluteInterval!.lower
        #expect(abs(welch.absoluteInterval!.lower - boot.absoluteInterval!.lower) < 0.1 * width)
        #expect(abs(welch.absoluteInterval!.upper - boot.absoluteInterval!.upper) < 0.1 * width)
        #expect(abs(welch.standardError! - boot.standardError!) < 0.1 * welch.standardError!)
        // Same seed, same answer.
        let again = TwoSampleComparison.compare(
            baseline: a, candidate: b, statistic: .mean, options: .init(method: .bootstrap, resamples: 2_000))!
        #expect(again == boot)
    }

    /// Point values are the nearest-rank percentiles the source reports.
    @Test func pointValuesAreNearestRank() {
        var generator = SeededGenerator(seed: 109)
        let a = generator.logNormal(777), b = generator.logNormal(1_234)
        for statistic in [Statistic.p50, .p90, .p99] {
            let c = TwoSampleComparison.compare(baseline: a, candidate: b, statistic: statistic)!
            #expect(c.baseline == Descriptive.percentile(a, statistic.percentileRank!))
            #expect(c.candidate == Descriptive.percentile(b, statistic.percentileRank!))
            #expect(c.baselineCount == 777 && c.candidateCount == 1_234)
        }
        #expect(TwoSampleComparison.compare(baseline: [], candidate: a, statistic: .mean) == nil)
    }
}
