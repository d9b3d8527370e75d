/// The runs a history baseline was made of: which were used (newest first), which matched the
/// selector but were passed over and why, and the minimum the policy asks for.
///
/// ```swift
/// let history = comparison.history!
/// history.runs.map(\.id)   // [31, 30, 28, …]: 20 runs
/// history.skipped[0]       // run 29: not comparable: hardware A100 80GB x 1 (candidate: H20 96GB x 1)
/// history.isEnough         // true: 20 ≥ min_history 5
/// ```
public struct HistoryBaseline: Sendable, Equatable, Codable {
    /// One run of the history, or one passed over.
    public struct Member: Sendable, Equatable, Codable {
        /// The store's run id; nil for a run not stored.
        public var id: Int64?
        public var runAt: String?

        public init(id: Int64?, runAt: String?) {
            self.id = id
            self.runAt = runAt
        }

        /// `run 31`, or `(not stored)`.
        public var name: String { id.map { "run \($0)" } ?? "(not stored)" }
    }

    /// A run that matched the selector but is not in the history.
    public struct Skipped: Sendable, Equatable, Codable {
        public var run: Member
        /// `not comparable: hardware A100 80GB x 1 (candidate: H20 96GB x 1)`, `invalid: c=2 …`.
        public var reason: String

        public init(run: Member, reason: String) {
            self.run = run
            self.reason = reason
        }
    }

    /// The runs compared against, newest first.
    public var runs: [Member]
    /// The `last=N` the selector asked for; nil when the runs were given without one.
    public var requested: Int?
    /// The policy's `min_history`.
    public var minimum: Int
    /// Runs that matched but were passed over (not comparable, invalid), newest first.
    public var skipped: [Skipped]
    /// With fewer than `minimum` runs, the newest run, which the candidate was compared with request
    /// by request (the two-run test) instead of against the history's spread; nil otherwise.
    public var fallback: Member?

    public init(runs: [Member], requested: Int?, minimum: Int, skipped: [Skipped] = []) {
        self.runs = runs
        self.requested = requested
        self.minimum = minimum
        self.skipped = skipped
    }

    public var count: Int { runs.count }

    /// Whether there are enough runs for a verdict other than `inconclusive`.
    public var isEnough: Bool { runs.count >= minimum }

    /// When the oldest and the newest run with a known time ran; nil when none has one.
    public var oldestRunAt: String? { runs.last { $0.runAt != nil }?.runAt }
    public var newestRunAt: String? { runs.first { $0.runAt != nil }?.runAt }

    /// `only 3 comparable runs in history (min_history: 5)`, or nil when there are enough.
    public var shortfall: String? {
        isEnough ? nil : "only \(runs.count) comparable run\(runs.count == 1 ? "" : "s") in history (min_history: \(minimum))"
    }

    /// `only 3 comparable runs in history (min_history: 5): compared request by request with the
    /// newest, run 12 (two-run test)`, or nil without a fallback.
    public var fallbackNote: String? {
        guard let fallback, let shortfall else { return nil }
        return "\(shortfall): compared request by request with the newest, \(fallback.name) (two-run test)"
    }
}
