import Foundation
import Testing

/// `caliper ingest` of AIPerf, genai-perf and GuideLLM results, then `caliper show --format json`:
/// the real binary, the real sample folders in `Examples/peers`, a SQLite store.
@Suite(.serialized)
struct PerfToolsIngestEndToEndTests {
    /// A scratch folder with `peers` linked to the samples, and the store path in it.
    func scratch() throws -> (folder: URL, db: String) {
        let folder = try CaliperProcess.temporaryDirectory()
        try FileManager.default.createSymbolicLink(at: folder.appending(path: "peers"), withDestinationURL: CaliperProcess.peers)
        return (folder, folder.appending(path: "store.sqlite").path)
    }

    @Test func aiperfSweepAndRepeats() throws {
        let (folder, db) = try scratch()
        let sweep = "peers/aiperf/SAMPLE_real-run_aiperf-0.13.0_sweep"
        let ingested = try CaliperProcess.run(["ingest", sweep, "--db", db], in: folder)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        #expect(ingested.stdout.contains("stored run 1: perf openai/gpt-oss-20b, 4 points"))
        #expect(ingested.stderr.contains("warning: \(sweep)/c1/profile_export.jsonl: 2 profiling records"))

        let json = try CaliperProcess.show(1, db: db, in: folder)
        #expect(json["kind"] as? String == "perf")
        #expect(json["model"] as? String == "openai/gpt-oss-20b")
        let hardware = try #require(json["hardware"] as? [String: Any])
        #expect(hardware["name"] as? String == "H20")
        #expect(hardware["count"] as? Int == 1)
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["tool"] as? String == "aiperf")
        #expect(source["version"] as? String == "0.13.0")
        let config = try #require(json["generation_config"] as? [String: Any])
        #expect(config["reasoning_effort"] as? String == "low")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["concurrency"] as? Int } == [1, 10, 50, 100])
        let metrics = try #require(points.first?["metrics"] as? [String: [String: Double]])
        #expect(metrics["output_throughput"]?["value"] == 131.2768435044239)
        #expect(metrics["ttft"]?["mean"].map { abs($0 - 0.10021632425) < 1e-12 } == true)
        #expect(metrics["success_rate"]?["value"] == 1)

        // --num-profile-runs 2: two runs with request rows; ingesting again stores nothing.
        let repeats = "peers/real-2026-12/aiperf-0.13.0/concurrency2-two-profile-runs"
        let second = try CaliperProcess.run(["ingest", repeats, "--db", db], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("stored run 2: perf sample-llm, 1 point, 16 request rows from \(repeats) (run 1 of 2)"))
        #expect(second.stdout.contains("stored run 3: perf sample-llm, 1 point, 16 request rows from \(repeats) (run 2 of 2)"))
        let again = try CaliperProcess.run(["ingest", repeats, "--db", db], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already stored as run 2"))
        #expect(again.stdout.contains("already stored as run 3"))
        let run3 = try CaliperProcess.show(3, db: db, in: folder)
        let run3Metrics = try #require((run3["points"] as? [[String: Any]])?.first?["metrics"] as? [String: [String: Double]])
        #expect(run3Metrics["output_throughput"]?["value"] == 263.0642025425916)
    }

    @Test func genaiPerfSweep() throws {
        let (folder, db) = try scratch()
        let path = "peers/genai-perf/SAMPLE_real-run_genai-perf-0.0.16_sweep/artifacts"
        let ingested = try CaliperProcess.run(["ingest", path, "--db", db], in: folder)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        #expect(ingested.stdout.contains("stored run 1: perf openai/gpt-oss-20b, 4 points"))
        let json = try CaliperProcess.show(1, db: db, in: folder)
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["tool"] as? String == "genai-perf")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["concurrency"] as? Int } == [1, 10, 50, 100])
        let metrics = try #require(points.last?["metrics"] as? [String: [String: Double]])
        #expect(metrics["output_throughput"]?["value"] == 3229.139955590318)
        #expect(metrics["itl"] == nil)
        #expect(metrics["tpot"]?["mean"].map { abs($0 - 0.027408386215) < 1e-12 } == true)
    }

    @Test func guidellmReports() throws {
        let (folder, db) = try scratch()
        for (id, version) in ["0.3.1", "0.5.4", "0.8.1"].enumerated() {
            let path = "peers/guidellm/SAMPLE_real-run_guidellm-\(version)_concurrent-sweep"
            let ingested = try CaliperProcess.run(["ingest", path, "--db", db], in: folder)
            #expect(ingested.status == 0, "\(ingested.stderr)")
            #expect(ingested.stdout.contains("stored run \(id + 1): perf openai/gpt-oss-20b, 4 points"))
            #expect(ingested.stderr.contains("warning: \(path)/benchmarks.json: "))
        }
        let json = try CaliperProcess.show(3, db: db, in: folder)
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["tool"] as? String == "guidellm")
        #expect(source["version"] as? String == "0.8.1")
        #expect(json["labels"] as? [String: String] == ["hardware": "1xH20", "server": "vllm-0.10.1.1"])
        #expect(json["engine"] as? String == "vllm")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["concurrency"] as? Int } == [1, 10, 50, 100])
        let metrics = try #require(points.last?["metrics"] as? [String: [String: Double]])
        #expect(metrics["output_throughput"]?["value"] == 2936.4512251829256)
        #expect(metrics["ttft"]?["mean"].map { abs($0 - 2.878258891105652) < 1e-12 } == true)
    }
}

/// `--hardware`, `--gpus` and `--engine` win over what a file says about its server and GPUs.
struct IngestFlagsWinEndToEndTests {
    @Test func flagsWinOverTheTelemetryHardware() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let sweep = CaliperProcess.peers.appending(path: "aiperf/SAMPLE_real-run_aiperf-0.13.0_sweep")
        let plain = try CaliperProcess.run(["ingest", sweep.path], in: folder)
        #expect(plain.status == 0, "\(plain.stderr)")
        let fromFiles = try CaliperProcess.show(1, in: folder)
        #expect((fromFiles["hardware"] as? [String: Any])?["name"] as? String == "H20")

        let other = try CaliperProcess.temporaryDirectory()
        let flagged = try CaliperProcess.run(
            ["ingest", sweep.path, "--hardware", "A100 80GB", "--gpus", "2", "--engine", "vllm", "--engine-version", "0.10.1"],
            in: other)
        #expect(flagged.status == 0, "\(flagged.stderr)")
        let run = try CaliperProcess.show(1, in: other)
        let hardware = try #require(run["hardware"] as? [String: Any])
        #expect(hardware["name"] as? String == "A100")
        #expect(hardware["count"] as? Int == 2)
        #expect(run["engine_version"] as? String == "0.10.1")
    }
}
