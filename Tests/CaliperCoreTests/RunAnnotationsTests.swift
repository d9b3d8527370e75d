import CaliperCore
import Testing

/// The user's flags win over what the files say; probes only fill what the files left unknown.
struct RunAnnotationsTests {
    /// A run whose files named their server and GPUs, as SGLang's `server_info` or AIPerf's telemetry do.
    func described() -> Run {
        Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "sglang", version: "0.5.23"),
            hardware: Hardware(description: "NVIDIA H20", count: 8), source: SourceInfo(tool: "sglang-bench"), contentHash: "x")
    }

    @Test func theFlagsWinOverTheFiles() {
        var run = described()
        RunAnnotations(engine: "vllm", hardware: "A100 80GB", labels: ["branch": "main"]).apply(to: &run)
        // Another engine: the files' version was the other engine's, so it goes too.
        #expect(run.engine == EngineIdentity(name: "vllm", version: nil))
        // The files' count stays unless the flags say one.
        #expect(run.hardware == Hardware(name: "A100", count: 8, memoryGB: 80))
        #expect(run.labels == ["branch": "main"])

        var counted = described()
        RunAnnotations(engineVersion: "0.5.24", gpus: 4).apply(to: &counted)
        #expect(counted.engine == EngineIdentity(name: "sglang", version: "0.5.24"))
        #expect(counted.hardware.count == 4)
        #expect(counted.hardware.name == "H20")
    }

    @Test func probesOnlyFillGaps() {
        var run = described()
        RunAnnotations(engine: "vllm", engineVersion: "0.10.1", hardware: "A100 80GB", gpus: 2, labels: ["env.host": "b"]).fill(&run)
        #expect(run.engine == EngineIdentity(name: "sglang", version: "0.5.23"))
        #expect(run.hardware == Hardware(description: "NVIDIA H20", count: 8))
        #expect(run.labels == ["env.host": "b"])

        var bare = Run(kind: .perf, model: ModelIdentity(name: "m"), source: SourceInfo(tool: "vllm-bench"), contentHash: "y")
        RunAnnotations(engine: "vllm", engineVersion: "0.10.1", hardware: "NVIDIA H20 96GB", gpus: 1).fill(&bare)
        #expect(bare.engine == EngineIdentity(name: "vllm", version: "0.10.1"))
        #expect(bare.hardware == Hardware(name: "H20", count: 1, memoryGB: 96))
    }
}
