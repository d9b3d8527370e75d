import CaliperCore
import CaliperRunners
import Testing

/// The pure half of environment capture: what vLLM, nvidia-smi and git print, read into values.
struct EnvironmentParserTests {
    // MARK: vLLM /version

    @Test func readsVLLMVersion() {
        #expect(ServerVersion.parse(Array(#"{"version":"0.10.1+gptoss"}"#.utf8)) == "0.10.1+gptoss")
        #expect(ServerVersion.parse(Array(#"{"version": " 0.11.0 "}"#.utf8)) == "0.11.0")
    }

    @Test(arguments: [
        #"{"detail":"Not Found"}"#, #"{"version":""}"#, #"{"version":11}"#, "Not Found", "", #"["0.10.1"]"#,
        "<html><body>502 Bad Gateway</body></html>",
    ])
    func versionGarbageIsNil(_ body: String) {
        #expect(ServerVersion.parse(Array(body.utf8)) == nil)
    }

    // MARK: vLLM /v1/models

    /// As vLLM 0.10 answers, permission block included.
    static let vllmModels = #"""
        {"object":"list","data":[{"id":"gpt-oss-20b","object":"model","created":1764010544,"owned_by":"vllm",\#
        "root":"/models/openai/gpt-oss-20b","parent":null,"max_model_len":131072,"permission":[{"id":\#
        "modelperm-6a1b2f0c9d8e4f71a2b3c4d5e6f70812","object":"model_permission","created":1764010544,\#
        "allow_create_engine":false,"allow_sampling":true,"allow_logprobs":true,"allow_search_indices":false,\#
        "allow_view":true,"allow_fine_tuning":false,"organization":"*","group":null,"is_blocking":false}]}]}
        """#

    @Test func readsServedModel() {
        let model = ServedModel.parse(Array(Self.vllmModels.utf8))
        #expect(model == ServedModel(id: "gpt-oss-20b", maxModelLength: 131072, root: "/models/openai/gpt-oss-20b"))
    }

    /// With a LoRA adapter the list has two entries; the benchmark's model picks one.
    @Test func picksTheBenchmarkedModelAmongAdapters() {
        let body = #"""
            {"object":"list","data":[\#
            {"id":"Qwen3-8B","object":"model","owned_by":"vllm","root":"Qwen/Qwen3-8B","parent":null,"max_model_len":40960},\#
            {"id":"sql-lora","object":"model","owned_by":"vllm","root":"/adapters/sql-lora","parent":"Qwen3-8B"}]}
            """#
        #expect(ServedModel.parse(Array(body.utf8))?.id == "Qwen3-8B")
        #expect(ServedModel.parse(Array(body.utf8), preferring: "sql-lora")
            == ServedModel(id: "sql-lora", maxModelLength: nil, root: "/adapters/sql-lora"))
        #expect(ServedModel.parse(Array(body.utf8), preferring: "not-served")?.id == "Qwen3-8B")
    }

    /// Another OpenAI-compatible server: no vLLM fields, still a name.
    @Test func readsAModelListWithoutVLLMFields() {
        let body = #"{"object":"list","data":[{"id":"llama3","object":"model","created":1,"owned_by":"library"}]}"#
        #expect(ServedModel.parse(Array(body.utf8)) == ServedModel(id: "llama3"))
    }

    @Test(arguments: [
        #"{"object":"list","data":[]}"#, #"{"data":[{"object":"model"}]}"#, #"{"detail":"Unauthorized"}"#,
        #"{"data":"gpt-oss-20b"}"#, "Internal Server Error", "",
    ])
    func modelListGarbageIsNil(_ body: String) {
        #expect(ServedModel.parse(Array(body.utf8)) == nil)
    }

    // MARK: nvidia-smi

    static let header = "name, memory.total [MiB], driver_version\n"

    @Test func readsOneGPU() throws {
        let gpus = try #require(GPUInventory.parse(Self.header + "NVIDIA H20, 97871 MiB, 550.127.05\n"))
        #expect(gpus.models == [GPUInventory.Model(name: "NVIDIA H20", count: 1, memoryMiB: 97871)])
        #expect(gpus.count == 1)
        #expect(gpus.driver == "550.127.05")
        #expect(gpus.listing == "1 x NVIDIA H20 (97871 MiB)")
        // The driver keeps 0.4 GiB back; the store keys the size it is sold as.
        #expect(gpus.hardwareDescription == "NVIDIA H20 96GB")
        #expect(gpus.hardware == Hardware(name: "H20", count: 1, memoryGB: 96))
    }

    @Test func readsEightGPUsAsOneModel() throws {
        let csv = Self.header + String(repeating: "NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15\n", count: 8)
        let gpus = try #require(GPUInventory.parse(csv))
        #expect(gpus.count == 8)
        #expect(gpus.listing == "8 x NVIDIA H100 80GB HBM3 (81559 MiB)")
        // The name says its size; it is not said twice.
        #expect(gpus.hardwareDescription == "NVIDIA H100 80GB HBM3")
        // The same as a user typing it: `--hardware "NVIDIA H100 80GB HBM3" --gpus 8`.
        #expect(gpus.hardware == Hardware(description: "NVIDIA H100 80GB HBM3", count: 8))
        #expect(gpus.hardware == Hardware(name: "H100", count: 8, memoryGB: 80, variant: "HBM3"))
        // ... and as `--hardware 8xH100`, but for the variant, which is shown and never blocks.
        #expect(gpus.hardware?.identity == Hardware(description: "8xH100").identity)
    }

    /// A name without its size (`NVIDIA H200`, `NVIDIA H100 NVL`) takes the probed one, not the catalog's.
    @Test func probedMemoryWinsOverTheCatalog() throws {
        let gpus = try #require(GPUInventory.parse(Self.header + "NVIDIA H100 NVL, 95830 MiB, 550.54.15\n"))
        #expect(gpus.hardwareDescription == "NVIDIA H100 NVL 94GB")
        #expect(gpus.hardware == Hardware(name: "H100", count: 1, memoryGB: 94, variant: "NVL"))
    }

    @Test func listsMixedModelsAndNamesNoHardware() throws {
        let csv = Self.header + """
            NVIDIA A100-SXM4-80GB, 81920 MiB, 535.161.08
            NVIDIA A100-SXM4-80GB, 81920 MiB, 535.161.08
            NVIDIA GeForce RTX 4090, 24564 MiB, 535.161.08
            NVIDIA A100-SXM4-80GB, 81920 MiB, 535.161.08
            """
        let gpus = try #require(GPUInventory.parse(csv))
        #expect(gpus.models == [
            GPUInventory.Model(name: "NVIDIA A100-SXM4-80GB", count: 3, memoryMiB: 81920),
            GPUInventory.Model(name: "NVIDIA GeForce RTX 4090", count: 1, memoryMiB: 24564),
        ])
        #expect(gpus.count == 4)
        #expect(gpus.listing == "3 x NVIDIA A100-SXM4-80GB (81920 MiB), 1 x NVIDIA GeForce RTX 4090 (24564 MiB)")
        #expect(gpus.hardwareDescription == nil)
        #expect(gpus.hardware == nil)
        #expect(gpus.driver == "535.161.08")
    }

    /// `--format=csv,noheader,nounits` and `[N/A]` fields are read too.
    @Test func readsWithoutHeaderOrUnits() throws {
        let gpus = try #require(GPUInventory.parse("Tesla T4, 15360, 470.82.01\nTesla T4, [N/A], [N/A]\n"))
        #expect(gpus.models == [
            GPUInventory.Model(name: "Tesla T4", count: 1, memoryMiB: 15360),
            GPUInventory.Model(name: "Tesla T4", count: 1, memoryMiB: nil),
        ])
        #expect(gpus.driver == "470.82.01")
    }

    @Test(arguments: [
        "", Self.header,
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
        "No devices were found\n", "a, b, c\n", "<html>500</html>",
    ])
    func nvidiaSMIGarbageIsNil(_ csv: String) {
        #expect(GPUInventory.parse(csv) == nil)
    }

    /// What the driver reports against what the card is sold as.
    @Test(arguments: [
        (97871, 96.0), (81559, 80), (46068, 48), (23034, 24), (24564, 24), (15360, 16), (143771, 141), (95830, 94),
        (183359, 180), (40960, 40), (32768, 32), (600_000, 586),
    ])
    func marketedSizes(mebibytes: Int, gigabytes: Double) {
        #expect(GPUInventory.marketedGigabytes(mebibytes: mebibytes) == gigabytes)
    }

    // MARK: git

    @Test func readsGitState() {
        let commit = "3f2a9c1e5b7d9f0a1c3e5b7d9f0a1c3e5b7d9f0a"
        #expect(GitState.parse(revParse: commit + "\n", status: "") == GitState(commit: commit, dirty: false))
        #expect(GitState.parse(revParse: commit.uppercased(), status: " M Sources/a.swift\n") == GitState(commit: commit, dirty: true))
        #expect(GitState.parse(revParse: commit, status: nil) == GitState(commit: commit, dirty: nil))
    }

    @Test(arguments: ["", "fatal: not a git repository (or any of the parent directories): .git", "HEAD", "3f2a9c1"])
    func gitGarbageIsNil(_ output: String) {
        #expect(GitState.parse(revParse: output, status: "") == nil)
    }

    // MARK: Probe target

    @Test(arguments: [
        ("http://127.0.0.1:8801/v1/completions", "http://127.0.0.1:8801", "127.0.0.1"),
        ("http://localhost:8000/v1/chat/completions", "http://localhost:8000", "localhost"),
        ("http://10.0.0.5:8000/v1", "http://10.0.0.5:8000", "10.0.0.5"),
        ("https://GW.example.com/llm/v1/chat/completions?x=1", "https://GW.example.com/llm", "gw.example.com"),
        ("http://[::1]:8000/v1/completions", "http://[::1]:8000", "::1"),
        ("http://user:secret@host:9000/generate", "http://user:secret@host:9000", "host"),
        ("http://host:8000", "http://host:8000", "host"),
    ])
    func derivesTheBaseURL(url: String, base: String, host: String) throws {
        let target = try #require(ProbeTarget(benchmarkURL: url))
        #expect(target.baseURL == base)
        #expect(target.host == host)
    }

    @Test(arguments: ["", "127.0.0.1:8000/v1", "ftp://host/v1", "http:///v1/completions", "http://[::1/v1"])
    func rejectsWhatIsNotAnHTTPURL(_ url: String) {
        #expect(ProbeTarget(benchmarkURL: url) == nil)
    }

    @Test func tellsLocalServersFromRemoteOnes() throws {
        func local(_ url: String, hostName: String? = "bench-01.lab.example") throws -> Bool {
            try #require(ProbeTarget(benchmarkURL: url)).isLocal(hostName: hostName)
        }
        #expect(try local("http://127.0.0.1:8000/v1"))
        #expect(try local("http://127.3.4.5:8000/v1"))
        #expect(try local("http://localhost:8000/v1"))
        #expect(try local("http://[::1]:8000/v1"))
        #expect(try local("http://0.0.0.0:8000/v1"))
        #expect(try local("http://bench-01:8000/v1"))
        #expect(try local("http://BENCH-01.lab.example:8000/v1"))
        #expect(try !local("http://10.0.0.5:8000/v1"))
        #expect(try !local("http://gpu-02:8000/v1"))
        #expect(try !local("http://bench-01:8000/v1", hostName: nil))
    }
}
