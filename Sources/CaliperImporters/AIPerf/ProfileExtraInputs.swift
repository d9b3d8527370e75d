import CaliperCore
import Foundation

/// `--extra-inputs` of genai-perf and AIPerf: request-body fields sent with every request
/// (`ignore_eos:true`, `reasoning_effort:low`, `temperature:0.6`), which are generation settings.
///
/// The files write them as an object (`{"ignore_eos": true}`: genai-perf, AIPerf ≥ 0.9) or, where
/// AIPerf kept its parsed form (≤ 0.8), as a list of `[key, value]` pairs.
///
/// ```swift
/// try ProfileExtraInputs.read(.array([.array([.string("reasoning_effort"), .string("low")])]), "input.extra", fields)
/// // ["reasoning_effort": "low"]
/// ```
enum ProfileExtraInputs {
    static func read(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> [String: JSONValue] {
        guard let value, !value.isNull else { return [:] }
        if let object = value.objectValue { return object }
        guard let pairs = value.arrayValue else {
            throw fields.error(path, "expected an object or a list of [key, value] pairs, found \(JSONFields.kind(of: value))")
        }
        var extra: [String: JSONValue] = [:]
        for (index, pair) in pairs.enumerated() {
            guard let items = pair.arrayValue, items.count == 2, let key = items[0].stringValue else {
                throw fields.error("\(path)[\(index)]", "expected a [key, value] pair, found \(JSONFields.kind(of: pair))")
            }
            extra[key] = items[1]
        }
        return extra
    }

    /// The generation settings of a run: `max_tokens` when every request asked for the same output
    /// length, `stream`, then the extra inputs (which the tools merge into the body last, so they win).
    static func generationConfig(
        extra: [String: JSONValue], maxTokens: Int?, streaming: Bool?
    ) -> GenerationConfig {
        var raw: [String: JSONValue] = [:]
        if let maxTokens { raw["max_tokens"] = .int(Int64(maxTokens)) }
        if let streaming { raw["stream"] = .bool(streaming) }
        for (key, value) in extra { raw[key] = value }
        return GenerationConfig(raw)
    }

    /// A requested token length `{mean, stddev}` as one exact count: the mean when the spread is 0
    /// and the mean is a positive whole number; nil otherwise (lengths varied, or not set).
    static func fixedLength(mean: Double?, stddev: Double?, _ path: String, _ fields: JSONFields) throws -> Int? {
        guard let mean, mean > 0, (stddev ?? 0) == 0 else { return nil }
        guard let length = Int(exactly: mean), ValueDomain.tokenCount.violation(length) == nil else {
            throw fields.error(path, "\(mean): not a token count")
        }
        return length
    }

    /// The default path of an OpenAI-style endpoint type (`chat` → `/v1/chat/completions`).
    static func defaultPath(endpointType: String?) -> String? {
        switch endpointType?.lowercased() {
        case "chat": "/v1/chat/completions"
        case "completions": "/v1/completions"
        case "embeddings": "/v1/embeddings"
        case "responses": "/v1/responses"
        default: nil
        }
    }

    /// `v1/chat/completions` or `/v1/chat/completions` → `/v1/chat/completions`; nil for empty.
    static func path(_ custom: String?) -> String? {
        guard let custom = custom?.trimmingCharacters(in: .whitespaces), !custom.isEmpty else { return nil }
        if custom.contains("://") { return Workload.endpointPath(of: custom) }
        return custom.hasPrefix("/") ? custom : "/" + custom
    }
}
