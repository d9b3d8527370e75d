/// The sampling settings a run used, as canonical JSON plus typed fields people filter on.
///
/// `extra_body` (EvalScope eval) and `extra_args` (EvalScope perf) are merged into the top level,
/// because the server receives them as top-level request fields; null values and client-only keys
/// (`batch_size`, `retries`, `timeout`) are dropped. Two runs that sent the same request settings
/// therefore get the same ``hash``.
///
/// ```swift
/// let config = GenerationConfig(["max_tokens": .int(4096), "extra_body": .object(["reasoning_effort": .string("low")])])
/// config.reasoningEffort    // "low"
/// config.canonicalJSON      // {"max_tokens":4096,"reasoning_effort":"low"}
/// ```
public struct GenerationConfig: Sendable, Equatable, Codable {
    /// The normalized settings (merged, nulls dropped).
    public private(set) var values: [String: JSONValue]

    /// Keys that hold request-body fields to merge into the top level.
    static let nestedBodyKeys = ["extra_body", "extra_args"]
    /// Keys that configure the client, not what the model generates.
    static let clientOnlyKeys: Set<String> = ["batch_size", "retries", "timeout", "max_retries", "stream_options"]

    public init(_ raw: [String: JSONValue] = [:]) {
        var merged: [String: JSONValue] = [:]
        for key in GenerationConfig.nestedBodyKeys {
            for (nestedKey, value) in raw[key]?.objectValue ?? [:] { merged[nestedKey] = value }
        }
        for (key, value) in raw where !GenerationConfig.nestedBodyKeys.contains(key) {
            merged[key] = value
        }
        values = merged.filter { !$0.value.isNull && !GenerationConfig.clientOnlyKeys.contains($0.key) }
    }

    public var canonicalJSON: String { JSONValue.object(values).canonicalJSON }

    /// SHA-256 of ``canonicalJSON``.
    public var hash: String { SHA256.hex(canonicalJSON) }

    public var reasoningEffort: String? { values["reasoning_effort"]?.stringValue }
    public var temperature: Double? { values["temperature"]?.doubleValue }
    public var topP: Double? { values["top_p"]?.doubleValue }
    public var maxTokens: Int? { values["max_tokens"]?.intValue }
    public var minTokens: Int? { values["min_tokens"]?.intValue }
    public var ignoreEOS: Bool? { values["ignore_eos"]?.boolValue }
    public var stream: Bool? { values["stream"]?.boolValue }

    /// Sets one field (e.g. from a CLI flag), keeping the normalization rules.
    public mutating func set(_ key: String, _ value: JSONValue) {
        var raw = values
        raw[key] = value
        self = GenerationConfig(raw)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try [String: JSONValue](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try values.encode(to: encoder)
    }
}
