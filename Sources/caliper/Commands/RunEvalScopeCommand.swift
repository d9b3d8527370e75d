import ArgumentParser
import CaliperCore
import CaliperImporters
import CaliperRunners
import Foundation

/// `caliper run evalscope -- perf …`: EvalScope with its output passed through live, then its new
/// result folders ingested as `caliper ingest` would, with the environment captured.
struct RunEvalScopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalscope",
        abstract: "Run EvalScope, then store the results it wrote, with the server, GPUs and checkout.",
        usage: "caliper run evalscope [<options>] -- (perf|eval) <evalscope-arguments>...",
        discussion: """
            Runs `evalscope ARGS` (the first on PATH, or --evalscope), its output shown as it comes. \
            Then every result folder it created or rewrote under --outputs-dir (perf) or --work-dir \
            (eval), default ./outputs, is stored in one transaction each, as `caliper ingest` stores it.

            While EvalScope runs, the server named by --url (perf) or --api-url (eval) is asked for \
            GET /version and GET /v1/models, and when it runs on this machine, nvidia-smi for its GPUs. \
            No probe can fail the run: what it cannot learn is left unknown, with a note in \
            env.probe_notes. The engine becomes vllm with the /version version, and the hardware the \
            local GPU model and count, unless --engine, --engine-version, --hardware or --gpus say \
            otherwise. These labels are stored: env.host, env.caliper_version, env.git_commit, \
            env.git_dirty, env.served_model, env.max_model_len, env.model_root, env.gpu_list, \
            env.gpu_driver, env.probe_notes; a --label of the same name wins. --no-probe asks \
            nothing and records only env.host and env.caliper_version.

            Example:
              caliper run evalscope --label branch=main -- perf --url http://127.0.0.1:8801/v1/completions \\
                  --model gpt-oss-20b --parallel 1 10 --number 5 20 --api openai --dataset random

            Exit code: EvalScope's own when it fails (what it wrote is still stored); 2 when \
            evalscope is not installed, wrote no result, or a result could not be stored; else 0.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The evalscope executable (default: the first on PATH).", valueName: "path"))
    var evalscope: String?

    @OptionGroup var annotation: AnnotationOptions

    @Flag(help: "Do not ask the server, nvidia-smi or git about the environment.")
    var noProbe = false

    @Option(name: .customLong("policy"), help: ArgumentHelp(
        "The gate policy whose validity rules judge each stored run (default: ./caliper.yaml, else built-in).",
        valueName: "file"))
    var policyFile: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("EvalScope's arguments, after --.", valueName: "evalscope-arguments"))
    var arguments: [String] = []

    func run() async throws {
        let given = try annotation.annotations()
        guard !arguments.isEmpty else {
            throw CommandFailure(message: "give EvalScope's arguments after --: caliper run evalscope -- perf --url … --model …")
        }
        guard let executable = EvalScopeProcess.locate(given: evalscope) else {
            throw CommandFailure(message: evalscope.map { "\($0): not an executable file" }
                ?? "evalscope is not installed (pip install 'evalscope[perf]')")
        }
        let invocation = EvalScopeInvocation(arguments: arguments)
        let stores = invocation.subcommand != nil && !invocation.asksForHelp
        // Opened first: a store that cannot be opened should fail before an hour of benchmark, not after.
        let database = stores ? try store.openForWriting() : nil
        let policy = try PolicyFile.load(policyFile)
        let outputs = invocation.outputDirectory.map { URL(fileURLWithPath: $0) }
        let before = outputs.map { DirectorySnapshot(of: $0) }
        // Probed while EvalScope starts (Python takes seconds to import), so it costs no time and
        // is over before the first benchmark request.
        let prober = EnvironmentProber(caliperVersion: CaliperVersion.current)
        let target = invocation.probeTarget
        let probing: Task<RunEnvironment, Never>? = stores ? Task { [noProbe, hardware = annotation.hardware] in
            noProbe ? prober.unprobed() : await prober.probe(server: target, gpus: hardware == nil)
        } : nil

        // The probes are awaited on every path: exiting while one still spawns a program would cut
        // swift-subprocess's worker thread short. They end within seconds, usually milliseconds.
        let outcome: EvalScopeExit
        do {
            outcome = try await EvalScopeProcess.run(executable, arguments: arguments)
        } catch {
            _ = await probing?.value
            throw CommandFailure(message: "\(executable) could not be started: \(error)")
        }
        let probed = await probing?.value
        let failure = outcome.succeeded ? nil : CommandFailure(message: outcome.description, exitCode: outcome.code)

        guard let database, let outputs, let before, let environment = probed else {
            if let failure { throw failure }
            return
        }
        let shownOutputs = invocation.outputDirectory ?? "outputs"
        let folders = Self.resultFolders(
            changed: DirectorySnapshot(of: outputs).changedFiles(since: before), under: outputs, shownAs: shownOutputs)
        guard !folders.isEmpty else {
            throw failure ?? CommandFailure(message: "evalscope wrote no new result under \(shownOutputs)")
        }

        for note in environment.notes { Console.error("not recorded: \(note)") }
        let annotations = environment.annotations(over: given)
        let report = Ingestion(store: database, annotations: annotations, policy: policy).ingest(folders, recursive: false, progress: Ingestion.show)
        // EvalScope's failure is the cause of anything that went wrong after it, so its code wins.
        if let failure { throw failure }
        if !report.failed.isEmpty { throw ExitCode(2) }
    }

    /// The result folders under `outputs` that hold a changed file (paths relative to `outputs`), as
    /// paths below `shown`.
    private static func resultFolders(changed: [String], under outputs: URL, shownAs shown: String) -> [String] {
        guard !changed.isEmpty else { return [] }
        let root = outputs.resolvingSymlinksInPath().path
        return ResultDiscovery.find(in: outputs, recursive: true).compactMap { found -> String? in
            guard case .result(let url, _) = found else { return nil }
            let below = String(url.resolvingSymlinksInPath().path.dropFirst(root.count).drop { $0 == "/" })
            guard changed.contains(where: { below.isEmpty || $0.hasPrefix(below + "/") }) else { return nil }
            guard !below.isEmpty else { return shown }
            return (shown.hasSuffix("/") ? shown : shown + "/") + below
        }
    }
}
