/// One dispatched server-sent event: the `data:` lines of a block joined with "\n", its `event:`
/// type and the last `id:` seen so far.
///
/// ```swift
/// var parser = SSEParser()
/// let events = try parser.feed(Array("data: {\"a\":1}\n\ndata: [DONE]\n\n".utf8))
/// events[0].data     // {"a":1}
/// events[1].isDone   // true
/// ```
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; "message" when the block has none, as the SSE standard says.
    public var type: String
    public var data: String
    /// The last event ID at dispatch (it carries over to later events, as in the standard); nil
    /// before any non-empty `id:`.
    public var id: String?

    public init(type: String = "message", data: String, id: String? = nil) {
        self.type = type
        self.data = data
        self.id = id
    }

    /// `data: [DONE]`, OpenAI's end-of-stream marker. Surrounding white space is ignored, as
    /// EvalScope strips the payload before comparing.
    public var isDone: Bool {
        data.utf8.count < 32 && data.trimmingASCIIWhitespace() == "[DONE]"
    }
}
