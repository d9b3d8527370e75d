/// Why a server-sent event stream could not be read to its end.
///
/// ```swift
/// var parser = SSEParser()
/// _ = try parser.feed(Array("data: {\"choices\": [".utf8))
/// try parser.finish()   // throws .truncatedEvent(received: "data: {\"choices\": [")
/// ```
public enum SSEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stream ended inside an event: a line without its line end, or fields without the blank
    /// line that dispatches them. `received` is the start of what was left over.
    case truncatedEvent(received: String)
    /// One event (its data lines plus the line being read) grew past the parser's limit.
    case eventTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .truncatedEvent(let received):
            "stream ended inside an event (no blank line after it): \(received)"
        case .eventTooLarge(let limit):
            "an event is larger than \(limit) bytes"
        }
    }
}
