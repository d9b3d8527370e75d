import Foundation
import Hummingbird

/// The routes of the mock, as vLLM's OpenAI server has them.
///
/// | route | answer |
/// |---|---|
/// | `POST /v1/completions`, `POST /v1/chat/completions` | see ``GenerationResponder`` |
/// | `GET /v1/models` | the served model, with `root` and `max_model_len` |
/// | `GET /version` | `{"version":"0.10.1"}` (configurable) |
/// | `GET /health` | 200, empty body |
///
/// ```swift
/// let app = Application(router: MockRoutes.router(state: state))
/// ```
enum MockRoutes {
    static func router(state: MockServerState) -> Router<BasicRequestContext> {
        let router = Router()
        let configuration = state.configuration
        let started = Int(Date().timeIntervalSince1970)
        router.get("/health") { _, _ in Response(status: .ok) }
        router.get("/version") { _, _ in
            JSONResponse.make(status: 200, .object([("version", .string(configuration.version))]))
        }
        router.get("/v1/models") { _, _ in
            JSONResponse.make(status: 200, modelList(configuration, created: started))
        }
        for endpoint in MockEndpoint.allCases {
            let responder = GenerationResponder(state: state, endpoint: endpoint)
            router.post(RouterPath(endpoint.rawValue)) { request, _ in try await responder.respond(to: request) }
        }
        return router
    }

    /// vLLM's `/v1/models` answer.
    static func modelList(_ configuration: MockServerConfiguration, created: Int) -> JSONValue {
        let permission: JSONValue = .object([
            ("id", .string("modelperm-mock")), ("object", "model_permission"), ("created", .int(created)),
            ("allow_create_engine", false), ("allow_sampling", true), ("allow_logprobs", true),
            ("allow_search_indices", false), ("allow_view", true), ("allow_fine_tuning", false),
            ("organization", "*"), ("group", .null), ("is_blocking", false),
        ])
        let model: JSONValue = .object([
            ("id", .string(configuration.model)), ("object", "model"), ("created", .int(created)),
            ("owned_by", "vllm"), ("root", .string(configuration.modelRoot ?? configuration.model)),
            ("parent", .null), ("max_model_len", .int(configuration.maxModelLen)),
            ("permission", .array([permission])),
        ])
        return .object([("object", "list"), ("data", .array([model]))])
    }
}
