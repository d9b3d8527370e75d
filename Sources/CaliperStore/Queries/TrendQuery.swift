import CaliperCore

/// Which runs a trend reads and what it reads of each: runs matching ``filter`` that measured
/// ``subject`` (a perf point at its load level, or the dataset's primary score), oldest first in
/// ``order``, the last ``last`` of them.
///
/// ```swift
/// var filter = RunFilter()
/// filter.require(.model, equals: "gpt-oss-20b")
/// let query = TrendQuery(
///     filter: filter, subject: .perf(metric: .ttft, statistic: .p99, concurrency: 100, requestRate: nil), last: 50)
/// try store.trend(query)   // ≤ 50 observations, oldest first
/// ```
public struct TrendQuery: Sendable, Equatable {
    public var filter: RunFilter
    public var subject: TrendSubject
    public var order: TrendOrder
    /// Keep only the newest this many runs (in ``order``); nil keeps all.
    public var last: Int?

    public init(filter: RunFilter = RunFilter(), subject: TrendSubject, order: TrendOrder = .runTime, last: Int? = nil) {
        self.filter = filter
        self.subject = subject
        self.order = order
        self.last = last
    }
}
