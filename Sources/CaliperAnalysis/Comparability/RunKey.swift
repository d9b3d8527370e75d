import CaliperCore

/// A key of a run by the name users write: a field (`engine_version`, `hardware`, `reasoning_effort`,
/// any generation setting) or a label (`label.branch`). What `caliper trend --by` groups on.
///
/// ```swift
/// let key = RunKey("label.branch")      // .label("branch")
/// key.value(in: run)                    // "main"
/// RunKey("engine_version").value(in: run)   // "0.10.1"
/// RunKey("hardware").value(in: run)         // "H20 96GB x 1"
/// ```
public enum RunKey: Sendable, Hashable, CustomStringConvertible {
    /// A key of the run itself; names as in run selectors and `--allow-diff`.
    case field(String)
    /// A free label.
    case label(String)

    /// `label.NAME` is a label; anything else is a field name.
    public init(_ name: String) {
        if name.hasPrefix("label."), name.count > "label.".count {
            self = .label(String(name.dropFirst("label.".count)))
        } else {
            self = .field(name)
        }
    }

    public var description: String {
        switch self {
        case .field(let name): name
        case .label(let key): "label.\(key)"
        }
    }

    /// The key's value in `run` as text, nil when the run does not have it. Generation settings
    /// read as written (`low`, `0.6`); a name that is no run field reads the generation config.
    public func value(in run: Run) -> String? {
        switch self {
        case .label(let key): return run.labels[key]
        case .field(let name):
            switch name {
            case "kind": return run.kind.rawValue
            case "model": return run.model.name
            case "engine": return run.engine.name
            case "engine_version": return run.engine.version
            case "hardware": return Comparability.hardwareText(run.hardware)
            case "hardware_variant": return run.hardware.variant
            case "gpus": return run.hardware.count.map(String.init)
            case "endpoint": return run.workload.endpoint
            case "dataset": return run.workload.dataset
            case "min_prompt_length": return run.workload.minPromptLength.map(String.init)
            case "max_prompt_length": return run.workload.maxPromptLength.map(String.init)
            case "prefix_length": return run.workload.prefixLength.map(String.init)
            case "output_length": return run.workload.outputLength.map(String.init)
            case "source_tool": return run.source.tool
            case "source_version": return run.source.version
            case "source_format": return run.source.format
            default:
                let setting = run.generationConfig.values[name]
                return setting?.stringValue ?? setting?.canonicalJSON
            }
        }
    }
}
