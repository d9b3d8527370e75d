import CaliperCore

/// The measurement of one request to an OpenAI-compatible completions or chat endpoint, as
/// `evalscope perf` 1.14.1 defines it: a pure state machine fed with what the transport saw and
/// when (seconds on a monotonic clock the caller reads), ending in a ``MeasuredRequest``.
///
/// - **TTFT**: start → the first SSE JSON event whose first choice carries output (see
///   ``CompletionPayload``); a role-only chunk does not count. Non-stream: TTFT = latency.
/// - **Latency**: start → the last JSON event, the trailing usage-only chunk included,
///   `data: [DONE]` excluded. Non-stream: start → the end of the body.
/// - **ITL gaps**: between consecutive output-carrying chunks.
/// - **Tokens**: the last `usage` (`prompt_tokens`, `completion_tokens`).
/// - **TPOT**: (latency − TTFT) / (completion_tokens − 1) when completion_tokens > 1, else 0.
///
/// A request fails, its error text kept (EvalScope drops it), on a non-200 status (the body is
/// the text), an in-band `{"error": …}` / `{"object": "error"}` event or `event: error`, a
/// transport error, a malformed SSE stream or JSON payload, or a stream that ends before
/// `data: [DONE]`. EvalScope skips malformed JSON lines and counts a stream cut cleanly before
/// `[DONE]` as a success (it then counts tokens with a tokenizer); Caliper has no tokenizer and
/// fails such requests, and it fails a response without `usage` for the same reason.
///
/// ```swift
/// var measurement = RequestMeasurement(startTime: 0, stream: true)
/// measurement.receiveHead(status: 200, contentType: "text/event-stream")
/// measurement.receive(Array(#"data: {"choices":[{"text":"Hi"}]}\#n\#n"#.utf8), at: 0.25)
/// measurement.receive(Array(#"data: {"choices":[{"text":"!"}]}\#n\#n"#.utf8), at: 0.375)
/// measurement.receive(Array(#"data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}\#n\#n"#.utf8), at: 0.5)
/// measurement.receive(Array("data: [DONE]\n\n".utf8), at: 0.5)
/// let measured = measurement.finish(at: 0.625)
/// measured.record.ttft      // 0.25
/// measured.record.latency   // 0.5 (the usage chunk, not the close)
/// measured.record.tpot      // 0.25 = (0.5 − 0.25) / (2 − 1)
/// measured.gaps             // [0.125]
/// ```
public struct RequestMeasurement: Sendable {
    public let startTime: Double
    /// Whether the request asked for a stream; it classifies failures that got no SSE response.
    public let requestedStream: Bool

    private enum Body {
        case awaitingHead
        case stream(SSEParser)
        case json([UInt8])
        /// A non-200 response: its body becomes the error text.
        case errorBody(status: Int, [UInt8])
    }

    private var body: Body = .awaitingHead
    private var firstOutputTime: Double?
    private var lastOutputTime: Double?
    private var lastJSONTime: Double?
    private var gaps: [Double] = []
    private var usage: CompletionPayload.Usage?
    private var sawDone = false
    private var error: String?
    private var result: MeasuredRequest?

    /// The most of an error body or a bad payload kept in the error text.
    static let errorTextLimit = 4_096

    /// - Parameters:
    ///   - startTime: when the request was sent (EvalScope reads `perf_counter()` just before the POST).
    ///   - stream: the request's `stream` flag.
    public init(startTime: Double, stream: Bool) {
        self.startTime = startTime
        self.requestedStream = stream
    }

    /// The first failure seen so far, if any: the caller may stop reading once there is one.
    public var failure: String? { error }

    /// Whether ``finish(at:)`` or ``fail(_:at:)`` has produced the result.
    public var isFinished: Bool { result != nil }

    // MARK: Inputs

    /// The response's status and `Content-Type`. Status 200 with `text/event-stream` is a stream,
    /// other 200s a JSON body; any other status is a failure whose body is kept as its error.
    public mutating func receiveHead(status: Int, contentType: String?) {
        guard !isFinished, case .awaitingHead = body else { return }
        if status != 200 {
            body = .errorBody(status: status, [])
        } else if contentType?.lowercased().contains("text/event-stream") == true {
            body = .stream(SSEParser())
        } else {
            body = .json([])
        }
    }

    /// The next bytes of the response body, received at `time`. Without a head before them, a
    /// status 200 is assumed, with the body kind the request asked for.
    public mutating func receive(_ bytes: some Collection<UInt8>, at time: Double) {
        guard !isFinished else { return }
        if case .awaitingHead = body {
            receiveHead(status: 200, contentType: requestedStream ? "text/event-stream" : "application/json")
        }
        switch body {
        case .awaitingHead:
            break
        case .stream(var parser):
            body = .awaitingHead  // releases the parser's buffers for in-place mutation
            let events: [SSEEvent]
            do {
                events = try parser.feed(bytes)
            } catch {
                body = .stream(parser)
                record("malformed SSE: \(error)")
                return
            }
            body = .stream(parser)
            for event in events { receive(event, at: time) }
        case .json(var buffer):
            body = .awaitingHead
            buffer.append(contentsOf: bytes)
            body = .json(buffer)
        case .errorBody(let status, var buffer):
            body = .awaitingHead
            buffer.append(contentsOf: bytes.prefix(max(Self.errorTextLimit + 1 - buffer.count, 0)))
            body = .errorBody(status: status, buffer)
        }
    }

    /// One server-sent event of a stream, received at `time`, for a caller that parses SSE itself.
    public mutating func receive(_ event: SSEEvent, at time: Double) {
        guard !isFinished else { return }
        if event.isDone {
            sawDone = true
            return
        }
        // An empty data line is a keep-alive, not a payload.
        if event.data.trimmingASCIIWhitespace().isEmpty { return }
        let payload: CompletionPayload
        do {
            payload = try CompletionPayload(parsing: Array(event.data.utf8))
        } catch {
            switch error {
            case .malformed: record("malformed JSON in SSE event: \(Self.excerpt(event.data))")
            case .notAnObject: record("SSE event is not a JSON object: \(Self.excerpt(event.data))")
            }
            return
        }
        lastJSONTime = time
        if payload.isError || event.type == "error" {
            record("in-band error: \(Self.excerpt(event.data))")
        }
        if payload.hasOutput {
            if let lastOutputTime {
                gaps.append(time - lastOutputTime)
            } else {
                firstOutputTime = time
            }
            lastOutputTime = time
        }
        if let newUsage = payload.usage { usage = newUsage }
    }

    /// The transport finished without error at `time` (the body is complete).
    public mutating func finish(at time: Double) -> MeasuredRequest {
        if let result { return result }
        switch body {
        case .awaitingHead:
            record("no response")
            return conclude(stream: requestedStream, endTime: time)
        case .errorBody(let status, let buffer):
            let text = Self.excerpt(String(decoding: buffer, as: UTF8.self).trimmingASCIIWhitespace())
            record(text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)")
            return conclude(stream: requestedStream, endTime: time)
        case .json(let buffer):
            return concludeJSONBody(buffer, at: time)
        case .stream(var parser):
            do {
                try parser.finish()
            } catch {
                record("malformed SSE: \(error)")
            }
            if !sawDone {
                record(lastJSONTime == nil ? "stream ended without any JSON event" : "stream ended before data: [DONE]")
            }
            return conclude(stream: true, endTime: lastJSONTime ?? time)
        }
    }

    /// The transport failed at `time` (connection refused or reset, timeout, …), described by `reason`.
    public mutating func fail(_ reason: String, at time: Double) -> MeasuredRequest {
        if let result { return result }
        switch body {
        case .errorBody(let status, let buffer):
            let text = Self.excerpt(String(decoding: buffer, as: UTF8.self).trimmingASCIIWhitespace())
            record(text.isEmpty ? "HTTP \(status); then \(reason)" : "HTTP \(status): \(text); then \(reason)")
        default:
            record(reason)
        }
        if case .stream = body { return conclude(stream: true, endTime: time) }
        return conclude(stream: requestedStream, endTime: time)
    }

    // MARK: Result

    /// Keeps the first failure: later ones are usually its consequences.
    private mutating func record(_ failure: String) {
        if error == nil { error = failure }
    }

    private mutating func concludeJSONBody(_ buffer: [UInt8], at time: Double) -> MeasuredRequest {
        do {
            let payload = try CompletionPayload(parsing: buffer)
            if payload.isError {
                record("error response: \(Self.excerpt(String(decoding: buffer, as: UTF8.self)))")
            }
            usage = payload.usage
        } catch {
            let text = Self.excerpt(String(decoding: buffer, as: UTF8.self).trimmingASCIIWhitespace())
            record(text.isEmpty ? "empty response body" : "malformed JSON body: \(text)")
        }
        // Non-stream: the whole answer arrives at once, so TTFT is the latency.
        firstOutputTime = time
        lastJSONTime = time
        return conclude(stream: false, endTime: time)
    }

    private mutating func conclude(stream: Bool, endTime: Double) -> MeasuredRequest {
        if error == nil {
            if usage == nil {
                record(stream
                    ? "no usage in the stream (the server ignored stream_options.include_usage)"
                    : "no usage in the response")
            } else if usage?.promptTokens == nil || usage?.completionTokens == nil {
                record("usage without prompt_tokens or completion_tokens")
            }
        }
        var record = RequestRecord(
            sequence: 0, success: error == nil,
            itlMean: gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count), itlCount: gaps.count,
            isStream: stream, error: error)
        if error == nil, let lastJSONTime, let prompt = usage?.promptTokens, let completion = usage?.completionTokens {
            let latency = lastJSONTime - startTime
            let ttft = firstOutputTime.map { $0 - startTime }
            record.latency = latency
            record.ttft = ttft
            record.tpot = ttft.map { completion > 1 ? (latency - $0) / Double(completion - 1) : 0 }
            record.inputTokens = prompt
            record.outputTokens = completion
        }
        let measured = MeasuredRequest(record: record, gaps: gaps, startTime: startTime, endTime: endTime)
        result = measured
        return measured
    }

    private static func excerpt(_ text: some StringProtocol) -> String {
        text.utf8.count > errorTextLimit ? String(text.prefix(errorTextLimit)) + "…" : String(text)
    }
}
