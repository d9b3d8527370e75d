import CaliperMockServer
import Foundation

/// Runs `body` against a fresh server on a free port and stops the server afterwards, even when
/// `body` throws, so tests running in parallel never share counters.
///
/// ```swift
/// try await withMockServer(MockBehavior(outputTokens: 4)) { server in … }
/// ```
@discardableResult
func withMockServer<T>(
    _ behavior: MockBehavior = quickBehavior,
    configuration: MockServerConfiguration = MockServerConfiguration(),
    _ body: (MockServer) async throws -> T
) async throws -> T {
    let server = try await MockServer.start(behavior: behavior, configuration: configuration, port: 0)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Short delays for tests about shapes and counts, where time is not the point.
let quickBehavior = MockBehavior(ttft: 0.002, interTokenDelay: 0.0005, outputTokens: 8)

/// A request body as JSON text; values are anything `JSONSerialization` writes.
func requestJSON(_ fields: [String: Any]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// A chat request with one user message.
func chatJSON(_ prompt: String = "Say something about benchmarks", stream: Bool, _ extra: [String: Any] = [:]) -> String {
    var fields: [String: Any] = [
        "model": "gpt-oss-20b", "messages": [["role": "user", "content": prompt]], "stream": stream,
    ]
    if stream { fields["stream_options"] = ["include_usage": true] }
    return requestJSON(fields.merging(extra) { $1 })
}

/// A completions request.
func completionJSON(_ prompt: String = "Once upon a time", stream: Bool, _ extra: [String: Any] = [:]) -> String {
    var fields: [String: Any] = ["model": "gpt-oss-20b", "prompt": prompt, "stream": stream]
    if stream { fields["stream_options"] = ["include_usage": true] }
    return requestJSON(fields.merging(extra) { $1 })
}

/// `usage` of a complete non-streaming answer or a usage-only chunk, as (prompt, completion, total).
func usage(of object: [String: Any]) -> (prompt: Int, completion: Int, total: Int)? {
    guard let usage = object["usage"] as? [String: Any], let prompt = usage["prompt_tokens"] as? Int,
        let completion = usage["completion_tokens"] as? Int, let total = usage["total_tokens"] as? Int
    else { return nil }
    return (prompt, completion, total)
}
