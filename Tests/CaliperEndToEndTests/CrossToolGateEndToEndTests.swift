import Foundation
import Testing

/// A gate between an EvalScope run and a `vllm bench serve` run of the same server and workload:
/// the tools define percentiles (and token counts) differently, so the gate says which instead of
/// producing a delta, and compares them when `--allow-diff source_tool` allows it.
struct CrossToolGateEndToEndTests {
    static let evalscope = "1.14.1-capture/perf-sweep-chat-reasoning-p1-4/20261124_185604/gpt-oss-20b"
    static let vllm = "Examples/peers/real-2026-12/vllm-bench-serve-0.33.0/concurrency-1-4-chat"

    /// The two vLLM levels, as if run against the same served model name as the EvalScope sweep.
    func vllmSweep(in folder: URL) throws -> URL {
        let sweep = folder.appending(path: "vllm")
        try FileManager.default.createDirectory(at: sweep, withIntermediateDirectories: true)
        for level in [1, 4] {
            let source = CaliperProcess.repository.appending(path: "\(Self.vllm)/vllm-bench-serve-chat-c\(level).json")
            let text = try String(contentsOf: source, encoding: .utf8)
                .replacingOccurrences(of: "\"model_id\": \"sample-llm\"", with: "\"model_id\": \"gpt-oss-20b\"")
            try Data(text.utf8).write(to: sweep.appending(path: "c\(level).json"))
        }
        return sweep
    }

    @Test func theGateSaysWhichDefinitionsDifferAndComparesWhenAllowed() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let ingestEvalScope = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: Self.evalscope).path], in: folder)
        #expect(ingestEvalScope.status == 0, "\(ingestEvalScope.stderr)")
        let ingestVLLM = try CaliperProcess.run(["ingest", try vllmSweep(in: folder).path], in: folder)
        #expect(ingestVLLM.status == 0, "\(ingestVLLM.stderr)")
        #expect(ingestVLLM.stdout.contains("stored run 2: perf gpt-oss-20b, 2 points, 40 request rows"))

        let blocked = try CaliperProcess.run(["gate", "--baseline", "1", "--candidate", "2", "--wide"], in: folder)
        #expect(blocked.status == 2)
        #expect(blocked.stdout.contains("the runs differ in source_tool"))
        #expect(blocked.stdout.contains("source_tool"))
        #expect(blocked.stdout.contains("--allow-diff source_tool"))
        #expect(blocked.stdout.contains(
            "evalscope and vllm-bench define percentiles differently: nearest rank over requests (baseline) vs "
                + "linear interpolation between ranks (numpy) (candidate)"))
        #expect(!blocked.stdout.contains("c=4 ttft"))

        let json = try CaliperProcess.run(["gate", "--baseline", "1", "--candidate", "2", "--format", "json"], in: folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["status"] as? String == "not_comparable")
        #expect((document["verdicts"] as? [Any])?.isEmpty == true)

        let allowed = try CaliperProcess.run(
            ["gate", "--baseline", "1", "--candidate", "2", "--allow-diff", "source_tool", "--format", "json"], in: folder)
        #expect(allowed.status != 2, "\(allowed.stdout)\(allowed.stderr)")
        let compared = try #require(try JSONSerialization.jsonObject(with: Data(allowed.stdout.utf8)) as? [String: Any])
        #expect(compared["comparable"] as? Bool == true)
        let verdicts = try #require(compared["verdicts"] as? [[String: Any]])
        #expect(!verdicts.isEmpty)
        let notes = try #require(compared["notes"] as? [String])
        #expect(notes.contains { $0.hasPrefix("evalscope and vllm-bench define percentiles differently") })
    }
}
