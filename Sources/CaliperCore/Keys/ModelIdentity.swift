import Foundation

/// Which model a run measured: the name it was served under, and the checkpoint or tokenizer
/// path where the source records one.
public struct ModelIdentity: Sendable, Equatable, Codable {
    /// The served model name, as sent in requests (`gpt-oss-20b`).
    public var name: String
    /// The checkpoint path or hub id, when the source has it (`openai/gpt-oss-20b`).
    public var checkpoint: String?
    /// The tokenizer path the client used, when the source has it.
    public var tokenizer: String?

    public init(name: String, checkpoint: String? = nil, tokenizer: String? = nil) {
        self.name = name
        self.checkpoint = checkpoint
        self.tokenizer = tokenizer
    }
}

/// The serving engine and its version (`vllm`, `0.10.1+gptoss`). Unknown parts are nil.
public struct EngineIdentity: Sendable, Equatable, Codable {
    public var name: String?
    public var version: String?

    public init(name: String? = nil, version: String? = nil) {
        self.name = name.flatMap(Text.nonEmpty)?.lowercased()
        self.version = version.flatMap(Text.nonEmpty)
    }
}

/// The tool that produced a result, and its version as far as the files tell.
public struct SourceInfo: Sendable, Equatable, Codable {
    /// `evalscope`, `caliper`, …
    public var tool: String
    /// The exact version (`1.14.1`) or, when only the file format tells, a range (`1.10..1.14`).
    public var version: String?
    /// The file-format generation the importer recognised (`perf-G`, `eval-v2`).
    public var format: String?
    /// The folder the result was read from, as given.
    public var path: String?

    public init(tool: String, version: String? = nil, format: String? = nil, path: String? = nil) {
        self.tool = tool
        self.version = version
        self.format = format
        self.path = path
    }
}

/// Small string helpers shared by the key types.
enum Text {
    /// The trimmed string, or nil when nothing is left.
    static func nonEmpty(_ string: String) -> String? {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
