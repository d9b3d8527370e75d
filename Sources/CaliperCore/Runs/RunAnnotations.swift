/// What a user tells about a run that its files do not: engine and version, hardware, labels.
///
/// Files win where they carry a value; annotations fill the gaps. Labels are merged, the
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

    public func apply(to run: inout Run) {
        run.engine = EngineIdentity(
            name: run.engine.name ?? engine, version: run.engine.version ?? engineVersion)
        if hardware != nil || gpus != nil {
            let given = Hardware(description: hardware, count: gpus)
            run.hardware = Hardware(
                name: run.hardware.name ?? given.name, count: run.hardware.count ?? given.count,
                memoryGB: run.hardware.memoryGB ?? given.memoryGB, variant: run.hardware.variant ?? given.variant)
        }
        run.labels.merge(labels) { _, user in user }
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
