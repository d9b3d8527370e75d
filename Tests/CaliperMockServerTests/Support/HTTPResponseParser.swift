import Foundation

/// Parses an HTTP/1.1 response as its bytes arrive (head, then a chunked or sized body) and splits
/// the body into server-sent events, each stamped with the arrival time of the read that completed it.
///
/// ```swift
/// var parser = HTTPResponseParser(start: start)
/// try parser.feed(bytes, at: .now)
/// let exchange = parser.finish(at: .now)
/// ```
struct HTTPResponseParser {
    private let start: ContinuousClock.Instant
    private var pending: [UInt8] = []
    private var status = 0
    private var headers: [String: String] = [:]
    private var headParsed = false
    private var chunked = false
    private var contentLength: Int?
    /// Bytes still due in the current chunk (plus its CRLF), nil when a size line is next.
    private var chunkRemaining: Int?
    private var bodyComplete = false
    /// Seconds from the send to the read that completed the body.
    private var completedAfter: Double?
    private var body: [UInt8] = []
    private var eventBuffer: [UInt8] = []
    private var events: [TimedEvent] = []

    init(start: ContinuousClock.Instant) {
        self.start = start
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>, at time: ContinuousClock.Instant) throws {
        pending.append(contentsOf: bytes)
        if !headParsed {
            guard let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            try parseHead(String(decoding: pending[..<end.lowerBound], as: UTF8.self))
            pending.removeSubrange(..<end.upperBound)
            headParsed = true
        }
        if chunked {
            try decodeChunks(at: time)
        } else {
            appendBody(pending[...], at: time)
            pending.removeAll()
            if let contentLength, body.count >= contentLength { bodyComplete = true }
        }
        if bodyComplete && completedAfter == nil { completedAfter = (time - start).inSeconds }
    }

    func finish(at time: ContinuousClock.Instant) -> HTTPExchange {
        HTTPExchange(
            status: status, headers: headers, body: body, events: events,
            isComplete: bodyComplete || (!chunked && contentLength == nil && headParsed),
            closedAfter: (time - start).inSeconds, completedAfter: completedAfter, sentAt: start)
    }

    private mutating func parseHead(_ text: String) throws {
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let code = Int(statusLine[1]) else {
            throw RawHTTPClient.Failure(description: "bad status line")
        }
        status = code
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        chunked = headers["transfer-encoding"]?.lowercased() == "chunked"
        contentLength = headers["content-length"].flatMap { Int($0) }
    }

    private mutating func decodeChunks(at time: ContinuousClock.Instant) throws {
        while !bodyComplete {
            if let remaining = chunkRemaining {
                guard pending.count >= remaining else { return }
                appendBody(pending[..<(remaining - 2)], at: time)
                pending.removeSubrange(..<remaining)
                chunkRemaining = nil
            } else {
                guard let lineEnd = pending.firstRange(of: Array("\r\n".utf8)) else { return }
                let sizeText = String(decoding: pending[..<lineEnd.lowerBound], as: UTF8.self)
                guard let size = Int(sizeText.split(separator: ";")[0], radix: 16) else {
                    throw RawHTTPClient.Failure(description: "bad chunk size \(sizeText)")
                }
                pending.removeSubrange(..<lineEnd.upperBound)
                if size == 0 {
                    bodyComplete = true   // trailers, if any, are ignored
                } else {
                    chunkRemaining = size + 2
                }
            }
        }
    }

    private mutating func appendBody(_ bytes: ArraySlice<UInt8>, at time: ContinuousClock.Instant) {
        body.append(contentsOf: bytes)
        eventBuffer.append(contentsOf: bytes)
        while let end = eventBuffer.firstRange(of: Array("\n\n".utf8)) {
            let text = String(decoding: eventBuffer[..<end.lowerBound], as: UTF8.self)
            eventBuffer.removeSubrange(..<end.upperBound)
            events.append(TimedEvent(text: text, offset: (time - start).inSeconds))
        }
    }
}
