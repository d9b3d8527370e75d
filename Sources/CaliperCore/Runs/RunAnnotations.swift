/// What a user tells about a run: engine and version, hardware, labels.
///
/// What the user says wins over what the files say (``apply(to:)``), as a flag should; what a
/// probe found only fills gaps the files left (``fill(_:)``), since a file that names its server
/// (SGLang's `server_info`) knows it better than a `/version` probe. Labels are merged, the
/// user's value winning on the same key.
///
/// ```swift
/// let notes = RunAnnotations(engine: "vllm", engineVersion: "0.10.1+gptoss", hardware: "NVIDIA H20 96GB", gpus: 1)
/// notes.apply(to: &run)   // run.hardware == Hardware(name: "H20", count: 1, memoryGB: 96)
/// ```
public struct RunAnnotations: Sendable, Equatable {
    public var engine: String?
    public var engineVersion: String?
    public var hardware: String?
    public var gpus: Int?
    public var labels: [String: String]

    public init(
        engine: String? = nil, engineVersion: String? = nil, hardware: String? = nil, gpus: Int? = nil,
        labels: [String: String] = [:]
    ) {
        self.engine = engine
        self.engineVersion = engineVersion
        self.hardware = hardware
        self.gpus = gpus
        self.labels = labels
    }

    /// The user's word: every given value replaces the run's. A version the files gave for another
    /// engine than the one given is dropped with it.
    public func apply(to run: inout Run) {
        if let engine, EngineIdentity(name: engine).name != run.engine.name {
            run.engine = EngineIdentity(name: engine, version: engineVersion)
        } else {
            run.engine = EngineIdentity(name: run.engine.name, version: engineVersion ?? run.engine.version)
        }
        if hardware != nil {
            // A count the text does not state is the files' count, unless --gpus says.
            run.hardware = Hardware(description: hardware, count: gpus ?? Hardware.stated(in: hardware).count ?? run.hardware.count)
        } else if let gpus {
            run.hardware.count = gpus
        }
        run.labels.merge(labels) { _, user in user }
    }

    /// A probe's findings: only where the run has no value.
    public func fill(_ run: inout Run) {
        run.engine = EngineIdentity(name: run.engine.name ?? engine, version: run.engine.version ?? engineVersion)
        let given = Hardware(description: hardware, count: gpus)
        // Another accelerator's memory or variant says nothing about the one the files named.
        if hardware != nil || gpus != nil, run.hardware.name == nil || given.name == nil || run.hardware.name == given.name {
            run.hardware = Hardware(
                name: run.hardware.name ?? given.name, count: run.hardware.count ?? given.count,
                memoryGB: run.hardware.memoryGB ?? given.memoryGB, variant: run.hardware.variant ?? given.variant)
        }
        run.labels.merge(labels) { run, _ in run }
    }

    /// Parses `key=value` label arguments.
    /// - Throws: ``LabelError`` for an argument without `=` or with an empty key.
    public static func parseLabels(_ arguments: [String]) throws -> [String: String] {
        var labels: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw LabelError(argument: argument)
            }
            labels[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return labels
    }
}

public struct LabelError: Error, CustomStringConvertible {
    public var argument: String
    public var description: String { "label \"\(argument)\" is not key=value" }
}
