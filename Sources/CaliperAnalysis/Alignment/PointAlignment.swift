import CaliperCore

/// Pairs what two runs measured so that only like is compared with like; what only one side has is
/// listed, not hidden.
///
/// ```swift
/// let aligned = Alignment.points(baseline: run41.points, candidate: run42.points)
/// aligned.pairs.map(\.key)     // [c=1, c=4, c=8]
/// aligned.onlyInCandidate      // [c=16]
/// ```
public struct Aligned<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public struct Pair: Sendable {
        public var key: Key
        public var baseline: Value
        public var candidate: Value
    }

    public var pairs: [Pair]
    public var onlyInBaseline: [Key]
    public var onlyInCandidate: [Key]
}

/// A perf point's load level: concurrency (closed loop) and request rate (open loop).
public struct LoadLevel: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public var concurrency: Int?
    public var requestRate: Double?

    public init(concurrency: Int?, requestRate: Double?) {
        self.concurrency = concurrency
        self.requestRate = requestRate
    }

    public init(_ point: PerfPoint) {
        self.init(concurrency: point.concurrency, requestRate: point.requestRate)
    }

    /// `c=8`, `rate=2/s`, `c=8 rate=2/s`.
    public var description: String {
        [concurrency.map { "c=\($0)" }, requestRate.map { "rate=\(Int(exactly: $0).map(String.init) ?? String($0))/s" }]
            .compactMap { $0 }.joined(separator: " ")
    }

    public static func < (lhs: LoadLevel, rhs: LoadLevel) -> Bool {
        (lhs.concurrency ?? .max, lhs.requestRate ?? .infinity) < (rhs.concurrency ?? .max, rhs.requestRate ?? .infinity)
    }
}

/// Which eval score: dataset, subset (`nil` = the dataset as a whole) and metric.
public struct ScoreKey: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public var dataset: String
    public var subset: String?
    public var metric: String

    public init(dataset: String, subset: String?, metric: String) {
        self.dataset = dataset
        self.subset = subset
        self.metric = metric
    }

    public var description: String { "\(dataset)/\(subset ?? "(all)")/\(metric)" }

    public static func < (lhs: ScoreKey, rhs: ScoreKey) -> Bool {
        (lhs.dataset, lhs.subset ?? "", lhs.metric) < (rhs.dataset, rhs.subset ?? "", rhs.metric)
    }
}

public enum Alignment {
    /// Perf points paired on load level, in ascending load.
    public static func points(baseline: [PerfPoint], candidate: [PerfPoint]) -> Aligned<LoadLevel, PerfPoint> {
        align(baseline, candidate, key: LoadLevel.init)
    }

    /// Each dataset's headline figure: its primary metric over the whole dataset.
    public static func primaryScores(of run: Run) -> [EvalScore] {
        run.scores.filter { $0.isPrimary && $0.subset == nil }
    }

    /// The per-sample rows behind a dataset's score (every subset, every repeat).
    public static func samples(of run: Run, for key: ScoreKey) -> [EvalSample] {
        run.samples.filter { $0.dataset == key.dataset && $0.metric == key.metric }
    }

    /// Eval scores paired on dataset, subset and metric.
    public static func scores(baseline: [EvalScore], candidate: [EvalScore]) -> Aligned<ScoreKey, EvalScore> {
        align(baseline, candidate) { ScoreKey(dataset: $0.dataset, subset: $0.subset, metric: $0.metric) }
    }

    static func align<Key: Hashable & Comparable & Sendable, Value: Sendable>(
        _ baseline: [Value], _ candidate: [Value], key: (Value) -> Key
    ) -> Aligned<Key, Value> {
        let left = Dictionary(baseline.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(candidate.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let shared = Set(left.keys).intersection(right.keys).sorted()
        return Aligned(
            pairs: shared.map { .init(key: $0, baseline: left[$0]!, candidate: right[$0]!) },
            onlyInBaseline: Set(left.keys).subtracting(right.keys).sorted(),
            onlyInCandidate: Set(right.keys).subtracting(left.keys).sorted())
    }
}
