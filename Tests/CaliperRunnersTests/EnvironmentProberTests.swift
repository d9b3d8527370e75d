import CaliperRunners
import Foundation
import Testing

/// The I/O half: real HTTP on loopback, real `git` and `nvidia-smi` (or their absence).
struct EnvironmentProberTests {
    static let models = #"{"object":"list","data":[{"id":"gpt-oss-20b","object":"model","owned_by":"vllm","root":"openai/gpt-oss-20b","max_model_len":131072}]}"#

    /// A folder that is no git checkout.
    func scratch() throws -> String {
        let url = FileManager.default.temporaryDirectory.appending(path: "caliper-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Time limits far above what the probes need, so that only the probes' own speed is measured.
    ///
    /// The whole suite runs synchronous tests that wait for processes on the few threads Swift
    /// concurrency has (two on a 2-core machine); a probe task can then wait seconds for a thread,
    /// and a tight limit would report a stall of the test runner as a slow probe.
    func prober(_ directory: String) -> EnvironmentProber {
        EnvironmentProber(caliperVersion: "0.1.0", httpTimeout: 30, commandTimeout: .seconds(60), gitDirectory: directory)
    }

    /// A refused connection is reported as such, not as the time limit running out.
    @Test func nothingAnswersAndNothingThrows() async throws {
        let port = try EnvironmentTestServer.closedPort()
        let target = try #require(ProbeTarget(benchmarkURL: "http://127.0.0.1:\(port)/v1/completions"))
        let environment = await prober(try scratch()).probe(server: target, gpus: false)
        #expect(!environment.notes.contains { $0.contains("no answer in time") }, "waited for the time limit")
        #expect(environment.serverVersion == nil)
        #expect(environment.servedModel == nil)
        #expect(environment.gpus == nil)
        #expect(environment.git == nil)
        #expect(environment.caliperVersion == "0.1.0")
        #expect(environment.host != nil)
        #expect(environment.notes.contains("server http://127.0.0.1:\(port): cannot connect"))
        #expect(environment.notes.contains { $0.hasPrefix("git: ") })
        #expect(environment.labels["env.probe_notes"]?.contains("cannot connect") == true)
    }

    @Test func readsAServerThatAnswers() async throws {
        let server = try EnvironmentTestServer(routes: [
            "/version": (200, #"{"version":"0.10.1+gptoss"}"#), "/v1/models": (200, Self.models),
        ])
        defer { server.stop() }
        let target = ProbeTarget(benchmarkURL: "http://127.0.0.1:\(server.port)/v1/chat/completions", model: "gpt-oss-20b")
        let environment = await prober(try scratch()).probe(server: target, gpus: false)
        #expect(environment.serverVersion == "0.10.1+gptoss")
        #expect(environment.servedModel == ServedModel(id: "gpt-oss-20b", maxModelLength: 131072, root: "openai/gpt-oss-20b"))
        #expect(!environment.notes.contains { $0.contains("/version") || $0.contains("models") || $0.hasPrefix("server") })
    }

    /// An OpenAI-compatible server that is not vLLM: no /version, still a model list.
    @Test func notesEachEndpointThatFails() async throws {
        let server = try EnvironmentTestServer(routes: ["/v1/models": (200, "[]")])
        defer { server.stop() }
        let environment = await prober(try scratch())
            .probe(server: ProbeTarget(benchmarkURL: "http://localhost:\(server.port)/v1"), gpus: false)
        #expect(environment.serverVersion == nil)
        #expect(environment.servedModel == nil)
        #expect(environment.notes.contains("GET /version: HTTP 404"))
        #expect(environment.notes.contains("GET /v1/models: the answer is not a model list"))
    }

    /// The API key goes along, for a server started with `--api-key`; the test server ignores it.
    @Test func probesThroughAPrefix() async throws {
        let server = try EnvironmentTestServer(routes: ["/llm/version": (200, #"{"version":"0.11.0"}"#)])
        defer { server.stop() }
        let target = ProbeTarget(benchmarkURL: "http://127.0.0.1:\(server.port)/llm/v1/completions", apiKey: "sk-test")
        let environment = await prober(try scratch()).probe(server: target, gpus: false)
        #expect(environment.serverVersion == "0.11.0")
    }

    /// This package is a git checkout: its HEAD is read. Where nvidia-smi exists it lists GPUs; where
    /// it does not, the note says so. Either way nothing throws.
    @Test func readsThisCheckoutAndWhateverGPUsThereAre() async throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let environment = await prober(package).probe(server: nil)
        let git = try #require(environment.git)
        #expect(git.commit.count == 40 || git.commit.count == 64)
        #expect(git.dirty != nil)
        #expect(environment.gpus != nil || environment.notes.contains { $0.hasPrefix("nvidia-smi: ") })
    }

    /// A remote server's GPUs are not this machine's: nvidia-smi is not asked.
    @Test func remoteServerGPUsAreUnknown() async throws {
        let prober = EnvironmentProber(caliperVersion: "0.1.0", httpTimeout: 0.2, gitDirectory: try scratch())
        // TEST-NET-1 (RFC 5737): routed nowhere, so the probe runs into its time limit.
        let environment = await prober.probe(server: ProbeTarget(benchmarkURL: "http://192.0.2.1:8000/v1/completions"))
        #expect(environment.gpus == nil)
        #expect(environment.notes.contains("GPUs: the server 192.0.2.1 is another machine (give --hardware)"))
        #expect(environment.notes.contains { $0.hasPrefix("server http://192.0.2.1:8000: ") })
    }

    @Test func unprobedKnowsOnlyHostAndVersion() {
        let environment = EnvironmentProber(caliperVersion: "0.1.0").unprobed()
        #expect(Set(environment.labels.keys) == ["env.host", "env.caliper_version"])
    }
}
