import CaliperCore
import CaliperStore
import CaliperTestSupport
import Foundation
import Testing

/// `history KEY=VALUE ... last=N`: how it parses, and which stored runs it picks for a candidate.
struct HistoryStoreTests {
    @Test func historySelectorsParseWithLastDefaultingToTwenty() throws {
        var expected = RunFilter()
        expected.require(.model, equals: "gpt-oss-20b")
        expected.require(label: "branch", equals: "main")
        #expect(try RunSelector.parse("history model=gpt-oss-20b label.branch=main last=5") == .history(expected, last: 5))
        #expect(try RunSelector.parse("history last=5 model=gpt-oss-20b label.branch=main") == .history(expected, last: 5))
        #expect(try RunSelector.parse("history model=gpt-oss-20b label.branch=main") == .history(expected, last: 20))
        #expect(try RunSelector.parse("history") == .history(RunFilter(), last: RunSelector.defaultHistoryLength))
    }

    @Test func badHistorySelectorsSayWhy() {
        let cases = [
            ("history last=0", "last=0: the history length must be a whole number of at least 1"),
            ("history last=-3", "last=-3: the history length must be a whole number of at least 1"),
            ("history last=ten", "last=ten: the history length must be a whole number of at least 1"),
            ("history last=", "last=: the history length must be a whole number of at least 1"),
            ("history last=5 last=6", "\"last\" is given twice in \"history last=5 last=6\""),
            ("history colour=blue", "unknown key \"colour\" (known: id, kind, model, engine, engine_version, hardware, gpus, reasoning_effort, temperature, max_tokens, endpoint, dataset, source_version, label.NAME, valid)"),
            ("latest model=x last=5", "unknown key \"last\" (known: id, kind, model, engine, engine_version, hardware, gpus, reasoning_effort, temperature, max_tokens, endpoint, dataset, source_version, label.NAME, valid)"),
            ("newest model=x", "selector \"newest model=x\" is neither a run id, \"latest KEY=VALUE ...\" nor \"history KEY=VALUE ... last=N\""),
        ]
        for (text, message) in cases {
            #expect(throws: SelectorError.self, "\(text)") { try RunSelector.parse(text) }
            do {
                _ = try RunSelector.parse(text)
            } catch {
                #expect("\(error)" == message)
            }
        }
    }

    /// Twelve runs a day apart: run 3 is on a feature branch, run 6 on other hardware; run 10 is the
    /// candidate, runs 11 and 12 came after it.
    func store(_ engine: StoreEngine) throws -> Store {
        let store = try newStore(engine)
        for day in 1...12 {
            var run = SampleRuns.perf(hash: "run-\(day)", requestsPerPoint: 2, labels: ["branch": day == 3 ? "feature" : "main"])
            run.runAt = RunTime(stringLiteral: String(format: "2026-12-%02dT10:00:00", day))
            if day == 6 { run.hardware = Hardware(name: "A100", count: 1, memoryGB: 80) }
            #expect(try store.ingest(run) == .stored(Int64(day)))
        }
        return store
    }

    @Test(arguments: StoreEngine.allCases)
    func historyIsTheLastNAcceptedRunsBeforeTheCandidate(engine: StoreEngine) throws {
        let store = try store(engine)
        let candidate = try #require(try store.run(id: 10, detail: .full))
        var filter = RunFilter()
        filter.require(label: "branch", equals: "main")
        let otherHardware = { (run: StoredRun) in run.run.hardware.name == "A100" ? "other hardware" : nil }

        let history = try store.history(matching: filter, last: 4, before: candidate, skipping: otherHardware)
        #expect(history.runs.map(\.id) == [9, 8, 7, 5])
        #expect(history.skipped.map(\.run.id) == [6])
        #expect(history.skipped.first?.reason == "other hardware")
        // Summaries: aggregates without request rows.
        #expect(history.runs.allSatisfy { $0.run.points.allSatisfy(\.records.isEmpty) && !$0.run.points.isEmpty })

        // Asking for more than there is gives what there is; run 3 never matches the filter.
        let all = try store.history(matching: filter, last: 20, before: candidate, skipping: otherHardware)
        #expect(all.runs.map(\.id) == [9, 8, 7, 5, 4, 2, 1])

        // Runs passed over after the last one kept are not examined.
        let short = try store.history(matching: filter, last: 2, before: candidate, skipping: otherHardware)
        #expect(short.runs.map(\.id) == [9, 8])
        #expect(short.skipped.isEmpty)
    }

    @Test(arguments: StoreEngine.allCases)
    func theCandidateAndLaterRunsAreNeverInItsHistory(engine: StoreEngine) throws {
        let store = try store(engine)
        let oldest = try #require(try store.run(id: 1))
        #expect(try store.history(matching: RunFilter(), last: 20, before: oldest) { _ in nil }.runs.isEmpty)

        // A candidate without a run time is placed by its ingest time, after every run above.
        var undated = SampleRuns.perf(hash: "undated")
        undated.runAt = nil
        let id = try store.ingest(undated, ingestedAt: try #require(ISO8601DateFormatter().date(from: "2027-01-01T00:00:00Z"))).runID
        let candidate = try #require(try store.run(id: id))
        let history = try store.history(matching: RunFilter(), last: 20, before: candidate) { _ in nil }
        #expect(history.runs.map(\.id) == Array((1...12).reversed()))

        // The selector itself names many runs, so it cannot pick one.
        #expect(throws: SelectorError.self) { try store.run(selectedBy: .parse("history model=gpt-oss-20b")) }
    }
}
