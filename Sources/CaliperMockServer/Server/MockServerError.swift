/// Why ``MockServer/start(behavior:configuration:host:port:stopsOnSignals:)`` failed without a bind
/// error of its own.
///
/// ```swift
/// catch MockServerError.stoppedBeforeListening { … }
/// ```
public enum MockServerError: Error, Sendable, Equatable {
    /// The server ended before it was listening.
    case stoppedBeforeListening
}
