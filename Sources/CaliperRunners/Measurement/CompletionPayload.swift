import Foundation

/// What one JSON payload of an OpenAI-compatible response (an SSE chunk or a whole non-stream
/// body) says that timing needs: whether it carries output, its usage, whether it is an error.
///
/// The rules are `evalscope perf` 1.14.1's (`perf/plugin/api/default_api.py`):
/// - output is the first choice's `text` for completions; for chat, `delta.content` +
///   `delta.reasoning_content` (or `delta.reasoning`), so reasoning counts as the first token,
///   and tool-call or structured-reasoning deltas count too. A role-only delta
///   (`{"role":"assistant","content":""}`) is not output;
/// - usage is a non-empty `usage` object;
/// - an error is a non-null `error` or `"object": "error"` (vLLM's and SGLang's in-band errors).
///
/// ```swift
/// let chunk = try CompletionPayload(parsing: Array(#"{"choices":[{"delta":{"reasoning_content":"Hm"}}]}"#.utf8))
/// chunk.hasOutput   // true
/// ```
struct CompletionPayload {
    var hasOutput = false
    var isError = false
    /// Present when the payload has a non-empty `usage` object.
    var usage: Usage?

    struct Usage: Equatable {
        var promptTokens: Int?
        var completionTokens: Int?
    }

    enum ParseError: Error {
        /// Not JSON.
        case malformed
        /// JSON, but not an object.
        case notAnObject
    }

    /// Strict JSON, as Python's `json.loads` reads it (bare `NaN` and `Infinity` aside).
    /// `JSONSerialization` rather than ``JSONValue``: it is ~50× faster on a typical chunk, and a
    /// stream has one chunk per token.
    init(parsing bytes: some Collection<UInt8>) throws(ParseError) {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .malformed
        }
        guard let object = value as? [String: Any] else { throw .notAnObject }
        self.init(object)
    }

    init(_ object: [String: Any]) {
        isError = (object["error"].map { !($0 is NSNull) } ?? false) || object["object"] as? String == "error"
        if let fields = object["usage"] as? [String: Any], !fields.isEmpty {
            usage = Usage(
                promptTokens: Self.integer(fields["prompt_tokens"]),
                completionTokens: Self.integer(fields["completion_tokens"]))
        }
        if let first = (object["choices"] as? [Any])?.first as? [String: Any] {
            hasOutput = Self.carriesOutput(first, object: object["object"] as? String)
        }
    }

    /// An integral JSON number (`JSONSerialization` gives `NSNumber`s); nil otherwise.
    private static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        return double.rounded() == double && abs(double) < 1e15 ? Int(double) : nil
    }

    /// The JSON string, or "" for anything else (EvalScope's `x.get(key) or ''`).
    private static func text(_ value: Any?) -> String {
        value as? String ?? ""
    }

    /// EvalScope chooses the completions rule by `"object": "text_completion"`; a choice with
    /// `text` and no `delta` is taken as completions too, for servers that omit `object`.
    private static func carriesOutput(_ choice: [String: Any], object: String?) -> Bool {
        if object == "text_completion" || (choice["delta"] == nil && choice["text"] != nil) {
            return !text(choice["text"]).isEmpty
        }
        guard let delta = choice["delta"] as? [String: Any] else { return false }
        var reasoning = text(delta["reasoning_content"])
        if reasoning.isEmpty { reasoning = text(delta["reasoning"]) }
        if !text(delta["content"]).isEmpty || !reasoning.isEmpty { return true }

        // Tool calls and structured reasoning are output for timing, though not text.
        let calls = delta["tool_calls"] as? [Any] ?? []
        if calls.contains(where: { call in
            let function = (call as? [String: Any])?["function"] as? [String: Any]
            return !text(function?["name"]).isEmpty || !text(function?["arguments"]).isEmpty
        }) {
            return true
        }
        let details = delta["reasoning_details"] as? [Any] ?? []
        return details.contains { detail in
            let fields = detail as? [String: Any]
            return !text(fields?["text"]).isEmpty || !text(fields?["summary"]).isEmpty
        }
    }
}
