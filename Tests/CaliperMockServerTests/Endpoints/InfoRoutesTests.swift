import CaliperMockServer
import Foundation
import Testing

struct InfoRoutesTests {
    /// `/v1/models` lists the served model as vLLM does, with `root` and `max_model_len`.
    @Test func modelList() async throws {
        let configuration = MockServerConfiguration(
            model: "qwen3-8b", modelRoot: "Qwen/Qwen3-8B", maxModelLen: 8192)
        try await withMockServer(configuration: configuration) { server in
            let (status, object) = try await RawHTTPClient.getJSON(port: server.port, path: "/v1/models")
            #expect(status == 200)
            #expect(object["object"] as? String == "list")
            let model = try #require((object["data"] as? [[String: Any]])?.first)
            #expect(model["id"] as? String == "qwen3-8b")
            #expect(model["object"] as? String == "model")
            #expect(model["owned_by"] as? String == "vllm")
            #expect(model["root"] as? String == "Qwen/Qwen3-8B")
            #expect(model["max_model_len"] as? Int == 8192)
            #expect(model["parent"] is NSNull)
        }
    }

    /// `root` defaults to the served name.
    @Test func rootDefaultsToTheModelName() async throws {
        try await withMockServer { server in
            let (_, object) = try await RawHTTPClient.getJSON(port: server.port, path: "/v1/models")
            let model = try #require((object["data"] as? [[String: Any]])?.first)
            #expect(model["root"] as? String == "gpt-oss-20b" && model["max_model_len"] as? Int == 32_768)
        }
    }

    /// `/version` answers the configured vLLM version; `/health` is an empty 200.
    @Test func versionAndHealth() async throws {
        try await withMockServer(configuration: MockServerConfiguration(version: "0.11.2")) { server in
            let (status, object) = try await RawHTTPClient.getJSON(port: server.port, path: "/version")
            #expect(status == 200)
            #expect(object as? [String: String] == ["version": "0.11.2"])
            let health = try await RawHTTPClient.send(port: server.port, method: "GET", path: "/health")
            #expect(health.status == 200 && health.body.isEmpty)
            #expect(try await RawHTTPClient.send(port: server.port, method: "GET", path: "/nope").status == 404)
        }
    }

    /// Another model name gets vLLM's 404, unless the server accepts any name, which it then echoes.
    @Test func unknownModel() async throws {
        let body = completionJSON(stream: false, ["model": "llama"])
        try await withMockServer { server in
            let exchange = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: body)
            #expect(exchange.status == 404)
            let error = try exchange.jsonObject()
            #expect(error["message"] as? String == "The model `llama` does not exist.")
            #expect(error["type"] as? String == "NotFoundError" && error["code"] as? Int == 404)
        }
        try await withMockServer(configuration: MockServerConfiguration(rejectsUnknownModels: false)) { server in
            let exchange = try await RawHTTPClient.send(port: server.port, path: "/v1/completions", json: body)
            #expect(try exchange.jsonObject()["model"] as? String == "llama")
        }
    }

    /// A body that is not the expected JSON is a 400, counted as rejected.
    @Test(arguments: ["{", #"{"prompt": 3}"#, #"{"messages": []}"#])
    func malformedRequests(body: String) async throws {
        try await withMockServer { server in
            let path = body.contains("messages") ? "/v1/chat/completions" : "/v1/completions"
            let exchange = try await RawHTTPClient.send(port: server.port, path: path, json: body)
            #expect(exchange.status == 400)
            #expect(try exchange.jsonObject()["object"] as? String == "error")
            #expect(server.statistics.rejected == 1 && server.records.isEmpty)
        }
    }
}
