import CaliperAnalysis
import CaliperCore

/// A history baseline as reports describe it: how many runs, which (newest first), over what time,
/// which runs were passed over and why, and how the candidate was tested against them.
///
/// ```swift
/// let history = HistoryBaselineView(comparison.history!, level: "95%")
/// history.summary   // "20 comparable runs (last=20), run 2026-11-01 10:00:00 to 2026-11-24 19:03:05; min_history 5."
/// history.runs      // "31, 30, 28, 27, …"
/// history.skipped   // [run 29: not comparable: hardware A100 80GB x 1 (candidate: H20 96GB x 1)]
/// ```
public struct HistoryBaselineView: Sendable, Equatable {
    /// A run that matched the selector but was not used.
    public struct SkippedRun: Sendable, Equatable {
        /// `run 29`.
        public let name: String
        public let reason: String
    }

    /// How many skipped runs are listed one by one; the rest are counted.
    static let listedSkips = 20
    /// Above this many runs, Markdown folds the list of ids.
    static let foldedRuns = 10

    /// `20`.
    public let count: Int
    /// `history: 20 runs`.
    public let title: String
    /// `20 comparable runs (last=20), run 2026-11-01 10:00:00 to 2026-11-24 19:03:05; min_history 5.`
    public let summary: String
    /// The ids used, newest first: `31, 30, 28, …`.
    public let runs: String
    /// Whether the list of ids is long enough to fold.
    public let isLong: Bool
    /// `Only 3 comparable runs in history (min_history: 5): every figure is inconclusive.`, or empty.
    public let shortfall: String
    /// `3 runs matching the selector were skipped:`.
    public let skippedSummary: String
    public let skipped: [SkippedRun]
    /// `and 12 more`, or empty.
    public let moreSkipped: String
    /// How the candidate was tested: the prediction interval, Bencher-style.
    public let method: String
    public let hasShortfall: Bool
    public let hasSkipped: Bool
    public let hasMoreSkipped: Bool

    public init(_ history: HistoryBaseline, level: String) {
        count = history.count
        title = "history: \(Formatting.count(history.count)) run\(history.count == 1 ? "" : "s")"
        let span: String
        switch (history.oldestRunAt, history.newestRunAt) {
        case (let oldest?, let newest?) where oldest != newest:
            span = ", run \(Formatting.time(oldest)) to \(Formatting.time(newest))"
        case (_, let newest?):
            span = ", run \(Formatting.time(newest))"
        default:
            span = ""
        }
        summary = "\(Formatting.count(history.count)) comparable run\(history.count == 1 ? "" : "s")"
            + (history.requested.map { " (last=\($0))" } ?? "") + span + "; min_history \(history.minimum)."
        runs = history.runs.map { $0.id.map(String.init) ?? "(not stored)" }.joined(separator: ", ")
        isLong = history.count > Self.foldedRuns
        let short = history.fallbackNote ?? history.shortfall.map { "\($0): every figure is inconclusive" }
        shortfall = short.map { "\($0.prefix(1).uppercased())\($0.dropFirst())." } ?? ""
        let skips = history.skipped.count
        skippedSummary = "\(Formatting.count(skips)) run\(skips == 1 ? "" : "s") matching the selector "
            + "\(skips == 1 ? "was" : "were") skipped:"
        skipped = history.skipped.prefix(Self.listedSkips).map { SkippedRun(name: $0.run.name, reason: $0.reason) }
        moreSkipped = skips > Self.listedSkips ? "and \(Formatting.count(skips - Self.listedSkips)) more" : ""
        method = history.fallback != nil
            ? "too few runs for a prediction interval, so the candidate's request rows were compared with the newest "
                + "run's, as for two runs (intervals and tests per figure, adjusted as one family)."
            : "each figure of the candidate is tested against the \(level) prediction interval for one more "
            + "run of the history, mean ± t(n−1) · s · √(1 + 1/n) (a Bencher-style t-test on the runs' aggregates)."
        hasShortfall = !shortfall.isEmpty
        hasSkipped = !skipped.isEmpty
        hasMoreSkipped = !moreSkipped.isEmpty
    }
}
