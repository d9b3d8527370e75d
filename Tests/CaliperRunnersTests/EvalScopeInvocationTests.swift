import CaliperRunners
import Foundation
import Testing

/// Reading an `evalscope` command line, finding the executable, telling this run's files from older ones.
struct EvalScopeInvocationTests {
    @Test func readsAPerfCommandLine() {
        let invocation = EvalScopeInvocation(arguments: [
            "perf", "--parallel", "1", "4", "--number", "8", "16", "--model", "gpt-oss-20b",
            "--url", "http://127.0.0.1:18801/v1/completions", "--api", "openai", "--outputs-dir", "/data/perf",
        ])
        #expect(invocation.subcommand == .perf)
        #expect(invocation.outputDirectory == "/data/perf")
        #expect(invocation.serverURL == "http://127.0.0.1:18801/v1/completions")
        #expect(invocation.model == "gpt-oss-20b")
        #expect(invocation.probeTarget?.baseURL == "http://127.0.0.1:18801")
        #expect(invocation.probeTarget?.model == "gpt-oss-20b")
        #expect(!invocation.asksForHelp)
    }

    @Test func readsAnEvalCommandLineWithEqualsSigns() {
        let invocation = EvalScopeInvocation(arguments: [
            "eval", "--model=gpt-oss-20b", "--api-url=http://gpu-02:8000/v1", "--api-key", "sk-x",
            "--datasets", "gsm8k", "--work-dir=runs/eval", "--url", "http://ignored:1/v1",
        ])
        #expect(invocation.subcommand == .eval)
        #expect(invocation.outputDirectory == "runs/eval")
        #expect(invocation.serverURL == "http://gpu-02:8000/v1")
        #expect(invocation.probeTarget == ProbeTarget(benchmarkURL: "http://gpu-02:8000/v1", apiKey: "sk-x", model: "gpt-oss-20b"))
    }

    @Test func defaultsToOutputsAndNoServer() {
        let perf = EvalScopeInvocation(arguments: ["perf", "--api", "local_vllm", "--model", "Qwen/Qwen3-0.6B"])
        #expect(perf.outputDirectory == "outputs")
        #expect(perf.serverURL == nil)
        #expect(perf.probeTarget == nil)
        #expect(EvalScopeInvocation(arguments: ["eval", "--model", "m"]).outputDirectory == "outputs")
        // The last of a repeated flag counts, as with argparse.
        #expect(EvalScopeInvocation(arguments: ["perf", "--outputs-dir", "a", "--outputs-dir=b"]).outputDirectory == "b")
    }

    @Test func otherCommandsStoreNothing() {
        let version = EvalScopeInvocation(arguments: ["--version"])
        #expect(version.subcommand == nil)
        #expect(version.outputDirectory == nil)
        #expect(EvalScopeInvocation(arguments: ["app", "--outputs", "outputs"]).subcommand == nil)
        #expect(EvalScopeInvocation(arguments: ["perf", "--help"]).asksForHelp)
    }

    @Test func locatesTheFirstEvalScopeOnPath() {
        let executables: Set<String> = ["/opt/venv/bin/evalscope", "/usr/local/bin/evalscope", "/work/my-evalscope"]
        let isExecutable = { (path: String) in executables.contains(path) }
        #expect(ToolProcess.locate("evalscope", given: nil, path: "/usr/bin:relative:/opt/venv/bin/:/usr/local/bin", isExecutable: isExecutable)
            == "/opt/venv/bin/evalscope")
        #expect(ToolProcess.locate("evalscope", given: nil, path: "/usr/bin:/bin", isExecutable: isExecutable) == nil)
        #expect(ToolProcess.locate("evalscope", given: nil, path: nil, isExecutable: isExecutable) == nil)
        #expect(ToolProcess.locate("evalscope", given: "/work/./my-evalscope", path: nil, isExecutable: isExecutable) == "/work/my-evalscope")
        #expect(ToolProcess.locate("evalscope", given: "/work/missing", path: "/opt/venv/bin", isExecutable: isExecutable) == nil)
    }

    @Test func exitsAsAShellReportsThem() {
        #expect(ToolExit(tool: "evalscope", code: 0).succeeded)
        #expect(ToolExit(tool: "evalscope", code: 3).description == "evalscope exited with status 3")
        #expect(!ToolExit(tool: "evalscope", signal: 2).succeeded)
        #expect(ToolExit(tool: "evalscope", signal: 2).code == 130)
        #expect(ToolExit(tool: "evalscope", signal: 2).description == "evalscope was ended by signal 2")
    }

    @Test func snapshotsTellNewAndRewrittenFilesFromOldOnes() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "caliper-snapshot-\(UUID().uuidString)")
        #expect(DirectorySnapshot(of: root).files.isEmpty)
        let old = root.appending(path: "20250101_000000/model/summary.json")
        let rewritten = root.appending(path: "20250101_000000/model/other.json")
        try FileManager.default.createDirectory(at: old.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: old)
        try Data("1".utf8).write(to: rewritten)
        let before = DirectorySnapshot(of: root)
        #expect(before.files.count == 2)

        let new = root.appending(path: "20260101_000000/model/summary.json")
        try FileManager.default.createDirectory(at: new.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("new".utf8).write(to: new)
        try Data("12".utf8).write(to: rewritten)
        let changed = DirectorySnapshot(of: root).changedFiles(since: before)
        #expect(changed == ["20250101_000000/model/other.json", "20260101_000000/model/summary.json"])
    }
}
