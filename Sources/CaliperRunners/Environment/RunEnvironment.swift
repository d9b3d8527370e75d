import CaliperCore

/// What Caliper learned about where a benchmark ran: the server, its GPUs, the client machine,
/// Caliper itself and the checkout. Every field is nil when its probe found nothing, and
/// ``notes`` says why.
///
/// ```swift
/// let environment = await EnvironmentProber(caliperVersion: "0.1.0").probe(server: target)
/// let annotations = environment.annotations(over: RunAnnotations(engine: nil, labels: ["branch": "main"]))
/// // engine "vllm" and its version from /version, hardware from nvidia-smi, env.* labels
/// ```
public struct RunEnvironment: Sendable, Equatable {
    /// The server's `GET /version`.
    public var serverVersion: String?
    /// The server's `GET /v1/models` entry for the benchmark's model.
    public var servedModel: ServedModel?
    /// The serving machine's GPUs; probed only when that machine is this one.
    public var gpus: GPUInventory?
    /// The machine that ran the benchmark client.
    public var host: String?
    public var caliperVersion: String?
    /// The git checkout of the current directory.
    public var git: GitState?
    /// One short line per probe that found nothing: `GET http://127.0.0.1:8801/version: HTTP 404`.
    public var notes: [String]

    public init(
        serverVersion: String? = nil, servedModel: ServedModel? = nil, gpus: GPUInventory? = nil, host: String? = nil,
        caliperVersion: String? = nil, git: GitState? = nil, notes: [String] = []
    ) {
        self.serverVersion = serverVersion
        self.servedModel = servedModel
        self.gpus = gpus
        self.host = host
        self.caliperVersion = caliperVersion
        self.git = git
        self.notes = notes
    }

    /// The ``EnvironmentLabel``s this environment fills.
    public var labels: [String: String] {
        var labels: [EnvironmentLabel: String] = [:]
        labels[.host] = host
        labels[.caliperVersion] = caliperVersion
        labels[.gitCommit] = git?.commit
        labels[.gitDirty] = git?.dirty.map { $0 ? "true" : "false" }
        labels[.servedModel] = servedModel?.id
        labels[.maxModelLength] = servedModel?.maxModelLength.map(String.init)
        labels[.modelRoot] = servedModel?.root
        labels[.gpuList] = gpus?.listing
        labels[.gpuDriver] = gpus?.driver
        labels[.probeNotes] = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return Dictionary(uniqueKeysWithValues: labels.map { ($0.key.rawValue, $0.value) })
    }

    /// The user's annotations with the gaps filled from this environment. What the user gave
    /// always wins: the engine, its version, the hardware and every label.
    ///
    /// - The engine is `vllm` when `/version` answered and the user named none; its version
    ///   comes from `/version` unless the user gave one or named another engine.
    /// - The hardware is the serving machine's GPU model and count when the user gave no
    ///   `--hardware` and the machine has one model only; `--gpus` still sets the count.
    /// - Everything else becomes ``EnvironmentLabel``s.
    public func annotations(over user: RunAnnotations) -> RunAnnotations {
        var result = user
        if let serverVersion {
            let engine = EngineIdentity(name: user.engine ?? "vllm").name
            if user.engine == nil { result.engine = "vllm" }
            if user.engineVersion == nil, engine == "vllm" { result.engineVersion = serverVersion }
        }
        if user.hardware == nil, let gpus, let description = gpus.hardwareDescription {
            result.hardware = description
            result.gpus = user.gpus ?? gpus.count
        }
        result.labels = labels.merging(user.labels) { _, user in user }
        return result
    }
}
