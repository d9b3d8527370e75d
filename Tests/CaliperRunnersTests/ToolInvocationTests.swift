import CaliperRunners
import Testing

/// What each peer tool's command line says about its results and its server.
struct ToolInvocationTests {
    @Test func vllmBenchSavesWhatCaliperStores() {
        let run = ToolInvocation(tool: .vllmBench, arguments: [
            "--model", "gpt-oss-20b", "--base-url", "http://127.0.0.1:8000", "--endpoint", "/v1/chat/completions",
            "--result-dir", "out",
        ])
        #expect(run.executableName == "vllm")
        #expect(run.commandArguments == [
            "bench", "serve", "--model", "gpt-oss-20b", "--base-url", "http://127.0.0.1:8000", "--endpoint",
            "/v1/chat/completions", "--result-dir", "out", "--save-result", "--save-detailed",
        ])
        #expect(run.output == ToolInvocation.Output(path: "out", recursive: false))
        #expect(run.probeTarget?.baseURL == "http://127.0.0.1:8000")
        let given = ToolInvocation(tool: .vllmBench, arguments: ["--save-result", "--save-detailed", "--port=9000"])
        #expect(given.addedArguments.isEmpty)
        #expect(given.output?.path == ".")
        #expect(given.serverURL == "http://127.0.0.1:9000/v1/completions")
        #expect(ToolInvocation(tool: .vllmBench, arguments: ["--help"]).addedArguments.isEmpty)
    }

    @Test func sglangAIPerfGuideLLMAndLMEval() {
        let sglang = ToolInvocation(tool: .sglangBench, arguments: ["--port", "30001", "--output-file", "res/a.jsonl"])
        #expect(sglang.commandArguments.prefix(2) == ["-m", "sglang.bench_serving"])
        #expect(sglang.addedArguments == ["--output-details"])
        #expect(sglang.output == ToolInvocation.Output(path: "res", recursive: false))
        #expect(sglang.serverURL == "http://127.0.0.1:30001")

        let aiperf = ToolInvocation(tool: .aiperf, arguments: ["-m", "m", "--url", "gpu:8000"])
        #expect(aiperf.output == ToolInvocation.Output(path: "artifacts", recursive: true))
        #expect(aiperf.probeTarget?.baseURL == "http://gpu:8000")

        let guidellm = ToolInvocation(tool: .guidellm, arguments: ["--target", "http://h:8000", "--output-path", "r/b.json"])
        #expect(guidellm.output == ToolInvocation.Output(path: "r", recursive: false))
        #expect(ToolInvocation(tool: .guidellm, arguments: ["--output-path", "r"]).output?.path == "r")

        let lmEval = ToolInvocation(tool: .lmEval, arguments: [
            "run", "--model", "local-chat-completions",
            "--model_args", "model=sample-llm,base_url=http://127.0.0.1:18931/v1/chat/completions", "--output_path", "out",
        ])
        #expect(lmEval.model == "sample-llm")
        #expect(lmEval.probeTarget?.baseURL == "http://127.0.0.1:18931")
        #expect(lmEval.addedArguments == ["--log_samples"])
        #expect(lmEval.output == ToolInvocation.Output(path: "out", recursive: true))
        #expect(ToolInvocation(tool: .lmEval, arguments: ["--tasks", "gsm8k"]).output == nil)
    }
}
