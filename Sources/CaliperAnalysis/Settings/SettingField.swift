import CaliperCore
import Foundation

/// The key a settings comparison varies: a generation-config key (`reasoning_effort`,
/// `temperature`, `max_tokens`, `top_p`, any other), the engine, its version, the hardware, or a
/// label (`label.NAME`).
///
/// ```swift
/// let field = try SettingField("reasoning_effort")   // .generation("reasoning_effort")
/// field.value(of: run)                               // "low"
/// try SettingField("label.quant").value(of: run)     // "fp8"
/// ```
public enum SettingField: Sendable, Hashable, CustomStringConvertible {
    case generation(String)
    case engine
    case engineVersion
    case hardware
    case label(String)

    /// Keys that say what was measured rather than how: varying them compares different things.
    static let notSettings: Set<String> = ["model", "kind", "dataset", "id", "endpoint"]

    /// - Throws: ``SettingsError`` for an empty name, `label.` without a name, or a key that is not a
    ///   setting (`model`, `dataset`, …).
    public init(_ name: String) throws {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains("="), !name.contains(where: \.isWhitespace) else {
            throw SettingsError("\"\(name)\" is not a key to vary (e.g. reasoning_effort, temperature, label.NAME)")
        }
        if name.hasPrefix("label.") {
            let label = String(name.dropFirst("label.".count))
            guard !label.isEmpty else { throw SettingsError("\"label.\" needs a label name: label.NAME") }
            self = .label(label)
            return
        }
        guard !Self.notSettings.contains(name) else {
            throw SettingsError("\(name) is what a run measured, not a setting: filter on it with --where \(name)=VALUE")
        }
        switch name {
        case "engine": self = .engine
        case "engine_version": self = .engineVersion
        case "hardware": self = .hardware
        default: self = .generation(name)
        }
    }

    /// The key as users write it: `reasoning_effort`, `engine_version`, `label.quant`.
    public var name: String {
        switch self {
        case .generation(let key): key
        case .engine: "engine"
        case .engineVersion: "engine_version"
        case .hardware: "hardware"
        case .label(let key): "label.\(key)"
        }
    }

    public var description: String { name }

    /// The run's value as people write it (`low`, `0.6`, `4096`), or nil when the run does not set it.
    public func value(of run: Run) -> String? {
        RunKey(name).value(in: run)
    }

    /// The ``Comparability`` fields a difference in which is the point of the comparison; none for
    /// labels, which never make runs incomparable.
    var comparabilityFields: Set<String> {
        switch self {
        case .label: []
        // An eval run's requested output length is its max_tokens: the two vary together.
        case .generation("max_tokens"), .generation("max_new_tokens"): [name, "output_length"]
        default: [name]
        }
    }

    /// How a setting is shown when the run does not set the key.
    public static let unsetLabel = "(unset)"

    /// `low`, or `(unset)`.
    public static func label(_ value: String?) -> String {
        value ?? unsetLabel
    }
}
