import ArgumentParser
import CaliperCore
import CaliperImporters
import CaliperRunners
import Foundation

/// The options every `caliper run TOOL` takes besides the tool's own.
struct ToolRunOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @OptionGroup var annotation: AnnotationOptions

    @Flag(help: "Do not ask the server, nvidia-smi or git about the environment.")
    var noProbe = false

    @Option(name: .customLong("policy"), help: ArgumentHelp(
        "The gate policy whose validity rules judge each stored run (default: ./caliper.yaml, else built-in).",
        valueName: "file"))
    var policyFile: String?
}

/// What `caliper run` does for every tool: run it with its output live, probe the server and
/// GPUs meanwhile, then store every result it created or rewrote, as `caliper ingest` would.
struct ToolRun {
    /// The tool's name in messages (`evalscope`, `vllm`).
    var toolName: String
    var executable: String
    var arguments: [String]
    /// Whether this invocation writes results (not `--help`, not `--version`).
    var writesResults: Bool
    /// The folder the tool writes its results into, as given (`outputs`, `.`).
    var outputPath: String?
    /// Whether results are written in folders below ``outputPath``.
    var outputIsRecursive: Bool
    var probeTarget: ProbeTarget?

    /// Runs the tool and stores its results. Throws the tool's own exit code when it failed (what
    /// it wrote is still stored), else exit 2 when it wrote no result or one could not be stored.
    func run(_ options: ToolRunOptions) async throws {
        let (store, annotation, noProbe) = (options.store, options.annotation, options.noProbe)
        let given = try annotation.annotations()
        // Opened first: a store that cannot be opened should fail before an hour of benchmark, not after.
        let database = writesResults ? try store.openForWriting() : nil
        let policy = try PolicyFile.load(options.policyFile)
        let outputs = outputPath.map { URL(fileURLWithPath: $0) }
        let before = outputs.map { DirectorySnapshot(of: $0, recursive: outputIsRecursive) }
        // Probed while the tool starts (Python takes seconds to import), so it costs no time and is
        // over before the first benchmark request.
        let prober = EnvironmentProber(caliperVersion: CaliperVersion.current)
        let target = probeTarget
        let probing: Task<RunEnvironment, Never>? = writesResults ? Task { [noProbe, hardware = annotation.hardware] in
            noProbe ? prober.unprobed() : await prober.probe(server: target, gpus: hardware == nil)
        } : nil

        // The probes are awaited on every path: exiting while one still spawns a program would cut
        // swift-subprocess's worker thread short. They end within seconds, usually milliseconds.
        let outcome: ToolExit
        do {
            outcome = try await ToolProcess.run(executable, arguments: arguments, tool: toolName)
        } catch {
            _ = await probing?.value
            throw CommandFailure(message: "\(executable) could not be started: \(error)")
        }
        let probed = await probing?.value
        let failure = outcome.succeeded ? nil : CommandFailure(message: outcome.description, exitCode: outcome.code)

        guard let database, let outputs, let before, let outputPath, let environment = probed else {
            if let failure { throw failure }
            return
        }
        let changed = DirectorySnapshot(of: outputs, recursive: outputIsRecursive).changedFiles(since: before)
        let results = Self.results(changed: changed, under: outputs, shownAs: outputPath)
        guard !results.isEmpty else {
            throw failure ?? CommandFailure(message: "\(toolName) wrote no new result under \(outputPath)")
        }

        for note in environment.notes { Console.error("not recorded: \(note)") }
        // The user's flags win over the files; the probes only fill what the files leave unknown.
        let report = Ingestion(store: database, annotations: given, policy: policy, probed: environment.annotations(over: given))
            .ingest(results, recursive: false, progress: Ingestion.show)
        // The tool's failure is the cause of anything that went wrong after it, so its code wins.
        if let failure { throw failure }
        if !report.failed.isEmpty { throw ExitCode(2) }
    }

    /// The results under `outputs` that hold or are a changed file (paths relative to `outputs`),
    /// as paths below `shown`. A changed file that is a result on its own (a `vllm bench serve`
    /// JSON) is taken alone, so that older results beside it stay out.
    static func results(changed: [String], under outputs: URL, shownAs shown: String) -> [String] {
        guard !changed.isEmpty else { return [] }
        func path(_ below: String) -> String {
            below.isEmpty ? shown : (shown.hasSuffix("/") ? shown : shown + "/") + below
        }
        let files = changed.filter { !Importers.importers(for: outputs.appending(path: $0)).isEmpty }
        let rest = changed.filter { !files.contains($0) }
        let root = outputs.resolvingSymlinksInPath().path
        var seen = Set(files)
        let folders = ResultDiscovery.find(in: outputs, recursive: true).compactMap { found -> String? in
            guard case .result(let url, _) = found else { return nil }
            let below = String(url.resolvingSymlinksInPath().path.dropFirst(root.count).drop { $0 == "/" })
            guard rest.contains(where: { below.isEmpty || $0.hasPrefix(below + "/") }) else { return nil }
            // A folder two importers recognize is ingested once: ingest asks every importer.
            return seen.insert(below).inserted ? below : nil
        }
        return (files + folders).map(path)
    }
}
