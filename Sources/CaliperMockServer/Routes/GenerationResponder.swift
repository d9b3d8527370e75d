import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers `POST /v1/completions` and `POST /v1/chat/completions`: parses the body, plans the answer,
/// admits the request (number, fault, delays) and sends the answer on the injected schedule.
///
/// Every output chunk `i` has its own deadline, `arrival + ttft + i · interTokenDelay` on the continuous
/// clock, and is written (and flushed) as soon as it passes, so one late wake-up delays one chunk and
/// never the ones after it. `arrival` is when the request's head reached the handler, before its body
/// is read, which is as close to the client's send time as the server can see.
///
/// ```swift
/// let responder = GenerationResponder(state: state, endpoint: .chatCompletions)
/// router.post("/v1/chat/completions") { request, _ in try await responder.respond(to: request) }
/// ```
struct GenerationResponder: Sendable {
    let state: MockServerState
    let endpoint: MockEndpoint

    /// Bodies beyond this are refused; vLLM has no limit, but a mock needs none near it.
    private static let maxBodySize = 64 << 20

    func respond(to request: Request) async throws -> Response {
        let arrival = ContinuousClock.now
        let plan: GenerationPlan
        do {
            let body = try await request.body.collect(upTo: Self.maxBodySize)
            let decoded: GenerationRequest
            do {
                decoded = try JSONDecoder().decode(GenerationRequest.self, from: Data(body.readableBytesView))
            } catch {
                throw MockRequestError.badRequest("Invalid request body: \(error)")
            }
            plan = try GenerationPlan(
                request: decoded, endpoint: endpoint, behavior: state.behavior, configuration: state.configuration)
        } catch let error as MockRequestError {
            state.reject()
            return JSONResponse.make(status: error.status, ErrorPayload.json(error))
        }

        let admission = state.admit(plan, arrival: arrival)
        let payloads = AnswerPayloads(
            plan: plan, id: (endpoint == .chatCompletions ? "chatcmpl-mock-" : "cmpl-mock-") + String(admission.number),
            created: Int(Date().timeIntervalSince1970))
        let schedule = Schedule(arrival: arrival, ttft: admission.ttft, interTokenDelay: admission.interTokenDelay)

        if admission.fault == .httpError {
            // A server that fails during prefill: the error comes when the first token would have.
            defer { state.finish(admission.number) { _ in } }
            try await schedule.sleep(untilToken: 0)
            return JSONResponse.make(
                status: 500,
                ErrorPayload.json(
                    status: 500, type: "InternalServerError",
                    message: "Injected failure for request #\(admission.number)"))
        }
        guard plan.stream else {
            return try await respondWhole(payloads, admission: admission, schedule: schedule)
        }
        let stream = AnswerStream(
            payloads: payloads, admission: admission, schedule: schedule, state: state)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in try await stream.write(to: &writer) })
    }

    /// A non-streaming answer, sent whole when its last token would have been.
    private func respondWhole(
        _ payloads: AnswerPayloads, admission: MockServerState.Admission, schedule: Schedule
    ) async throws -> Response {
        let tokens = payloads.plan.completionTokens
        var sentAfter: Double?
        defer {
            state.finish(admission.number) { record in
                if let sentAfter {
                    record.tokensSent = tokens
                    record.firstTokenSentAfter = sentAfter
                    record.lastTokenSentAfter = sentAfter
                }
            }
        }
        let body = payloads.completeResponse()
        try await schedule.sleep(untilToken: tokens - 1)
        sentAfter = schedule.elapsed()
        return JSONResponse.make(status: 200, body)
    }
}
