import CaliperCore
import CaliperImporters
import Foundation
import Testing

/// Single-level results put together into sweeps, repeats apart.
struct SweepAssemblyTests {
    func member(concurrency: Int, model: String = "m", startMinute: Double? = nil, hash: String? = nil) -> SweepAssembly.Member {
        let run = Run(
            kind: .perf, model: ModelIdentity(name: model), source: SourceInfo(tool: "vllm-bench"),
            contentHash: hash ?? "h\(concurrency)-\(startMinute ?? -1)",
            points: [PerfPoint(concurrency: concurrency, requests: 10)])
        let start = startMinute.map { Date(timeIntervalSince1970: 1_000_000 + $0 * 60) }
        return SweepAssembly.Member(run: run, start: start, end: start.map { $0.addingTimeInterval(60) })
    }

    @Test func levelsOfOneSweepBecomeOneRun() {
        let runs = SweepAssembly.assemble([member(concurrency: 1), member(concurrency: 4), member(concurrency: 16)])
        #expect(runs.map { $0.points.map(\.concurrency) } == [[1, 4, 16]])
        #expect(runs[0].contentHash.count == 64)
    }

    /// A level met again is the next repeat: its own run, so history statistics see repeats.
    @Test func aRepeatedLevelStartsTheNextRun() {
        let runs = SweepAssembly.assemble([
            member(concurrency: 1, hash: "a"), member(concurrency: 4, hash: "b"),
            member(concurrency: 1, hash: "c"), member(concurrency: 4, hash: "d"),
        ])
        #expect(runs.map { $0.points.map(\.concurrency) } == [[1, 4], [1, 4]])
        #expect(runs[0].contentHash != runs[1].contentHash)
        // The same members give the same hashes: re-ingest is a no-op.
        let again = SweepAssembly.assemble([
            member(concurrency: 1, hash: "a"), member(concurrency: 4, hash: "b"),
            member(concurrency: 1, hash: "c"), member(concurrency: 4, hash: "d"),
        ])
        #expect(again.map(\.contentHash) == runs.map(\.contentHash))
    }

    /// Other keys, or a result written long after the previous one, make a run of their own.
    @Test func otherKeysOrALongGapSeparate() {
        #expect(SweepAssembly.assemble([member(concurrency: 1), member(concurrency: 4, model: "other")]).count == 2)
        let days = SweepAssembly.assemble([member(concurrency: 1, startMinute: 0), member(concurrency: 4, startMinute: 3 * 24 * 60)])
        #expect(days.map { $0.points.count } == [1, 1])
        let close = SweepAssembly.assemble([member(concurrency: 1, startMinute: 0), member(concurrency: 4, startMinute: 2)])
        #expect(close.map { $0.points.count } == [2])
        // A single result keeps its own hash.
        #expect(SweepAssembly.assemble([member(concurrency: 1, hash: "only")]).map(\.contentHash) == ["only"])
    }
}
