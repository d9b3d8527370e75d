import CaliperCore
import CaliperRunners
import Testing

/// How a probed environment lands on a run: gaps filled, the user's word final.
struct EnvironmentAnnotationsTests {
    static let commit = "3f2a9c1e5b7d9f0a1c3e5b7d9f0a1c3e5b7d9f0a"
    static let h20 = GPUInventory(models: [GPUInventory.Model(name: "NVIDIA H20", count: 2, memoryMiB: 97871)], driver: "550.127.05")

    static let probed = RunEnvironment(
        serverVersion: "0.10.1+gptoss",
        servedModel: ServedModel(id: "gpt-oss-20b", maxModelLength: 131072, root: "openai/gpt-oss-20b"),
        gpus: h20, host: "bench-01", caliperVersion: "0.1.0", git: GitState(commit: commit, dirty: true),
        notes: [])

    @Test func everyProbeBecomesAnEnvLabel() {
        #expect(Self.probed.labels == [
            "env.host": "bench-01",
            "env.caliper_version": "0.1.0",
            "env.git_commit": Self.commit,
            "env.git_dirty": "true",
            "env.served_model": "gpt-oss-20b",
            "env.max_model_len": "131072",
            "env.model_root": "openai/gpt-oss-20b",
            "env.gpu_list": "2 x NVIDIA H20 (97871 MiB)",
            "env.gpu_driver": "550.127.05",
        ])
        #expect(Set(Self.probed.labels.keys).isSubset(of: Set(EnvironmentLabel.allCases.map(\.rawValue))))
    }

    @Test func fillsEngineAndHardwareWhenTheUserGaveNone() {
        let annotations = Self.probed.annotations(over: RunAnnotations(labels: ["branch": "main"]))
        #expect(annotations.engine == "vllm")
        #expect(annotations.engineVersion == "0.10.1+gptoss")
        #expect(annotations.hardware == "NVIDIA H20 96GB")
        #expect(annotations.gpus == 2)
        #expect(annotations.labels["branch"] == "main")
        #expect(annotations.labels["env.served_model"] == "gpt-oss-20b")

        var run = Run(kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"), source: SourceInfo(tool: "evalscope"), contentHash: "x")
        annotations.apply(to: &run)
        #expect(run.engine == EngineIdentity(name: "vllm", version: "0.10.1+gptoss"))
        #expect(run.hardware == Hardware(name: "H20", count: 2, memoryGB: 96))
    }

    @Test func theUserWinsOverEveryProbe() {
        let user = RunAnnotations(
            engine: "vllm", engineVersion: "0.10.1+local", hardware: "H20-96GB*1", gpus: nil,
            labels: ["env.host": "renamed", "branch": "main"])
        let annotations = Self.probed.annotations(over: user)
        #expect(annotations.engine == "vllm")
        #expect(annotations.engineVersion == "0.10.1+local")
        #expect(annotations.hardware == "H20-96GB*1")
        #expect(annotations.gpus == nil)
        #expect(annotations.labels["env.host"] == "renamed")
        #expect(annotations.labels["env.git_commit"] == Self.commit)
    }

    /// `--gpus` says how many of the machine's GPUs serve the model; the model still comes from nvidia-smi.
    @Test func gpusCountFromTheUserModelFromTheProbe() {
        let annotations = Self.probed.annotations(over: RunAnnotations(gpus: 1))
        #expect(annotations.hardware == "NVIDIA H20 96GB")
        #expect(annotations.gpus == 1)
    }

    /// /version describes vLLM; a user who says the engine is another one keeps their word and no version.
    @Test func anotherEngineGetsNoVLLMVersion() {
        let annotations = Self.probed.annotations(over: RunAnnotations(engine: "sglang"))
        #expect(annotations.engine == "sglang")
        #expect(annotations.engineVersion == nil)
        #expect(Self.probed.annotations(over: RunAnnotations(engine: "vLLM")).engineVersion == "0.10.1+gptoss")
    }

    @Test func unknownStaysUnknownWithItsReason() {
        let environment = RunEnvironment(
            host: "bench-01", caliperVersion: "0.1.0",
            notes: ["server http://127.0.0.1:8801: cannot connect", "nvidia-smi: not found"])
        let annotations = environment.annotations(over: RunAnnotations())
        #expect(annotations.engine == nil)
        #expect(annotations.engineVersion == nil)
        #expect(annotations.hardware == nil)
        #expect(annotations.gpus == nil)
        #expect(annotations.labels == [
            "env.host": "bench-01", "env.caliper_version": "0.1.0",
            "env.probe_notes": "server http://127.0.0.1:8801: cannot connect; nvidia-smi: not found",
        ])
    }

    /// Mixed GPUs name no single hardware: listed, not keyed.
    @Test func mixedGPUsAreListedNotKeyed() {
        var environment = Self.probed
        environment.gpus = GPUInventory(models: [
            GPUInventory.Model(name: "NVIDIA A100-SXM4-80GB", count: 1, memoryMiB: 81920),
            GPUInventory.Model(name: "NVIDIA H100 80GB HBM3", count: 1, memoryMiB: 81559),
        ], driver: nil)
        let annotations = environment.annotations(over: RunAnnotations())
        #expect(annotations.hardware == nil)
        #expect(annotations.gpus == nil)
        #expect(annotations.labels["env.gpu_list"] == "1 x NVIDIA A100-SXM4-80GB (81920 MiB), 1 x NVIDIA H100 80GB HBM3 (81559 MiB)")
        #expect(annotations.labels["env.gpu_driver"] == nil)
    }
}
