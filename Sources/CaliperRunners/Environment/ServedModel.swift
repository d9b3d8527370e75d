import Foundation

/// The model an OpenAI-compatible server says it serves (`GET /v1/models`): the name requests use,
/// the context length, and the checkpoint it was loaded from.
///
/// ```swift
/// let body = #"{"object":"list","data":[{"id":"gpt-oss-20b","object":"model","owned_by":"vllm","#
///     + #""root":"openai/gpt-oss-20b","parent":null,"max_model_len":131072}]}"#
/// ServedModel.parse(Array(body.utf8))
/// // ServedModel(id: "gpt-oss-20b", maxModelLength: 131072, root: "openai/gpt-oss-20b")
/// ```
public struct ServedModel: Sendable, Equatable {
    /// The served name, as sent in requests (`gpt-oss-20b`).
    public var id: String
    /// vLLM's `max_model_len`: prompt plus output tokens the server accepts.
    public var maxModelLength: Int?
    /// vLLM's `root`: the path or hub id the weights were loaded from (`openai/gpt-oss-20b`).
    public var root: String?

    public init(id: String, maxModelLength: Int? = nil, root: String? = nil) {
        self.id = id
        self.maxModelLength = maxModelLength
        self.root = root
    }

    /// The entry named `preferred` when the list has it, else the first one; nil for anything
    /// that is not a model list.
    ///
    /// A server with LoRA adapters lists the base model and each adapter; the benchmark's own
    /// `--model` picks the one it measured.
    public static func parse(_ body: [UInt8], preferring preferred: String? = nil) -> ServedModel? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let data = object["data"] as? [[String: Any]]
        else { return nil }
        let models = data.compactMap(model(from:))
        return models.first { $0.id == preferred } ?? models.first
    }

    private static func model(from entry: [String: Any]) -> ServedModel? {
        guard let id = entry["id"] as? String, !id.isEmpty else { return nil }
        let length = (entry["max_model_len"] as? Int).flatMap { $0 > 0 ? $0 : nil }
        let root = (entry["root"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        return ServedModel(id: id, maxModelLength: length, root: root)
    }
}
