import CaliperAnalysis
import Testing

struct DescriptiveTests {
    /// Nearest-rank percentiles as EvalScope ≥ 1.12 computes them.
    @Test func nearestRankPercentiles() {
        let values: [Double] = [5, 1, 4, 2, 3]
        #expect(Descriptive.percentile(values, 50) == 3)
        #expect(Descriptive.percentile(values, 0) == 1)
        #expect(Descriptive.percentile(values, 99) == 5)
        #expect(Descriptive.percentile(values, 20) == 1)
        #expect(Descriptive.percentile([], 50) == nil)
    }

    @Test func meanAndVariance() {
        #expect(Descriptive.mean([1, 2, 3, 4]) == 2.5)
        #expect(Descriptive.variance([1, 2, 3, 4]) == 5.0 / 3.0)
        #expect(Descriptive.variance([1]) == nil)
    }

    /// The same seed gives the same stream; indices stay in range and cover it evenly.
    @Test func seededGeneratorIsReproducibleAndUniform() {
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[a.index(below: 10)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
    }
}
