import CaliperCore
import Foundation

/// The parts of `configs/task_config*.yaml` (EvalScope's TaskConfig dump) that key a run.
struct EvalScopeEvalConfig: Decodable {
    var model: String?
    var modelID: String?
    var apiURL: String?
    var evalType: String?
    var datasets: [String]?
    var generationConfig: [String: JSONValue]?
    /// Written by 1.x only (0.x has no repeats).
    var repeats: Int?
    /// Written by recent versions only.
    var evalscopeVersion: String?

    enum CodingKeys: String, CodingKey {
        case model
        case modelID = "model_id"
        case apiURL = "api_url"
        case evalType = "eval_type"
        case datasets
        case generationConfig = "generation_config"
        case repeats
        case evalscopeVersion = "evalscope_version"
    }

    /// `configs/task_config.yaml` (1.5+) or `configs/task_config_<hex>.yaml` (≤ 1.4) in a run
    /// folder; the unhashed name first, else the first by name.
    static func file(in directory: URL) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appending(path: "configs").path))?
            .filter { $0.hasPrefix("task_config") && $0.hasSuffix(".yaml") }
            .sorted() ?? []
        let name = names.contains("task_config.yaml") ? "task_config.yaml" : names.first
        return name.map { directory.appending(path: "configs").appending(path: $0) }
    }

    /// ≤ 1.4 suffixes the config name with six hex digits of a hash.
    static func hasHashedName(_ file: URL) -> Bool {
        file.lastPathComponent.wholeMatch(of: /task_config_[0-9a-fA-F]+\.yaml/) != nil
    }

    var generation: GenerationConfig { GenerationConfig(generationConfig ?? [:]) }

    /// The requested output length: `max_tokens`, or 0.x's `max_new_tokens`.
    var outputLength: Int? {
        generation.maxTokens ?? generationConfig?["max_new_tokens"]?.intValue
    }

    /// The served name; a path-like `model` (`Qwen/Qwen3-8B`, `/models/x`) is kept as the checkpoint too.
    func modelIdentity(fallbackName: String) -> ModelIdentity {
        let name = model ?? modelID ?? fallbackName
        return ModelIdentity(name: name, checkpoint: name.contains("/") ? name : nil)
    }
}
