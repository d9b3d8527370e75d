import ArgumentParser
import CaliperRunners
import Foundation

/// A tool `caliper run` runs besides EvalScope: `vllm-bench`, `sglang-bench`, `aiperf`, `guidellm`, `lm-eval`.
protocol PeerTool {
    static var tool: ToolInvocation.Tool { get }
    /// What the tool's command does and where its results go, for `--help`.
    static var summary: String { get }
    static var example: String { get }
}

enum VLLMBenchTool: PeerTool {
    static let tool = ToolInvocation.Tool.vllmBench
    static let summary = """
        Runs `vllm bench serve ARGS`, adding --save-result and --save-detailed unless given (the \
        JSON, with one row per request). New result files in --result-dir (default .) are stored.
        """
    static let example = """
        caliper run vllm-bench --label branch=main -- --model gpt-oss-20b --base-url http://127.0.0.1:8000 \\
            --dataset-name random --random-input-len 1024 --random-output-len 1024 --max-concurrency 10 --num-prompts 200
        """
}

enum SGLangBenchTool: PeerTool {
    static let tool = ToolInvocation.Tool.sglangBench
    static let summary = """
        Runs `python3 -m sglang.bench_serving ARGS` (--executable picks another Python), adding \
        --output-details unless given. New lines in --output-file (default: SGLang's name in .) are stored.
        """
    static let example = """
        caliper run sglang-bench -- --backend sglang --base-url http://127.0.0.1:30000 --dataset-name random \\
            --random-input-len 1024 --random-output-len 1024 --max-concurrency 16 --output-file sglang.jsonl
        """
}

enum AIPerfTool: PeerTool {
    static let tool = ToolInvocation.Tool.aiperf
    static let summary = """
        Runs `aiperf profile ARGS`. New exports under --artifact-dir (default artifacts) are \
        stored, every --num-profile-runs run as a run of its own.
        """
    static let example = """
        caliper run aiperf -- --model gpt-oss-20b --url http://127.0.0.1:8000 --endpoint-type chat --streaming \\
            --concurrency 10 --request-count 200 --artifact-dir artifacts/c10
        """
}

enum GuideLLMTool: PeerTool {
    static let tool = ToolInvocation.Tool.guidellm
    static let summary = """
        Runs `guidellm benchmark ARGS`. The new benchmarks.json (--output-path, or in \
        --output-dir, default .) is stored, every benchmark of the sweep as a point.
        """
    static let example = """
        caliper run guidellm -- --target http://127.0.0.1:8000 --profile concurrent --rate 1,10,50 \\
            --max-requests 200 --data prompt_tokens=1024,output_tokens=1024 --output-path results/benchmarks.json
        """
}

enum LMEvalTool: PeerTool {
    static let tool = ToolInvocation.Tool.lmEval
    static let summary = """
        Runs `lm_eval ARGS`, adding --log_samples unless given (so that two runs pair question by \
        question). The new results_*.json under --output_path are stored, with their samples.
        """
    static let example = """
        caliper run lm-eval -- --model local-chat-completions --tasks gsm8k --apply_chat_template \\
            --model_args model=gpt-oss-20b,base_url=http://127.0.0.1:8000/v1/chat/completions \\
            --gen_kwargs reasoning_effort=low,temperature=0.6 --output_path out
        """
}

/// `caliper run TOOL -- ARGS` for a peer tool: as `caliper run evalscope`, with the tool's own
/// result files found and stored.
struct RunToolCommand<Tool: PeerTool>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Tool.tool.rawValue,
            abstract: "Run \(Tool.tool.rawValue), then store the results it wrote, with the server, GPUs and checkout.",
            usage: "caliper run \(Tool.tool.rawValue) [<options>] -- <tool-arguments>...",
            discussion: """
                \(Tool.summary) The tool's output is shown as it comes.

                While it runs, the server it measures is asked for GET /version and GET /v1/models, and \
                when it runs on this machine, nvidia-smi for its GPUs, as for `caliper run evalscope` \
                (see its --help for the env.* labels). What the result files say about the model, \
                engine, hardware and generation settings is kept; --engine, --hardware, --gpus and \
                --label win over it.

                Example:
                  \(Tool.example.replacingOccurrences(of: "\n", with: "\n  "))

                Exit code: the tool's own when it fails (what it wrote is still stored); 2 when the \
                tool is not installed, wrote no result, or a result could not be stored; else 0.
                """)
    }

    @OptionGroup var options: ToolRunOptions

    @Option(help: ArgumentHelp("The tool's executable (default: the first \(Tool.tool.executableName) on PATH).", valueName: "path"))
    var executable: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The tool's arguments, after --.", valueName: "tool-arguments"))
    var arguments: [String] = []

    func run() async throws {
        _ = try options.annotation.annotations()   // a bad --label is a usage error before anything runs
        let tool = Tool.tool
        guard !arguments.isEmpty else {
            throw CommandFailure(message: "give \(tool.rawValue)'s arguments after --: caliper run \(tool.rawValue) -- …")
        }
        guard let path = ToolProcess.locate(tool.executableName, given: executable) else {
            throw CommandFailure(message: executable.map { "\($0): not an executable file" }
                ?? "\(tool.executableName) is not installed (\(tool.installHint))")
        }
        let invocation = ToolInvocation(tool: tool, arguments: arguments)
        let output = invocation.output
        if output == nil, !invocation.asksForHelp {
            throw CommandFailure(message: "\(tool.rawValue) writes results only with --output_path: give one")
        }
        let run = ToolRun(
            toolName: (path as NSString).lastPathComponent, executable: path, arguments: invocation.commandArguments,
            writesResults: !invocation.asksForHelp, outputPath: output?.path,
            outputIsRecursive: output?.recursive ?? false, probeTarget: invocation.probeTarget)
        try await run.run(options)
    }
}
