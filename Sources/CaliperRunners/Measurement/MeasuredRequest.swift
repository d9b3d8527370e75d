import CaliperCore

/// One request as ``RequestMeasurement`` measured it: its record, its inter-chunk gaps and when
/// it started and ended on the caller's monotonic clock. ``PerfPointAggregator`` turns the
/// measured requests of one load level into a ``PerfPoint``.
///
/// ```swift
/// var measurement = RequestMeasurement(startTime: 10.0, stream: true)
/// // … response head, body chunks …
/// let measured = measurement.finish(at: 10.8)
/// measured.record.latency   // 0.8 when the last JSON chunk arrived at 10.8
/// ```
public struct MeasuredRequest: Sendable, Equatable {
    /// The request's figures. `sequence` (0) and `startOffset` (nil) are placeholders until
    /// ``PerfPointAggregator`` places the request among the others of its point.
    public var record: RequestRecord
    /// Seconds between consecutive output-carrying chunks (EvalScope's `inter_chunk_latency`);
    /// empty for a non-stream response. Kept for failed requests too, as EvalScope keeps them.
    public var gaps: [Double]
    /// When the request was sent, in seconds on the caller's monotonic clock.
    public var startTime: Double
    /// When it completed: the last JSON event of a stream (EvalScope's `completed_time`), the end
    /// of a non-stream body, or when a failure was observed.
    public var endTime: Double

    public init(record: RequestRecord, gaps: [Double] = [], startTime: Double, endTime: Double) {
        self.record = record
        self.gaps = gaps
        self.startTime = startTime
        self.endTime = endTime
    }
}
