import CaliperRunners
import Testing

@Suite("SSE parser")
struct SSEParserTests {
    /// All events of `body` fed in one piece, then finished.
    func parse(_ body: [UInt8], limit: Int = 1 << 20) throws -> [SSEEvent] {
        var parser = SSEParser(maximumEventBytes: limit)
        let events = try parser.feed(body)
        try parser.finish()
        return events
    }

    func parse(_ text: String) throws -> [SSEEvent] { try parse(Array(text.utf8)) }

    /// A vLLM-shaped chat stream with every feature the parser must get right: CRLF, CR and LF
    /// line ends, a comment, an id, an event type, multi-line data, non-ASCII text, [DONE].
    static let mixedStream: [UInt8] = Array((
        ": ping\r\n\r\n"
            + "id: 7\r\ndata: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\r\n\r\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"Grüße 🚀\"}}]}\n\n"
            + "event: note\rdata: first\rdata: second\r\r"
            + "data:no-space\n:comment between fields\ndata:  two spaces\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
            + "data: [DONE]\n\n"
    ).utf8)

    static let mixedEvents: [SSEEvent] = [
        SSEEvent(data: #"{"choices":[{"delta":{"role":"assistant","content":""}}]}"#, id: "7"),
        SSEEvent(data: #"{"choices":[{"delta":{"content":"Grüße 🚀"}}]}"#, id: "7"),
        SSEEvent(type: "note", data: "first\nsecond", id: "7"),
        SSEEvent(data: "no-space\n two spaces", id: "7"),
        SSEEvent(data: #"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#, id: "7"),
        SSEEvent(data: "[DONE]", id: "7"),
    ]

    @Test("fields, line ends, comments, multi-line data and [DONE]")
    func mixed() throws {
        let events = try parse(Self.mixedStream)
        #expect(events == Self.mixedEvents)
        #expect(events.map(\.isDone) == [false, false, false, false, false, true])
    }

    @Test("a split at every byte offset gives the same events, mid-line and mid-UTF-8 included")
    func everySplit() throws {
        let body = Self.mixedStream
        for cut in 0...body.count {
            var parser = SSEParser()
            var events = try parser.feed(body[..<cut])
            events += try parser.feed(body[cut...])
            try parser.finish()
            #expect(events == Self.mixedEvents, "split at \(cut)")
        }
    }

    @Test("byte by byte, and in every split into three parts, the events are the same")
    func byteByByteAndThreeParts() throws {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for byte in Self.mixedStream { events += try parser.feed([byte]) }
        try parser.finish()
        #expect(events == Self.mixedEvents)

        let body = Self.mixedStream
        for first in stride(from: 0, through: body.count, by: 7) {
            for second in first...body.count {
                var parser = SSEParser()
                var events = try parser.feed(body[..<first])
                events += try parser.feed(body[first..<second])
                events += try parser.feed(body[second...])
                try parser.finish()
                #expect(events == Self.mixedEvents, "split at \(first), \(second)")
            }
        }
    }

    @Test("CR at the end of one chunk and LF at the start of the next are one line end")
    func crlfAcrossChunks() throws {
        var parser = SSEParser()
        var events = try parser.feed(Array("data: a\r".utf8))
        events += try parser.feed(Array("\ndata: b\r".utf8))
        events += try parser.feed(Array("\n\r".utf8))
        events += try parser.feed(Array("\n".utf8))
        try parser.finish()
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test("a BOM is dropped from the first line only; an event is dispatched only with data")
    func bomAndEmptyEvents() throws {
        let events = try parse([0xEF, 0xBB, 0xBF] + Array("data: x\n\nevent: lonely\n\nid: 9\n\ndata\n\n".utf8))
        // `event:` alone is dropped; `id:` alone sets the ID; a bare `data` field is an empty line of data.
        #expect(events == [SSEEvent(data: "x"), SSEEvent(data: "", id: "9")])
        // A BOM anywhere else is part of the text.
        let later = try parse(Array("data: x\n\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("data: y\n\n".utf8))
        #expect(later.count == 1)
        #expect(later[0].data == "x")
    }

    @Test("an id with NUL is ignored, an empty id resets it, unknown fields and retry are ignored")
    func idsAndUnknownFields() throws {
        let events = try parse("id: a\ndata: 1\n\nid: b\u{0}c\nretry: 10\nfoo: bar\ndata: 2\n\nid\ndata: 3\n\n")
        #expect(events == [SSEEvent(data: "1", id: "a"), SSEEvent(data: "2", id: "a"), SSEEvent(data: "3")])
    }

    @Test("[DONE] is recognised with surrounding space, not inside other text")
    func done() {
        #expect(SSEEvent(data: "[DONE]").isDone)
        #expect(SSEEvent(data: " [DONE] ").isDone)
        #expect(!SSEEvent(data: "[DONE] later").isDone)
        #expect(!SSEEvent(data: "\"[DONE]\"").isDone)
    }

    @Test("invalid UTF-8 becomes U+FFFD instead of failing")
    func invalidUTF8() throws {
        let events = try parse(Array("data: a".utf8) + [0xFF, 0xC3] + Array("b\n\n".utf8))
        #expect(events == [SSEEvent(data: "a\u{FFFD}\u{FFFD}b")])
    }

    @Test("the end of the stream inside an event is an error; between events it is not")
    func truncated() throws {
        // A partial line.
        var parser = SSEParser()
        #expect(try parser.feed(Array("data: {\"a\":1}\n\ndata: {\"choi".utf8)).count == 1)
        #expect(throws: SSEError.truncatedEvent(received: "data: {\"choi")) { try parser.finish() }
        // Complete lines without the blank line that dispatches them.
        parser = SSEParser()
        #expect(try parser.feed(Array("data: one\ndata: two\n".utf8)).isEmpty)
        #expect(throws: SSEError.truncatedEvent(received: "data: one\ndata: two\n")) { try parser.finish() }
        // An `event:` line alone counts as a started event.
        parser = SSEParser()
        _ = try parser.feed(Array("event: x\n".utf8))
        #expect(throws: SSEError.self) { try parser.finish() }
        // Trailing comments and blank lines are not events.
        parser = SSEParser()
        _ = try parser.feed(Array("data: a\n\n: bye\n\n: unterminated comment".utf8))
        try parser.finish()
        // An empty body is an empty stream.
        #expect(try parse("").isEmpty)
        // The error names what was left over.
        #expect(SSEError.truncatedEvent(received: "data: {").description.contains("data: {"))
    }

    @Test("an event larger than the limit fails, and the parser stays failed")
    func tooLarge() throws {
        var parser = SSEParser(maximumEventBytes: 16)
        #expect(try parser.feed(Array("data: 0123456789\n\n".utf8)) == [SSEEvent(data: "0123456789")])
        // Data lines of one event add up, even when each line is short.
        #expect(throws: SSEError.eventTooLarge(limit: 16)) { try parser.feed(Array("data: 012345\ndata: 6789ab\n".utf8)) }
        #expect(throws: SSEError.eventTooLarge(limit: 16)) { try parser.feed(Array("\n".utf8)) }
        #expect(throws: SSEError.eventTooLarge(limit: 16)) { try parser.finish() }
        // A body that never sends a line end.
        parser = SSEParser(maximumEventBytes: 16)
        _ = try parser.feed(Array("data: 0123".utf8))
        #expect(throws: SSEError.eventTooLarge(limit: 16)) { try parser.feed(Array(repeating: UInt8(ascii: "x"), count: 20)) }
    }

    @Test("non-contiguous collections are accepted")
    func nonContiguous() throws {
        var parser = SSEParser()
        let events = try parser.feed("data: hi\n\n".utf8.lazy.map { $0 })
        #expect(events == [SSEEvent(data: "hi")])
    }
}
