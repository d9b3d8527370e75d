/// An incremental parser of `text/event-stream` bodies (the WHATWG "server-sent events"
/// format): feed it the body's bytes as they arrive, split anywhere, and take the complete events.
///
/// Lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next
/// are one line end). A blank line dispatches the event; `data:` lines join with "\n"; `event:`
/// sets the type and `id:` the last event ID; lines starting with `:` are comments (keep-alive
/// pings); `retry:` and unknown fields are ignored, since Caliper never reconnects. Bytes become
/// text only per complete line, so a chunk boundary inside a UTF-8 sequence is harmless; invalid
/// UTF-8 decodes to U+FFFD, as the standard says.
///
/// ```swift
/// var parser = SSEParser()
/// var events = try parser.feed(Array("data: {\"choices\":[]}\r\n\r\nda".utf8))   // 1 event
/// events += try parser.feed(Array("ta: [DONE]\n\n".utf8))                        // [DONE]
/// try parser.finish()   // the stream ended between events: no error
/// ```
///
/// Pure: no I/O, no clock. The caller timestamps each chunk; every event of a chunk arrived then.
public struct SSEParser: Sendable {
    /// The largest event accepted, in bytes of its data lines plus the line being read; a body
    /// that never sends a line end cannot grow memory without bound.
    public let maximumEventBytes: Int

    /// Bytes of the current line, before its line end.
    private var line: [UInt8] = []
    /// The last byte fed was a CR: an LF at the start of the next chunk completes that line end.
    private var afterCR = false
    /// No line has been completed yet: a UTF-8 byte order mark on the first line is dropped.
    private var atStreamStart = true
    /// The data buffer: each `data:` value followed by LF.
    private var data: [UInt8] = []
    private var eventType = ""
    private var lastEventID: String?
    /// A field line (`data`, `event`, `id`) arrived since the last blank line.
    private var hasPendingFields = false
    /// Set once a chunk failed; the stream cannot be resynchronised after it.
    private var failure: SSEError?

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")

    public init(maximumEventBytes: Int = 16 << 20) {
        precondition(maximumEventBytes > 0, "maximumEventBytes must be positive")
        self.maximumEventBytes = maximumEventBytes
    }

    /// Parses the next bytes of the body and returns the events they complete, in order.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(SSEError) -> [SSEEvent] {
        if let failure { throw failure }
        var events: [SSEEvent] = []
        let scanned: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            scan(buffer, into: &events)
        }
        if scanned == nil {
            Array(bytes).withUnsafeBufferPointer { scan($0, into: &events) }
        }
        if let failure { throw failure }
        return events
    }

    /// Says the body ended. Throws if it ended inside an event: the standard drops such an event
    /// silently, but for a measured response it means the stream was cut.
    public mutating func finish() throws(SSEError) {
        if let failure { throw failure }
        let partialLine = !line.isEmpty && line.first != Self.colon
        guard partialLine || hasPendingFields else { return }
        var received = String(decoding: data, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { "data: \($0)\n" }.joined()
        if partialLine { received += String(decoding: line, as: UTF8.self) }
        let error = SSEError.truncatedEvent(received: Self.excerpt(received))
        failure = error
        throw error
    }

    // MARK: Lines

    private mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var index = 0
        if afterCR, !buffer.isEmpty {
            afterCR = false
            if buffer[0] == Self.lf { index = 1 }
        }
        var lineStart = index
        while index < buffer.count {
            let byte = buffer[index]
            guard byte == Self.lf || byte == Self.cr else {
                index += 1
                continue
            }
            guard append(UnsafeBufferPointer(rebasing: buffer[lineStart..<index])) else { return }
            endLine(into: &events)
            index += 1
            if byte == Self.cr {
                if index == buffer.count {
                    afterCR = true
                } else if buffer[index] == Self.lf {
                    index += 1
                }
            }
            lineStart = index
        }
        _ = append(UnsafeBufferPointer(rebasing: buffer[lineStart..<buffer.count]))
    }

    /// Adds bytes to the current line; false (and the parser failed) past the size limit.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count + bytes.count + data.count <= maximumEventBytes else {
            failure = .eventTooLarge(limit: maximumEventBytes)
            return false
        }
        line.append(contentsOf: bytes)
        return true
    }

    /// Interprets the completed line held in `line`, then clears it.
    private mutating func endLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        var start = 0
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        }
        let bytes = line[start...]
        guard let first = bytes.first else {
            dispatch(into: &events)
            return
        }
        if first == Self.colon { return }

        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = bytes.firstIndex(of: Self.colon) {
            field = bytes[..<colon]
            value = bytes[(colon + 1)...]
            if value.first == Self.space { value = value.dropFirst() }
        } else {
            field = bytes
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "data":
            data.append(contentsOf: value)
            data.append(Self.lf)
            hasPendingFields = true
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
            hasPendingFields = true
        case "id":
            // The standard ignores an id containing NUL.
            if !value.contains(0) {
                lastEventID = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
            }
            hasPendingFields = true
        default:
            break
        }
    }

    /// A blank line: emit the pending event, if it has data, and start the next one.
    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            eventType = ""
            hasPendingFields = false
        }
        // The standard dispatches nothing without a data line (an `event:` alone is dropped).
        guard !data.isEmpty else { return }
        events.append(SSEEvent(
            type: eventType.isEmpty ? "message" : eventType,
            data: String(decoding: data.dropLast(), as: UTF8.self),
            id: lastEventID))
    }

    /// The start of a leftover, enough to recognise it in an error message.
    private static func excerpt(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
