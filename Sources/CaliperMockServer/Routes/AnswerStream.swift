import Hummingbird
import NIOCore

/// Writes one streaming answer as server-sent events on its schedule, with the request's fault.
///
/// The events, in order: the role-only chunk (chat, at once), one chunk per output token on its
/// deadline, the usage-only chunk when asked, `data: [DONE]`. A fault strikes when output chunk
/// `k = min(faultAfterTokens, completionTokens)` is due, after `k` chunks were sent:
/// - ``MockFault/closedMidStream``: the connection is closed (no usage, no `[DONE]`, no last HTTP chunk);
/// - ``MockFault/inBandError``: an `{"object":"error",…}` event and `[DONE]` end the stream;
/// - ``MockFault/malformedLine``: `data: {not json` goes out and the stream carries on unchanged.
///
/// ```swift
/// ResponseBody { writer in try await stream.write(to: &writer) }
/// ```
struct AnswerStream: Sendable {
    let payloads: AnswerPayloads
    let admission: MockServerState.Admission
    let schedule: Schedule
    let state: MockServerState

    /// Thrown to make Hummingbird drop the connection: a body writer that throws has its channel closed.
    struct InjectedClose: Error {}

    func write(to writer: inout any ResponseBodyWriter) async throws {
        let tokens = payloads.plan.completionTokens
        let faultAt = admission.fault == nil ? nil : min(admission.faultAfterTokens, tokens)
        var sent = 0
        var firstSentAfter: Double?
        var lastSentAfter: Double?
        var clientGone = false
        defer {
            state.finish(admission.number) { record in
                record.tokensSent = sent
                record.firstTokenSentAfter = firstSentAfter
                record.lastTokenSentAfter = lastSentAfter
                record.clientDisconnected = clientGone
            }
        }
        do {
            if payloads.plan.endpoint == .chatCompletions {
                try await writer.write(Self.buffer(ServerSentEvents.event(payloads.roleChunk())))
            }
            for index in 0...tokens {
                if index == faultAt, let fault = admission.fault {
                    try await schedule.sleep(untilToken: index)
                    switch fault {
                    case .closedMidStream:
                        throw InjectedClose()
                    case .inBandError:
                        let error = ErrorPayload.json(
                            status: 500, type: "InternalServerError",
                            message: "Injected in-band error for request #\(admission.number)")
                        try await writer.write(Self.buffer(ServerSentEvents.event(error) + ServerSentEvents.done))
                        try await writer.finish(nil)
                        return
                    case .malformedLine:
                        try await writer.write(Self.buffer(ServerSentEvents.malformed))
                    case .httpError:
                        break   // answered before any stream starts
                    }
                }
                guard index < tokens else { break }
                // Render before sleeping, so the wake-up is followed by nothing but the write.
                let chunk = Self.buffer(ServerSentEvents.event(payloads.tokenChunk(index)))
                try await schedule.sleep(untilToken: index)
                let sentAfter = schedule.elapsed()
                try await writer.write(chunk)
                sent += 1
                if firstSentAfter == nil { firstSentAfter = sentAfter }
                lastSentAfter = sentAfter
            }
            if payloads.plan.includeUsage {
                try await writer.write(Self.buffer(ServerSentEvents.event(payloads.usageChunk())))
            }
            try await writer.write(Self.buffer(ServerSentEvents.done))
            try await writer.finish(nil)
        } catch let error where !(error is InjectedClose || error is CancellationError) {
            // Anything else failed a write: the client closed its end.
            clientGone = true
            throw error
        }
    }

    private static func buffer(_ text: String) -> ByteBuffer {
        ByteBuffer(string: text)
    }
}
