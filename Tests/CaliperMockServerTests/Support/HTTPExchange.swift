import Foundation

/// One request's response as the raw client saw it.
///
/// ```swift
/// let chunks = try exchange.dataEvents().map { try $0.json() }
/// ```
struct HTTPExchange {
    var status: Int
    /// Header names lowercased.
    var headers: [String: String]
    var body: [UInt8]
    /// Server-sent events in order (empty for a body with no blank-line separators).
    var events: [TimedEvent]
    /// Whether the HTTP body ended properly (last chunk, or the full Content-Length).
    var isComplete: Bool
    /// Seconds from the send to the end of the connection.
    var closedAfter: Double
    /// Seconds from the send to the read that completed the HTTP body; nil if it never completed.
    var completedAfter: Double?
    /// When the request was written, on the continuous clock (comparable with a record's `arrival`).
    var sentAt: ContinuousClock.Instant

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func jsonObject() throws -> [String: Any] {
        try TimedEvent.object(from: Data(body))
    }

    /// Whether the stream ended with `data: [DONE]`.
    var endsWithDone: Bool { events.last?.text == "data: [DONE]" }

    /// The `data:` events that carry a token: output text in `choices[0]` (chat `content` or
    /// `reasoning_content`, completions `text`), which is what a client times TTFT and ITL on.
    func outputEvents() -> [TimedEvent] {
        events.filter { event in
            guard event.text != "data: [DONE]", let object = try? event.json() else { return false }
            return TimedEvent.outputText(of: object)?.isEmpty == false
        }
    }
}

/// One server-sent event and when it arrived.
struct TimedEvent {
    /// The event's text without the blank line, e.g. `data: {…}`.
    var text: String
    /// Seconds from the request's send to the arrival of the read that completed this event.
    var offset: Double

    /// The JSON object after `data: `.
    func json() throws -> [String: Any] {
        guard text.hasPrefix("data: ") else { throw RawHTTPClient.Failure(description: "not a data event: \(text)") }
        return try Self.object(from: Data(text.dropFirst(6).utf8))
    }

    static func object(from data: Data) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RawHTTPClient.Failure(description: "not a JSON object")
        }
        return object
    }

    /// `choices[0]`'s output: `delta.content` + `delta.reasoning_content`, or `text`.
    static func outputText(of chunk: [String: Any]) -> String? {
        guard let choice = (chunk["choices"] as? [[String: Any]])?.first else { return nil }
        if let delta = choice["delta"] as? [String: Any] {
            return ((delta["content"] as? String) ?? "") + ((delta["reasoning_content"] as? String) ?? "")
        }
        return choice["text"] as? String
    }
}
