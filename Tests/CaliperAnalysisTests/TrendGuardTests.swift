import CaliperAnalysis
import CaliperCore
import Testing

/// A trend holds only runs comparable with its newest one, from the same branch.
struct TrendGuardTests {
    func observation(_ id: Int64, stream: Bool = true, branch: String = "main", engineVersion: String = "0.10.0") -> TrendObservation {
        var observation = TrendFixtures.observation(id, value: 100, engineVersion: engineVersion, labels: ["branch": branch])
        observation.run.generationConfig = GenerationConfig(["stream": .bool(stream)])
        return observation
    }

    @Test func runsNotComparableWithTheNewestAreLeftOutWithTheReason() {
        let split = TrendGuard.split([observation(1, stream: false), observation(2), observation(3, engineVersion: "0.10.1")])
        #expect(split.reference == 3)
        #expect(split.kept.map(\.runID) == [2, 3])
        #expect(split.excluded == [TrendExclusion(runID: 1, reason: "stream differs (false vs true)")])
    }

    @Test func anotherBranchIsLeftOutUnlessAllowed() {
        let observations = [observation(1, stream: false, branch: "pr-12"), observation(2), observation(3)]
        let split = TrendGuard.split(observations)
        #expect(split.excluded == [TrendExclusion(
            runID: 1, reason: "stream differs (false vs true); label.branch differs (pr-12 vs main)")])
        let allowed = TrendGuard.split(observations, allowing: ["label.branch", "stream"])
        #expect(allowed.kept.count == 3 && allowed.excluded.isEmpty)
    }

    @Test func theSeriesCarriesTheExclusions() {
        let split = TrendGuard.split([observation(1, stream: false), observation(2)])
        let series = TrendSeries(
            split.kept, subject: TrendFixtures.throughput, excluded: split.excluded, reference: split.reference)
        #expect(series.points.map(\.runID) == [2])
        #expect(series.excluded.map(\.runID) == [1])
        #expect(TrendGuard.split([]).reference == nil)
    }
}
