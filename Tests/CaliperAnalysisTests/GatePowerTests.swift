import CaliperAnalysis
import CaliperCore
import Foundation
import Testing

/// CI-sized runs: a gate must not wave a regression through because the run was too small to see
/// it, nor because the history is shorter than `min_history`.
struct GatePowerTests {
    @Test func theOrderStatisticMinimumFollowsFromTheBinomial() {
        // ln(0.025) / ln(0.99) = 367.04: fewer requests leave no upper bound for a p99 at 95 %.
        #expect(SampleSize.orderStatisticMinimum(.p99, alpha: 0.05) == 368)
        #expect(SampleSize.orderStatisticMinimum(.p90, alpha: 0.05) == 36)
        #expect(SampleSize.orderStatisticMinimum(.mean, alpha: 0.05) == nil)
        // From the spread: the detectable effect shrinks as 1/√n, so twice the MDE needs four times n.
        #expect(SampleSize.needed(statistic: .mean, have: 30, alpha: 0.05, detectable: 0.2, threshold: 0.1) == 120)
        #expect(SampleSize.needed(statistic: .p99, have: 30, alpha: 0.05, detectable: nil, threshold: 0.1)
            == SampleSize.orderStatisticMinimum(.p99, alpha: 0.05))
        #expect(SampleSize(have: 400, needed: 367).isEnough)
        #expect(!SampleSize(have: 30, needed: 367).isEnough)
    }

    /// +15 % on every latency with 30 requests per level: each gated latency figure is either a
    /// regression or listed as not tested with the requests it needs, never quietly unchanged.
    @Test func aFifteenPercentLatencyRegressionWithThirtyRequestsIsReported() throws {
        var generator = SeededGenerator(seed: 21)
        let base = RunComparatorTests.perfRun(levels: [4], n: 30, generator: &generator)
        let cand = RunComparatorTests.perfRun(levels: [4], n: 30, ttftScale: 1.15, tpotScale: 1.15, generator: &generator)
        let result = RunComparator.compare(baseline: base, candidate: cand)
        for key in ["ttft.p99", "latency.p99", "tpot.p99", "ttft.mean", "tpot.mean"] {
            let row = try #require(result.gated.first { $0.policyKey == key })
            let decision = try #require(row.decision)
            #expect(decision.verdict == .regression || decision.isUntested, "\(key): \(decision.verdict)")
            if decision.isUntested {
                let needed = try #require(decision.sampleSize?.needed)
                #expect(needed > 30)
                #expect(decision.reason.hasPrefix("not tested: too few requests: needs ≥ \(needed) requests per level"))
            }
        }
        let p99 = try #require(result.gated.first { $0.policyKey == "latency.p99" }?.decision)
        #expect(p99.isUntested)
        #expect(p99.sampleSize?.needed == SampleSize.orderStatisticMinimum(.p99, alpha: 0.05))
        #expect(result.headline.contains("not tested, too few requests per level: ") || result.status == .fail)
    }

    /// With 2,000 requests per level the same +15 % is a tested regression, not "not tested".
    @Test func enoughRequestsTestTheP99() throws {
        var generator = SeededGenerator(seed: 22)
        let base = RunComparatorTests.perfRun(levels: [4], n: 2_000, generator: &generator)
        let cand = RunComparatorTests.perfRun(levels: [4], n: 2_000, tpotScale: 1.15, generator: &generator)
        let result = RunComparator.compare(baseline: base, candidate: cand)
        let p99 = try #require(result.gated.first { $0.policyKey == "latency.p99" }?.decision)
        #expect(p99.sampleSize?.isEnough == true)
        #expect(p99.verdict == .regression)
        #expect(result.status == .fail)
    }

    /// Three runs of history (min_history 5): the candidate is compared with the newest run request
    /// by request, and a −13 % throughput drop fails the gate instead of passing as inconclusive.
    @Test func aShortHistoryFallsBackToTheTwoRunTest() throws {
        var generator = SeededGenerator(seed: 23)
        let history = (1...3).map { id in
            (id: Int64(id), run: RunComparatorTests.perfRun(levels: [8], n: 200, generator: &generator))
        }.reversed()
        // Latency is mostly TPOT × 127 tokens: 1.15 × the TPOT is about −13 % output throughput.
        let candidate = RunComparatorTests.perfRun(levels: [8], n: 200, tpotScale: 1.15, generator: &generator)
        let baseline = HistoryBaseline(
            runs: history.map { .init(id: $0.id, runAt: $0.run.runAt?.utcText) }, requested: 20, minimum: GatePolicy.standard.minHistory)
        let newest = try #require(history.first)
        let result = HistoryComparator.fallback(
            history: baseline, newest: (newest.id, newest.run), candidate: candidate, candidateID: 4)
        let throughput = try #require(result.gated.first { $0.policyKey == "output_throughput" })
        let drop = try #require(throughput.comparison.relativeDelta)
        #expect(drop < -0.10 && drop > -0.16)
        #expect(throughput.verdict == .regression)
        #expect(result.status == .fail)
        #expect(result.history?.fallback?.id == 3)
        #expect(result.baseline.name == "run 3")
        let note = "only 3 comparable runs in history (min_history: 5): compared request by request with the newest, "
            + "run 3 (two-run test)"
        #expect(result.notes.first == note)
        #expect(result.reasons.last == note)

        // The prediction-interval path alone would call every figure inconclusive and pass.
        let alone = HistoryComparator.compare(history: Array(history), candidate: candidate, requested: 20)
        #expect(alone.status == .pass)
        #expect(alone.gated.allSatisfy { $0.verdict == .inconclusive })
    }

    @Test func failedRequestsAreTalliedByErrorText() {
        let records = [
            RequestRecord(sequence: 0, success: false, error: "Couldn't connect to server"),
            RequestRecord(sequence: 1, success: false, error: "HTTP 500"),
            RequestRecord(sequence: 2, success: false, error: "Couldn't connect to server\n"),
            RequestRecord(sequence: 3, success: false),
            RequestRecord(sequence: 4, success: true),
        ]
        #expect(RequestErrorCount.tally(records) == [
            RequestErrorCount(error: "Couldn't connect to server", count: 2), RequestErrorCount(error: "(no error text)", count: 1),
            RequestErrorCount(error: "HTTP 500", count: 1),
        ])
    }
}
