import CaliperAnalysis
import Testing

/// Reference values from SciPy 1.17 (`norm.ppf`, `t.ppf`, `binom.cdf`).
struct DistributionTests {
    @Test func normalQuantileAndCDF() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-13)
        #expect(abs(NormalDistribution.quantile(0.8) - 0.8416212335729143) < 1e-13)
        #expect(abs(NormalDistribution.quantile(1e-10) - -6.361340902404056) < 1e-11)
        #expect(abs(NormalDistribution.quantile(0.999999) - 4.753424308817087) < 1e-10)
        #expect(NormalDistribution.quantile(0.5) == 0)
        #expect(abs(NormalDistribution.cdf(-3) - 0.0013498980316300933) < 1e-16)
        #expect(abs(NormalDistribution.twoSidedPValue(1.959963984540054) - 0.05) < 1e-14)
        for p in stride(from: 0.001, to: 1, by: 0.0137) {
            #expect(abs(NormalDistribution.cdf(NormalDistribution.quantile(p)) - p) < 1e-14)
        }
    }

    @Test func studentTQuantile() {
        #expect(abs(StudentTDistribution.quantile(0.975, degreesOfFreedom: 10) - 2.228138851986274) < 1e-10)
        #expect(abs(StudentTDistribution.quantile(0.975, degreesOfFreedom: 1) - 12.706204736174694) < 1e-8)
        #expect(abs(StudentTDistribution.quantile(0.995, degreesOfFreedom: 3) - 5.840909309733355) < 1e-9)
        #expect(abs(StudentTDistribution.quantile(0.975, degreesOfFreedom: 2.5) - 3.5746548420036817) < 1e-9)
        #expect(abs(StudentTDistribution.quantile(0.9, degreesOfFreedom: 100) - 1.290074761346516) < 1e-10)
        #expect(abs(StudentTDistribution.quantile(0.025, degreesOfFreedom: 10) + 2.228138851986274) < 1e-10)
        #expect(abs(StudentTDistribution.twoSidedPValue(2.0, degreesOfFreedom: 7) - 0.08561932856297605) < 1e-12)
    }

    @Test func binomialTails() {
        #expect(abs(BinomialDistribution.cdf(1, trials: 10, probability: 0.5) - 11.0 / 1024) < 1e-15)
        #expect(abs(BinomialDistribution.cdf(3, trials: 20, probability: 0.3) - 0.10708680450373087) < 1e-13)
        #expect(abs(BinomialDistribution.cdf(40, trials: 100, probability: 0.5) - 0.028443966820490444) < 1e-13)
        #expect(abs(BinomialDistribution.probability(2, trials: 4, probability: 0.5) - 0.375) < 1e-15)
    }

    /// Exact McNemar on discordant counts: the prior-art figures for a 30-question benchmark.
    @Test func exactMcNemar() {
        #expect(abs(BinomialDistribution.twoSidedFairPValue(successes: 6, trials: 6) - 0.03125) < 1e-15)
        #expect(abs(BinomialDistribution.twoSidedFairPValue(successes: 1, trials: 9) - 0.0390625) < 1e-15)
        #expect(BinomialDistribution.twoSidedFairPValue(successes: 5, trials: 5) > 0.05)
        #expect(BinomialDistribution.twoSidedFairPValue(successes: 3, trials: 6) == 1)
        #expect(BinomialDistribution.twoSidedFairPValue(successes: 0, trials: 0) == 1)
    }

    /// Wilson 95 %: 15/30 → [33.2, 66.8] %, 24/30 → [62.7, 90.5] %, 0/30 → [0, 11.4] %.
    @Test func wilsonInterval() {
        let half = ConfidenceInterval.wilson(successes: 15, trials: 30)
        #expect(abs(half.lower - 0.33154125640533766) < 1e-12 && abs(half.upper - 0.6684587435946623) < 1e-12)
        let high = ConfidenceInterval.wilson(successes: 24, trials: 30)
        #expect(abs(high.lower - 0.6269430358685175) < 1e-12 && abs(high.upper - 0.9049489282271013) < 1e-12)
        let none = ConfidenceInterval.wilson(successes: 0, trials: 30)
        #expect(none.lower == 0 && abs(none.upper - 0.11351339317396876) < 1e-12)
    }

    /// Selection agrees with sorting, with and without ties, for every rank asked.
    @Test func orderStatisticsMatchSorting() {
        var generator = SeededGenerator(seed: 11)
        for n in [1, 2, 15, 17, 100, 1_001] {
            for ties in [false, true] {
                let values = (0..<n).map { _ in ties ? Double(generator.index(below: 5)) : generator.unit() }
                let sorted = values.sorted()
                let ranks = [0, n / 3, n / 2, n - 1, n / 2]
                var copy = values
                #expect(OrderStatistics.select(&copy, ranks: ranks) == ranks.map { sorted[$0] })
            }
        }
        #expect(OrderStatistics.nearestRank(99, count: 30) == 29)
        #expect(OrderStatistics.nearestRank(50, count: 10) == 4)
    }
}
