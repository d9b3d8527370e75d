/// Server-sent-event framing as OpenAI servers use it: one `data:` line per event, a blank line after.
///
/// ```swift
/// ServerSentEvents.event("{}")   // "data: {}\n\n"
/// ServerSentEvents.done          // "data: [DONE]\n\n"
/// ```
enum ServerSentEvents {
    /// The end-of-stream sentinel.
    static let done = "data: [DONE]\n\n"
    /// The line a ``MockFault/malformedLine`` stream sends: an event a JSON parser must reject.
    static let malformed = "data: {not json\n\n"

    static func event(_ payload: String) -> String { "data: " + payload + "\n\n" }
    static func event(_ payload: JSONValue) -> String { event(payload.text) }
}
