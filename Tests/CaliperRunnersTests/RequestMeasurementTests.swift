import CaliperCore
import CaliperRunners
import Testing

/// Hand-built responses with exact binary timestamps (multiples of 1/8 s), so figures compare exactly.
@Suite("Request measurement")
struct RequestMeasurementTests {
    static func sse(_ payload: String) -> [UInt8] { Array("data: \(payload)\n\n".utf8) }
    static func text(_ text: String) -> String { #"{"object":"text_completion","choices":[{"index":0,"text":"\#(text)"}]}"# }
    static func delta(_ fields: String) -> String { #"{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{\#(fields)}}]}"# }
    static func usage(_ prompt: Int, _ completion: Int) -> String {
        #"{"choices":[],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)}}"#
    }
    static let done = sse("[DONE]")

    /// A stream request fed `chunks` (bytes and their arrival time), finished at `end`.
    func stream(_ chunks: [([UInt8], Double)], end: Double, start: Double = 10) -> MeasuredRequest {
        var measurement = RequestMeasurement(startTime: start, stream: true)
        measurement.receiveHead(status: 200, contentType: "text/event-stream; charset=utf-8")
        for (bytes, time) in chunks { measurement.receive(bytes, at: time) }
        return measurement.finish(at: end)
    }

    @Test("the documented example")
    func documentedExample() {
        var measurement = RequestMeasurement(startTime: 0, stream: true)
        measurement.receiveHead(status: 200, contentType: "text/event-stream")
        measurement.receive(Array(#"data: {"choices":[{"text":"Hi"}]}\#n\#n"#.utf8), at: 0.25)
        measurement.receive(Array(#"data: {"choices":[{"text":"!"}]}\#n\#n"#.utf8), at: 0.375)
        measurement.receive(Array(#"data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}\#n\#n"#.utf8), at: 0.5)
        measurement.receive(Array("data: [DONE]\n\n".utf8), at: 0.5)
        let measured = measurement.finish(at: 0.625)
        #expect(measured.record.ttft == 0.25)
        #expect(measured.record.latency == 0.5)
        #expect(measured.record.tpot == 0.25)
        #expect(measured.gaps == [0.125])
    }

    @Test("completions: TTFT at the first text, latency to the usage-only chunk, gaps, TPOT")
    func completions() {
        let measured = stream([
            (Self.sse(Self.text("Hel")), 10.5),
            (Self.sse(Self.text("lo")), 10.625),
            (Self.sse(Self.text("")) + Self.sse(Self.text("!")), 10.875),
            (Self.sse(Self.usage(7, 4)), 11.0),
            (Self.done, 11.125),
        ], end: 11.25)
        let record = measured.record
        #expect(record.success)
        #expect(record.error == nil)
        #expect(record.isStream == true)
        #expect(record.ttft == 0.5)
        // [DONE] (11.125) and the close (11.25) are not part of the latency.
        #expect(record.latency == 1.0)
        #expect(measured.endTime == 11.0)
        #expect(measured.startTime == 10)
        // The empty-text chunk is no output: gaps are between output-carrying chunks.
        #expect(measured.gaps == [0.125, 0.25])
        #expect(record.itlCount == 2)
        #expect(record.itlMean == 0.1875)
        #expect(record.tpot == (1.0 - 0.5) / 3)
        #expect(record.inputTokens == 7)
        #expect(record.outputTokens == 4)
    }

    @Test("chat: a role-only first chunk is not output; reasoning_content is the first token")
    func reasoningFirst() {
        let measured = stream([
            (Self.sse(Self.delta(#""role":"assistant","content":"""#)), 10.25),
            (Self.sse(Self.delta(#""reasoning_content":"Let me think""#)), 10.5),
            (Self.sse(Self.delta(#""content":null,"reasoning_content":" more""#)), 10.75),
            (Self.sse(Self.delta(#""content":"42""#)), 11.0),
            (Self.sse(Self.usage(5, 3)) + Self.done, 11.125),
        ], end: 11.5)
        #expect(measured.record.success)
        #expect(measured.record.ttft == 0.5)
        #expect(measured.gaps == [0.25, 0.25])
        #expect(measured.record.latency == 1.125)
        #expect(measured.record.tpot == (1.125 - 0.5) / 2)
    }

    @Test("chat: `reasoning`, tool calls and reasoning details count as output; empty ones do not")
    func otherOutputs() {
        let measured = stream([
            (Self.sse(Self.delta(#""content":"","reasoning":"""#)), 10.125),
            (Self.sse(Self.delta(#""tool_calls":[{"index":0,"function":{"arguments":""}}]"#)), 10.25),
            (Self.sse(Self.delta(#""reasoning":"hm""#)), 10.5),
            (Self.sse(Self.delta(#""tool_calls":[{"index":0,"function":{"name":"f"}}]"#)), 10.625),
            (Self.sse(Self.delta(#""reasoning_details":[{"type":"reasoning.text","text":"x"}]"#)), 10.75),
            (Self.sse(Self.delta(#""reasoning_details":[{"type":"reasoning.encrypted"}]"#)), 10.875),
            (Self.sse(Self.usage(1, 3)) + Self.done, 11.0),
        ], end: 11.0)
        #expect(measured.record.ttft == 0.5)
        #expect(measured.gaps == [0.125, 0.125])
    }

    @Test("the last usage wins, a one-token reply has TPOT 0, comments and keep-alives are ignored")
    func lastUsageAndOneToken() {
        let measured = stream([
            (Array(": ping\n\n".utf8) + Self.sse(Self.text("a")), 10.5),
            (Array("data:\n\n".utf8) + Self.sse(Self.usage(9, 9)), 10.75),
            (Self.sse(Self.usage(3, 1)) + Self.done, 10.875),
        ], end: 11.0)
        #expect(measured.record.success)
        #expect(measured.record.inputTokens == 3)
        #expect(measured.record.outputTokens == 1)
        #expect(measured.record.tpot == 0)
        #expect(measured.record.latency == 0.875)
        #expect(measured.record.itlCount == 0)
        #expect(measured.record.itlMean == nil)
    }

    @Test("an in-band error event fails the request; its text, the gaps before it and the end time are kept")
    func inBandError() {
        let error = #"{"error":{"object":"error","message":"engine died","type":"InternalServerError","code":500}}"#
        let measured = stream([
            (Self.sse(Self.text("a")), 10.5),
            (Self.sse(Self.text("b")), 10.625),
            (Self.sse(Self.text("c")), 10.75),
            (Self.sse(error), 10.875),
            (Self.done, 11.0),
        ], end: 11.125)
        #expect(!measured.record.success)
        #expect(measured.record.error == "in-band error: \(error)")
        #expect(measured.record.isStream == true)
        #expect(measured.gaps == [0.125, 0.125])
        #expect(measured.record.itlCount == 2)
        // As EvalScope's completed_time: the last JSON event, here the error.
        #expect(measured.endTime == 10.875)
        // EvalScope stores no latency, TTFT or tokens for a failed request.
        #expect(measured.record.latency == nil)
        #expect(measured.record.ttft == nil)
        #expect(measured.record.outputTokens == nil)
    }

    @Test("`object: error` and `event: error` are in-band errors too")
    func otherErrorShapes() {
        let objectError = #"{"object":"error","message":"bad","code":400}"#
        let first = stream([(Self.sse(objectError), 10.5)], end: 10.75)
        #expect(first.record.error == "in-band error: \(objectError)")

        let second = stream([
            (Self.sse(Self.text("a")), 10.5),
            (Array("event: error\ndata: {\"message\":\"overloaded\"}\n\n".utf8), 10.625),
            (Self.sse(Self.usage(1, 1)) + Self.done, 10.75),
        ], end: 10.75)
        #expect(second.record.error == #"in-band error: {"message":"overloaded"}"#)
        #expect(!second.record.success)
        // `"error": null` is no error.
        let third = stream([
            (Self.sse(#"{"error":null,"object":"text_completion","choices":[{"text":"x"}]}"#), 10.5),
            (Self.sse(Self.usage(1, 1)) + Self.done, 10.625),
        ], end: 10.75)
        #expect(third.record.success)
    }

    @Test("HTTP 500: failed, the body text kept, classified by the request's stream flag")
    func http500() {
        var measurement = RequestMeasurement(startTime: 10, stream: true)
        measurement.receiveHead(status: 500, contentType: "application/json")
        let body = #"{"object":"error","message":"Injected failure","type":"InternalServerError","param":null,"code":500}"#
        measurement.receive(Array(body.utf8.prefix(20)), at: 10.25)
        measurement.receive(Array(body.utf8.dropFirst(20)) + Array("\n".utf8), at: 10.375)
        let measured = measurement.finish(at: 10.5)
        #expect(!measured.record.success)
        #expect(measured.record.error == "HTTP 500: \(body)")
        #expect(measured.record.isStream == true)
        #expect(measured.endTime == 10.5)
        #expect(measured.gaps.isEmpty)

        var empty = RequestMeasurement(startTime: 10, stream: false)
        empty.receiveHead(status: 503, contentType: nil)
        #expect(empty.finish(at: 11).record.error == "HTTP 503")
        #expect(empty.finish(at: 12).endTime == 11, "finish is idempotent")
    }

    @Test("a long error body is cut in the error text")
    func longErrorBody() {
        var measurement = RequestMeasurement(startTime: 0, stream: false)
        measurement.receiveHead(status: 502, contentType: "text/html")
        for _ in 0..<100 { measurement.receive(Array(repeating: UInt8(ascii: "x"), count: 1_000), at: 0.5) }
        let error = measurement.finish(at: 1).record.error ?? ""
        #expect(error.hasPrefix("HTTP 502: xxx"))
        #expect(error.hasSuffix("…"))
        #expect(error.count < 4_200)
    }

    @Test("a stream closed before [DONE] and usage fails, its partial gaps kept")
    func closedEarly() {
        let measured = stream([
            (Self.sse(Self.text("a")), 10.5),
            (Self.sse(Self.text("b")), 10.625),
        ], end: 10.75)
        #expect(!measured.record.success)
        #expect(measured.record.error == "stream ended before data: [DONE]")
        #expect(measured.gaps == [0.125])
        #expect(measured.endTime == 10.625)

        let nothing = stream([], end: 10.75)
        #expect(nothing.record.error == "stream ended without any JSON event")
        #expect(nothing.endTime == 10.75)
    }

    @Test("a stream closed inside an event fails as malformed SSE")
    func closedMidEvent() {
        let measured = stream([
            (Self.sse(Self.text("a")), 10.5),
            (Array(#"data: {"choices":[{"te"#.utf8), 10.625),
        ], end: 10.75)
        #expect(!measured.record.success)
        #expect(measured.record.error?.hasPrefix("malformed SSE: stream ended inside an event") == true)
        #expect(measured.record.error?.hasSuffix(#"data: {"choices":[{"te"#) == true)
    }

    @Test("[DONE] without usage fails: Caliper has no tokenizer to count with")
    func noUsage() {
        let measured = stream([(Self.sse(Self.text("a")) + Self.done, 10.5)], end: 10.75)
        #expect(measured.record.error == "no usage in the stream (the server ignored stream_options.include_usage)")
        let partial = stream([(Self.sse(Self.text("a")) + Self.sse(#"{"usage":{"prompt_tokens":3}}"#) + Self.done, 10.5)], end: 10.75)
        #expect(partial.record.error == "usage without prompt_tokens or completion_tokens")
    }

    @Test("a malformed JSON line fails the request (EvalScope would skip it)")
    func malformedJSON() {
        let measured = stream([
            (Self.sse(Self.text("a")), 10.5),
            (Self.sse(#"{"choices":[{"text":"b"}"#), 10.625),
            (Self.sse(Self.text("c")), 10.75),
            (Self.sse(Self.usage(1, 2)) + Self.done, 10.875),
        ], end: 11.0)
        #expect(!measured.record.success)
        #expect(measured.record.error == #"malformed JSON in SSE event: {"choices":[{"text":"b"}"#)
        // Later chunks still count for timing: the end is the last JSON event.
        #expect(measured.gaps == [0.25])
        #expect(measured.endTime == 10.875)

        let array = stream([(Self.sse("[1,2]") + Self.sse(Self.usage(1, 1)) + Self.done, 10.5)], end: 10.75)
        #expect(array.record.error == "SSE event is not a JSON object: [1,2]")
    }

    @Test("non-stream: TTFT equals latency, TPOT 0, no gaps")
    func nonStream() {
        var measurement = RequestMeasurement(startTime: 10, stream: false)
        measurement.receiveHead(status: 200, contentType: "application/json")
        let body = #"{"object":"chat.completion","choices":[{"message":{"role":"assistant","content":"Hi"}}],"usage":{"prompt_tokens":12,"completion_tokens":48}}"#
        measurement.receive(Array(body.utf8.prefix(30)), at: 10.25)
        measurement.receive(Array(body.utf8.dropFirst(30)), at: 10.375)
        let measured = measurement.finish(at: 10.5)
        let record = measured.record
        #expect(record.success)
        #expect(record.isStream == false)
        #expect(record.latency == 0.5)
        #expect(record.ttft == 0.5)
        #expect(record.tpot == 0)
        #expect(record.itlCount == 0)
        #expect(record.inputTokens == 12)
        #expect(record.outputTokens == 48)
        #expect(measured.endTime == 10.5)
    }

    @Test("non-stream failures: malformed body, error body with 200, no usage, empty body")
    func nonStreamFailures() {
        func measure(_ body: String) -> RequestRecord {
            var measurement = RequestMeasurement(startTime: 0, stream: false)
            measurement.receiveHead(status: 200, contentType: "application/json")
            measurement.receive(Array(body.utf8), at: 0.5)
            return measurement.finish(at: 1).record
        }
        #expect(measure(#"{"choices": [}"#).error == #"malformed JSON body: {"choices": [}"#)
        #expect(measure(#"{"object":"error","message":"x"}"#).error == #"error response: {"object":"error","message":"x"}"#)
        #expect(measure(#"{"choices":[]}"#).error == "no usage in the response")
        #expect(measure("").error == "empty response body")
        #expect(measure("{'a': 1}").error?.hasPrefix("malformed JSON body") == true, "strict JSON, not JSON5")
    }

    @Test("a transport error keeps its text and time; after a 500 both are kept")
    func transportError() {
        var measurement = RequestMeasurement(startTime: 10, stream: true)
        measurement.receiveHead(status: 200, contentType: "text/event-stream")
        measurement.receive(Self.sse(Self.text("a")), at: 10.5)
        let measured = measurement.fail("curl error 56: Recv failure: Connection reset by peer", at: 10.75)
        #expect(measured.record.error == "curl error 56: Recv failure: Connection reset by peer")
        #expect(measured.endTime == 10.75)
        #expect(measured.record.isStream == true)
        #expect(measurement.isFinished)
        // Input after the end changes nothing.
        measurement.receive(Self.sse(Self.usage(1, 1)), at: 11)
        #expect(measurement.finish(at: 12) == measured)

        var refused = RequestMeasurement(startTime: 10, stream: false)
        #expect(refused.fail("curl error 7: Couldn't connect", at: 10.125).record.isStream == false)

        var after500 = RequestMeasurement(startTime: 10, stream: true)
        after500.receiveHead(status: 500, contentType: nil)
        after500.receive(Array("oops".utf8), at: 10.25)
        #expect(after500.fail("timeout", at: 10.5).record.error == "HTTP 500: oops; then timeout")
    }

    @Test("the first failure is visible before the end, so the caller may stop reading")
    func failureIsVisible() {
        var measurement = RequestMeasurement(startTime: 0, stream: true)
        measurement.receiveHead(status: 200, contentType: "text/event-stream")
        #expect(measurement.failure == nil)
        measurement.receive(Self.sse(#"{"error":{"message":"x"}}"#), at: 0.5)
        #expect(measurement.failure == #"in-band error: {"error":{"message":"x"}}"#)
        #expect(!measurement.isFinished)
    }

    @Test("events can come from the caller's own parser")
    func ownParser() {
        var measurement = RequestMeasurement(startTime: 1, stream: true)
        measurement.receiveHead(status: 200, contentType: "text/event-stream")
        measurement.receive(SSEEvent(data: Self.text("a")), at: 1.5)
        measurement.receive(SSEEvent(data: Self.usage(2, 1)), at: 1.75)
        measurement.receive(SSEEvent(data: "[DONE]"), at: 2)
        let record = measurement.finish(at: 2).record
        #expect(record.success)
        #expect(record.latency == 0.75)
        #expect(record.ttft == 0.5)
    }

    @Test("bytes without a head: status 200 of the kind the request asked for")
    func noHead() {
        var measurement = RequestMeasurement(startTime: 0, stream: true)
        measurement.receive(Self.sse(Self.text("a")) + Self.sse(Self.usage(1, 1)) + Self.done, at: 0.5)
        #expect(measurement.finish(at: 1).record.success)
        var nothing = RequestMeasurement(startTime: 0, stream: false)
        #expect(nothing.finish(at: 1).record.error == "no response")
    }

    @Test("a split of the stream at any byte, with one arrival time, measures the same")
    func splitInvariance() {
        let body = Self.sse(Self.delta(#""role":"assistant""#)) + Self.sse(Self.delta(#""content":"Grüße""#))
            + Self.sse(Self.usage(3, 1)) + Self.done
        let whole = stream([(body, 10.5)], end: 11)
        #expect(whole.record.success)
        for cut in 0...body.count {
            let split = stream([(Array(body[..<cut]), 10.5), (Array(body[cut...]), 10.5)], end: 11)
            #expect(split == whole, "split at \(cut)")
        }
    }
}
