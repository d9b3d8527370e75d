import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds out where a benchmark runs: asks the server for `/version` and `/v1/models`, runs
/// `nvidia-smi` when the server is on this machine, and reads the host name and the git checkout
/// of the current directory. Every probe runs at once, each under a short time limit, and none
/// can fail the benchmark: what it cannot learn is nil in the result, with a note saying why.
///
/// ```swift
/// let prober = EnvironmentProber(caliperVersion: "0.1.0")
/// let target = ProbeTarget(benchmarkURL: "http://127.0.0.1:8801/v1/completions", model: "gpt-oss-20b")
/// let environment = await prober.probe(server: target)
/// environment.serverVersion   // "0.10.1", or nil and a note such as
/// environment.notes           // ["server http://127.0.0.1:8801: cannot connect"]
/// ```
public struct EnvironmentProber: Sendable {
    public var caliperVersion: String
    /// Seconds for each HTTP probe, connecting included.
    public var httpTimeout: Double
    /// Time limit of each program probe (`nvidia-smi`, `git`). nvidia-smi can take seconds to wake
    /// the driver when persistence mode is off; the probes run while EvalScope starts, so a
    /// generous limit costs nothing when all is well.
    public var commandTimeout: Duration
    /// The directory whose git checkout is recorded; nil for the current directory.
    public var gitDirectory: String?

    public init(
        caliperVersion: String, httpTimeout: Double = 2, commandTimeout: Duration = .seconds(10), gitDirectory: String? = nil
    ) {
        self.caliperVersion = caliperVersion
        self.httpTimeout = httpTimeout
        self.commandTimeout = commandTimeout
        self.gitDirectory = gitDirectory
    }

    /// Probes everything.
    ///
    /// - Parameters:
    ///   - server: the server the benchmark talks to; nil when it talks to none (the model runs
    ///     in the benchmark's own process), which also means its GPUs are this machine's.
    ///   - gpus: false when the user already said what the hardware is, so nvidia-smi is not asked.
    public func probe(server: ProbeTarget?, gpus: Bool = true) async -> RunEnvironment {
        let host = Self.hostName()
        let local = server?.isLocal(hostName: host) ?? true
        async let serverAnswers = probeServer(server)
        async let gpuAnswer: Result<GPUInventory, ProbeCommand.Failure>? = gpus && local ? probeGPUs() : nil
        async let gitAnswer = probeGit()

        var environment = RunEnvironment(host: host, caliperVersion: caliperVersion)
        let (version, model, serverNotes) = await serverAnswers
        environment.serverVersion = version
        environment.servedModel = model
        environment.notes += serverNotes
        switch await gpuAnswer {
        case .success(let inventory): environment.gpus = inventory
        case .failure(let failure): environment.notes.append(failure.reason)
        case nil:
            if gpus, let server, !local {
                environment.notes.append("GPUs: the server \(server.host) is another machine (give --hardware)")
            }
        }
        switch await gitAnswer {
        case .success(let state): environment.git = state
        case .failure(let failure): environment.notes.append(failure.reason)
        }
        return environment
    }

    /// Only what needs no probe: the host name and Caliper's version.
    public func unprobed() -> RunEnvironment {
        RunEnvironment(host: Self.hostName(), caliperVersion: caliperVersion)
    }

    // MARK: Probes

    private func probeServer(_ server: ProbeTarget?) async -> (String?, ServedModel?, [String]) {
        guard let server else { return (nil, nil, []) }
        let client: StreamingHTTPClient
        do {
            client = try StreamingHTTPClient()
        } catch {
            return (nil, nil, ["server: \(error)"])
        }
        defer { client.shutdown() }
        let headers = server.apiKey.map { ["Authorization: Bearer \($0)"] } ?? []
        async let versionExchange = client.send(HTTPRequest(url: server.versionURL, headers: headers, timeout: httpTimeout))
        async let modelsExchange = client.send(HTTPRequest(url: server.modelsURL, headers: headers, timeout: httpTimeout))
        let (versionAnswer, modelsAnswer) = (await versionExchange, await modelsExchange)
        // A server that cannot be reached is one note, not one per endpoint.
        if let error = versionAnswer.transportError, modelsAnswer.transportError != nil {
            return (nil, nil, ["server \(server.baseURL): \(Self.describe(transportError: error))"])
        }
        var notes: [String] = []
        let version = Self.read(versionAnswer, path: "/version", what: #"{"version": …}"#, notes: &notes) {
            ServerVersion.parse($0)
        }
        let model = Self.read(modelsAnswer, path: "/v1/models", what: "a model list", notes: &notes) {
            ServedModel.parse($0, preferring: server.model)
        }
        return (version, model, notes)
    }

    /// The parsed body of a 200 answer, or nil and a note.
    private static func read<Value>(
        _ exchange: HTTPExchange, path: String, what: String, notes: inout [String], parse: ([UInt8]) -> Value?
    ) -> Value? {
        if let transportError = exchange.transportError {
            notes.append("GET \(path): \(describe(transportError: transportError))")
            return nil
        }
        guard exchange.status == 200 else {
            notes.append("GET \(path): HTTP \(exchange.status.map(String.init) ?? "without status")")
            return nil
        }
        guard let value = parse(exchange.chunks.flatMap(\.bytes)) else {
            notes.append("GET \(path): the answer is not \(what)")
            return nil
        }
        return value
    }

    /// libcurl's message in a few words: the note is stored with every run.
    static func describe(transportError: String) -> String {
        let message = transportError.lowercased()
        if message.contains("couldn't connect") || message.contains("failed to connect") || message.contains("refused") {
            return "cannot connect"
        }
        if message.contains("timed out") || message.contains("timeout") { return "no answer in time" }
        if message.contains("resolve") { return "unknown host" }
        return transportError
    }

    private func probeGPUs() async -> Result<GPUInventory, ProbeCommand.Failure> {
        let arguments = ["--query-gpu=name,memory.total,driver_version", "--format=csv"]
        return await ProbeCommand.run("nvidia-smi", arguments, timeout: commandTimeout).flatMap { csv in
            GPUInventory.parse(csv).map { .success($0) } ?? .failure(ProbeCommand.Failure(reason: "nvidia-smi: no GPU listed"))
        }
    }

    private func probeGit() async -> Result<GitState, ProbeCommand.Failure> {
        // `-C` rather than a working directory: git resolves it, and says so when it does not exist.
        let directory = gitDirectory.map { ["-C", $0] } ?? []
        async let head = ProbeCommand.run("git", directory + ["rev-parse", "HEAD"], timeout: commandTimeout)
        // Untracked files do not count: benchmark outputs written into the checkout would make
        // every run look modified.
        async let status = ProbeCommand.run(
            "git", directory + ["status", "--porcelain", "--untracked-files=no"], timeout: commandTimeout)
        switch await head {
        case .failure(let failure):
            _ = await status
            return .failure(ProbeCommand.Failure(reason: Self.describe(gitFailure: failure.reason)))
        case .success(let output):
            guard let state = GitState.parse(revParse: output, status: try? await status.get()) else {
                return .failure(ProbeCommand.Failure(reason: "git: HEAD is not a commit"))
            }
            return .success(state)
        }
    }

    /// git's complaint in a few words, for the two usual cases.
    static func describe(gitFailure reason: String) -> String {
        if reason.contains("not a git repository") { return "git: not a repository" }
        if reason.contains("unknown revision") || reason.contains("ambiguous argument 'HEAD'") { return "git: no commit yet" }
        return reason
    }

    /// This machine's name as the kernel has it; no DNS lookup, which could stall.
    static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
