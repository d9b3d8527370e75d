import Foundation
import Testing

/// `caliper ingest` of `vllm bench serve` and SGLang `bench_serving` results as a user runs it:
/// the real binary, the real result files in `Examples/peers/real-2026-12`, a new SQLite store.
@Suite(.serialized)
struct VLLMIngestEndToEndTests {
    static let real = CaliperProcess.peers.appending(path: "real-2026-12")

    @Test func ingestVLLMChatSweepThenShow() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let db = folder.appending(path: "store.sqlite").path
        let fixture = Self.real.appending(path: "vllm-bench-serve-0.33.0/concurrency-1-4-chat").path
        let ingested = try CaliperProcess.run(["ingest", fixture, "--db", db, "--label", "branch=main"], in: folder)
        #expect(ingested.status == 0)
        #expect(ingested.stdout == "stored run 1: perf sample-llm, 2 points, 40 request rows from \(fixture)\n")
        #expect(ingested.stderr == "")

        let again = try CaliperProcess.run(["ingest", fixture, "--db", db, "--label", "branch=main"], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout == "already stored as run 1: \(fixture)\n")

        let json = try CaliperProcess.show(1, db: db, in: folder)
        #expect(json["kind"] as? String == "perf")
        #expect(json["model"] as? String == "sample-llm")
        #expect(json["labels"] as? [String: String] == ["branch": "main"])
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["tool"] as? String == "vllm-bench")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["concurrency"] as? Int } == [1, 4])
        #expect(points.map { $0["requests"] as? Int } == [20, 20])
        let metrics = try #require(points.first?["metrics"] as? [String: [String: Double]])
        #expect(metrics["output_throughput"]?["value"].map { abs($0 - 143.25613455629144) < 1e-9 } == true)
        #expect(metrics["ttft"]?["mean"].map { abs($0 - 0.052661016050024045) < 1e-12 } == true)
        #expect(metrics["success_rate"]?["value"] == 1)
        let second = try #require(points.last?["metrics"] as? [String: [String: Double]])
        #expect(second["output_throughput"]?["value"].map { abs($0 - 471.3440097670667) < 1e-9 } == true)
    }

    @Test func ingestSweepServeExperimentAsTwoRepeats() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let db = folder.appending(path: "store.sqlite").path
        let root = Self.real.appending(path: "vllm-bench-serve-0.33.0/sweep-serve-concurrency-1-4").path
        let ingested = try CaliperProcess.run(["ingest", root, "--recursive", "--db", db], in: folder)
        #expect(ingested.status == 0)
        let experiment = "\(root)/sweep-out/sample-sweep"
        #expect(ingested.stdout == """
            stored run 1: perf sample-llm, 2 points, 32 request rows from \(experiment) (run 1 of 2)
            stored run 2: perf sample-llm, 2 points, 32 request rows from \(experiment) (run 2 of 2)
            2 stored, 0 already stored, 0 failed

            """)
        let points = try #require(try CaliperProcess.show(2, db: db, in: folder)["points"] as? [[String: Any]])
        let throughputs = points.compactMap { ($0["metrics"] as? [String: [String: Double]])?["output_throughput"]?["value"] }
        #expect(throughputs.count == 2)
        #expect(zip(throughputs, [142.734700565231, 470.20289163541923]).allSatisfy { abs($0 - $1) < 1e-9 * $1 })
    }

    @Test func ingestSGLangFailuresWarnsOfTheUnknownModel() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let db = folder.appending(path: "store.sqlite").path
        let fixture = Self.real.appending(path: "sglang-bench-serving-0.5.23/concurrency4-fail-every-4").path
        let ingested = try CaliperProcess.run(["ingest", fixture, "--db", db], in: folder)
        #expect(ingested.status == 0)
        #expect(ingested.stdout.hasPrefix("stored run 1: perf unknown, 1 point, 16 request rows from \(fixture)"))
        #expect(ingested.stderr.contains("no model name"))
        let json = try CaliperProcess.show(1, db: db, in: folder)
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["tool"] as? String == "sglang-bench")
        let point = try #require((json["points"] as? [[String: Any]])?.first)
        #expect(point["requests"] as? Int == 16)
        let metrics = try #require(point["metrics"] as? [String: [String: Double]])
        #expect(metrics["failed_requests"]?["value"] == 4)
        #expect(metrics["success_rate"]?["value"] == 0.75)
        #expect(metrics["output_throughput"]?["value"].map { abs($0 - 440.2702786221096) < 1e-9 } == true)
    }
}
