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

    @OptionGroup var options: ToolRunOptions

    @Option(help: ArgumentHelp("The evalscope executable (default: the first on PATH).", valueName: "path"))
    var evalscope: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("EvalScope's arguments, after --.", valueName: "evalscope-arguments"))
    var arguments: [String] = []

    func run() async throws {
        _ = try options.annotation.annotations()   // a bad --label is a usage error before anything runs
        guard !arguments.isEmpty else {
            throw CommandFailure(message: "give EvalScope's arguments after --: caliper run evalscope -- perf --url … --model …")
        }
        guard let executable = ToolProcess.locate("evalscope", given: evalscope) else {
            throw CommandFailure(message: evalscope.map { "\($0): not an executable file" }
                ?? "evalscope is not installed (pip install 'evalscope[perf]')")
        }
        let invocation = EvalScopeInvocation(arguments: arguments)
        let run = ToolRun(
            toolName: "evalscope", executable: executable, arguments: arguments,
            writesResults: invocation.subcommand != nil && !invocation.asksForHelp,
            outputPath: invocation.outputDirectory, outputIsRecursive: true, probeTarget: invocation.probeTarget)
        try await run.run(options)
    }
}
