/// A request for ``StreamingHTTPClient``: a GET when `body` is nil, else a POST of `body`.
///
/// ```swift
/// let request = HTTPRequest(url: "http://127.0.0.1:8801/v1/completions", body: Array(json.utf8),
///                           headers: ["Content-Type: application/json"])
/// ```
public struct HTTPRequest: Sendable, Equatable {
    public var url: String
    public var body: [UInt8]?
    /// Header lines as sent: `Content-Type: application/json`.
    public var headers: [String]
    /// Seconds before the transfer is abandoned; nil waits for ever.
    public var timeout: Double?

    public init(url: String, body: [UInt8]? = nil, headers: [String] = [], timeout: Double? = nil) {
        self.url = url
        self.body = body
        self.headers = headers
        self.timeout = timeout
    }
}

/// What one HTTP request did, with every time on ``MonotonicClock``: when it was handed to the
/// connection, each piece of the body as it arrived, when the transfer ended, and how.
///
/// Times are taken on the transfer thread the moment libcurl hands over the bytes, so nothing that
/// happens to the caller later (scheduling, parsing) moves them.
public struct HTTPExchange: Sendable, Equatable {
    /// A piece of the response body and when it arrived.
    public struct Chunk: Sendable, Equatable {
        public var time: Double
        public var bytes: [UInt8]

        public init(time: Double, bytes: [UInt8]) {
            self.time = time
            self.bytes = bytes
        }
    }

    public var start: Double
    public var chunks: [Chunk]
    public var end: Double
    /// The HTTP status; nil when no response arrived.
    public var status: Int?
    /// The response's `Content-Type` (`text/event-stream`, `application/json`), when it had one.
    public var contentType: String?
    /// libcurl's description of a transport failure (refused, reset, timed out); nil when the
    /// transfer completed, whatever the status.
    public var transportError: String?

    public init(
        start: Double, chunks: [Chunk], end: Double, status: Int?, contentType: String? = nil, transportError: String?
    ) {
        self.start = start
        self.chunks = chunks
        self.end = end
        self.status = status
        self.contentType = contentType
        self.transportError = transportError
    }

    /// The whole body.
    public var body: [UInt8] { chunks.flatMap(\.bytes) }
}
