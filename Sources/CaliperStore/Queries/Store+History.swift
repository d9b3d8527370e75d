import CaliperCore

/// The runs a `history` selector picked for a candidate, newest first, and the ones it passed over
/// on the way, each with the reason.
///
/// ```swift
/// let history = try store.history(matching: filter, last: 20, before: candidate) { run in
///     run.run.hardware == candidate.run.hardware ? nil : "other hardware"
/// }
/// history.runs.map(\.id)      // [31, 30, 28, …]
/// history.skipped             // [run 29: other hardware]
/// ```
public struct RunHistory: Sendable, Equatable {
    public struct Skipped: Sendable, Equatable {
        public var run: StoredRun
        public var reason: String
    }

    public var runs: [StoredRun]
    public var skipped: [Skipped]
}

extension Store {
    /// The last `count` runs matching `filter` that came before `candidate` and that `reason` does
    /// not reject, newest first.
    ///
    /// "Before" is the store's order (run time, else ingest time; then ingest order), so a gate
    /// re-run later on the same candidate sees the same history even after newer runs arrive. The
    /// candidate itself never counts. A run stored as invalid is passed over (with its reason) unless
    /// the filter says `valid=any` or `valid=no`. Runs are loaded newest first, in batches, until `count` are
    /// kept: only the runs passed over on the way are in ``RunHistory/skipped``.
    public func history(
        matching filter: RunFilter, last count: Int, before candidate: StoredRun, detail: RunDetail = .summary,
        skipping reason: (StoredRun) throws -> String?
    ) throws -> RunHistory {
        let time = candidate.run.runAt?.utcText ?? candidate.ingestedAt
        let ids = try read { db in
            let (clause, arguments) = filter.sql(db.dialect)
            return try db.fetchAll("""
                SELECT r.id FROM runs r
                WHERE \(clause) AND r.id != ? AND (coalesce(r.run_at, r.ingested_at), r.id) < (\(db.dialect.timeParameter), ?)
                ORDER BY coalesce(r.run_at, r.ingested_at) DESC, r.id DESC
                """, arguments + [.integer(candidate.id), .text(time), .integer(candidate.id)]) { try $0[0] as Int64 }
        }
        var history = RunHistory(runs: [], skipped: [])
        var next = ids[...]
        // Loaded in batches of what is still missing: one set of statements per batch, not per run.
        while history.runs.count < count && !next.isEmpty {
            let batch = next.prefix(count - history.runs.count)
            next = next.dropFirst(batch.count)
            // A run deleted since the ids were read is simply not loaded: nothing to compare.
            for run in try runs(ids: Array(batch), detail: detail) where history.runs.count < count {
                if filter.validity == nil, let invalid = run.invalidReason {
                    history.skipped.append(.init(run: run, reason: "invalid: \(invalid)"))
                } else if let why = try reason(run) {
                    history.skipped.append(.init(run: run, reason: why))
                } else {
                    history.runs.append(run)
                }
            }
        }
        return history
    }
}
