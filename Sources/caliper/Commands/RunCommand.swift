import ArgumentParser

/// `caliper run TOOL -- ARGS`: runs a benchmark tool and stores what it wrote, with the
/// environment it ran in.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a benchmark tool, then store its results with the environment it ran in.",
        subcommands: [
            RunEvalScopeCommand.self, RunToolCommand<VLLMBenchTool>.self, RunToolCommand<SGLangBenchTool>.self,
            RunToolCommand<AIPerfTool>.self, RunToolCommand<GuideLLMTool>.self, RunToolCommand<LMEvalTool>.self,
        ])
}
