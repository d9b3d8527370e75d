import CaliperCore
import CaliperStore
import CaliperTestSupport
import Foundation
import Testing

/// The validity stored with each run: `latest` and `history` pass invalid runs over unless the
/// selector says `valid=any` (or `valid=no` for the invalid ones only).
struct RunValidityStoreTests {
    /// Runs 1…4 a day apart on branch main; run 3 is stored invalid.
    func store(_ engine: StoreEngine) throws -> Store {
        let store = try newStore(engine)
        for day in 1...4 {
            var run = SampleRuns.perf(hash: "run-\(day)", requestsPerPoint: 2, labels: ["branch": "main"])
            run.runAt = RunTime(utcText: String(format: "2026-12-%02dT10:00:00Z", day), offset: nil, origin: nil)
            let reason = day == 3 ? "c=1 all 2 requests failed" : nil
            #expect(try store.ingest(run, invalidReason: reason) == .stored(Int64(day)))
        }
        return store
    }

    @Test(arguments: StoreEngine.allCases)
    func latestPassesOverInvalidRunsUnlessAsked(engine: StoreEngine) throws {
        let store = try store(engine)
        #expect(try store.run(id: 3)?.invalidReason == "c=1 all 2 requests failed")
        #expect(try store.run(id: 4)?.invalidReason == nil)
        var invalidNewest = SampleRuns.perf(hash: "run-5", labels: ["branch": "main"])
        invalidNewest.runAt = "2026-12-05T10:00:00"
        _ = try store.ingest(invalidNewest, invalidReason: "c=1 3 of 10 requests failed (30.0%, limit 1%)")

        #expect(try store.run(selectedBy: .parse("latest label.branch=main")).id == 4)
        #expect(try store.run(selectedBy: .parse("latest label.branch=main valid=yes")).id == 4)
        #expect(try store.run(selectedBy: .parse("latest label.branch=main valid=any")).id == 5)
        #expect(try store.run(selectedBy: .parse("latest label.branch=main valid=no")).id == 5)
        // Plain filters (caliper runs) list every run.
        #expect(try store.runs(matching: RunSelector.filter(["label.branch=main"])).count == 5)
    }

    @Test(arguments: StoreEngine.allCases)
    func historySkipsInvalidRunsWithTheirReason(engine: StoreEngine) throws {
        let store = try store(engine)
        let candidate = try #require(try store.run(id: 4))
        let history = try store.history(matching: RunFilter(), last: 20, before: candidate) { _ in nil }
        #expect(history.runs.map(\.id) == [2, 1])
        #expect(history.skipped.map(\.run.id) == [3])
        #expect(history.skipped.first?.reason == "invalid: c=1 all 2 requests failed")

        let any = try store.history(matching: RunSelector.filter(["valid=any"]), last: 20, before: candidate) { _ in nil }
        #expect(any.runs.map(\.id) == [3, 2, 1])
        let onlyInvalid = try store.history(matching: RunSelector.filter(["valid=no"]), last: 20, before: candidate) { _ in nil }
        #expect(onlyInvalid.runs.map(\.id) == [3])
    }
}
