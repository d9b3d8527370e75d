import CaliperCore
import Foundation

/// Puts the single-level results of tools that run one load level per invocation (`vllm bench
/// serve`, SGLang's `bench_serving`, AIPerf, genai-perf) together into sweeps, as EvalScope
/// writes them: one ``Run`` per sweep, one ``PerfPoint`` per level.
///
/// Results join the sweep before them when every key agrees (model, engine, hardware, generation
/// config, workload, labels, source tool and format), their levels are new to it, and they started
/// within ``maximumGap`` of the previous one's end. A level met again starts the next sweep: that is
/// the next repeat, stored as its own run so that history statistics use repeats as repeats. A
/// result added to a folder days later is a run of its own, not a change to an earlier sweep.
///
/// ```swift
/// // c=1, c=4, c=1, c=4 (two repeats of a sweep), each a few seconds apart:
/// SweepAssembly.assemble(members).map { $0.points.count }   // [2, 2]
/// ```
public enum SweepAssembly {
    /// One tool invocation's result, with its wall-clock span when the source records one.
    public struct Member: Sendable {
        public var run: Run
        public var start: Date?
        public var end: Date?

        public init(run: Run, start: Date? = nil, end: Date? = nil) {
            self.run = run
            self.start = start
            self.end = end
        }
    }

    /// Fifteen minutes: a sweep script moves to the next level within seconds, a server restart
    /// between levels within minutes.
    public static let maximumGap: TimeInterval = 15 * 60

    /// The sweeps, in the members' order (which must be the order they ran).
    public static func assemble(_ members: [Member], maximumGap: TimeInterval = maximumGap) -> [Run] {
        var sweeps: [(run: Run, hashes: [String], levels: Set<String>, end: Date?, key: String)] = []
        for member in members {
            let key = keys(of: member.run)
            let levels = Set(member.run.points.map(levelKey))
            if var last = sweeps.last, last.key == key, last.levels.isDisjoint(with: levels),
                closeEnough(last.end, member.start, maximumGap)
            {
                last.run.points += member.run.points
                last.run.warnings += member.run.warnings
                last.hashes.append(member.run.contentHash)
                last.levels.formUnion(levels)
                last.end = member.end ?? last.end
                sweeps[sweeps.count - 1] = last
            } else {
                sweeps.append((member.run, [member.run.contentHash], levels, member.end, key))
            }
        }
        return sweeps.map { sweep in
            var run = sweep.run
            if sweep.hashes.count > 1 {
                var hasher = SHA256()
                hasher.update("sweep")
                for hash in sweep.hashes { hasher.update("\n\(hash)") }
                run.contentHash = hasher.hexDigest()
            }
            return run
        }
    }

    private static func closeEnough(_ end: Date?, _ start: Date?, _ gap: TimeInterval) -> Bool {
        guard let end, let start else { return true }
        return start.timeIntervalSince(end) <= gap
    }

    /// `c=4` and `rate=8/s` are levels; a point with neither (one unlimited level) is a level too.
    private static func levelKey(_ point: PerfPoint) -> String {
        "\(point.concurrency.map(String.init) ?? "-")|\(point.requestRate.map { "\($0)" } ?? "-")"
    }

    /// Everything that must agree for two results to be levels of one sweep, as canonical JSON.
    private static func keys(of run: Run) -> String {
        var keys = run
        keys.points = []
        keys.warnings = []
        keys.runAt = nil
        keys.contentHash = ""
        keys.source.path = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(keys)).map { String(decoding: $0, as: UTF8.self) } ?? UUID().uuidString
    }
}
