/// The failure injected into one request, decided on arrival from ``MockBehavior``.
///
/// ```swift
/// let record = server.records[3]
/// if record.fault == .httpError { … }   // the 4th request got HTTP 500
/// ```
public enum MockFault: String, Sendable, Equatable, CaseIterable {
    /// HTTP 500 with a JSON error body instead of an answer (``MockBehavior/failEvery``).
    case httpError
    /// The stream's connection is closed mid-answer (``MockBehavior/closeEvery``).
    case closedMidStream
    /// An in-band `{"object":"error",…}` event ends the stream (``MockBehavior/errorEvery``).
    case inBandError
    /// One `data: {not json` line inside an otherwise complete stream (``MockBehavior/malformedEvery``).
    case malformedLine
}
