import Foundation
import Testing

/// `caliper ingest` of real inference-perf 0.7.0 report folders, then `caliper show --format json`:
/// the real binary and a SQLite store.
@Suite(.serialized)
struct InferencePerfIngestEndToEndTests {
    static let fixtures = CaliperProcess.peers.appending(path: "real-2026-12/inference-perf-0.7.0")

    @Test func ingestRateStagesThenShow() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let store = folder.appending(path: "store.sqlite").path
        let reports = Self.fixtures.appending(path: "rate-4-8-two-stages/reports").path
        let ingested = try CaliperProcess.run(
            ["ingest", reports, "--db", store, "--engine-version", "0.10.1", "--hardware", "NVIDIA H20 96GB", "--gpus", "1"],
            in: folder)
        #expect(ingested.status == 0)
        #expect(ingested.stdout.hasPrefix("stored run 1: perf sample-llm, 2 points, 24 request rows from "))
        #expect(ingested.stderr == "")

        let again = try CaliperProcess.run(["ingest", reports, "--db", store], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("already stored as run 1: "))

        let json = try CaliperProcess.show(1, db: store, in: folder)
        #expect(json["model"] as? String == "sample-llm")
        #expect(json["engine"] as? String == "vllm")
        #expect(json["engine_version"] as? String == "0.10.1")
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["tool"] as? String == "inference-perf")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["request_rate"] as? Double } == [4, 8])
        #expect(points.map { $0["requests"] as? Int } == [8, 16])
        let metrics = try #require(points.first?["metrics"] as? [String: [String: Double]])
        #expect(Self.near(metrics["ttft"]?["mean"], 0.06729663362420979))
        #expect(Self.near(metrics["output_throughput"]?["value"], 238.05838695377483))
    }

    @Test func ingestRecursiveFindsBothRuns() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let store = folder.appending(path: "store.sqlite").path
        let result = try CaliperProcess.run(
            ["ingest", "--recursive", Self.fixtures.path, "--db", store, "--format", "json"], in: folder)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let stored = try #require(json["stored"] as? [[String: Any]])
        #expect(stored.count == 2)
        #expect((json["failed"] as? [Any])?.isEmpty == true)

        let shown = try CaliperProcess.run(["show", "1", "--db", store, "--format", "json"], in: folder)
        let run = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let points = try #require(run["points"] as? [[String: Any]])
        // concurrency-1-4-fail-every-4 sorts first: concurrency 1 and 4, a quarter failed.
        #expect(points.map { $0["concurrency"] as? Int } == [1, 4])
        let metrics = try #require(points.last?["metrics"] as? [String: [String: Double]])
        #expect(metrics["failed_requests"]?["value"] == 4)
        #expect(metrics["success_rate"]?["value"] == 0.75)
    }

    static func near(_ actual: Double?, _ expected: Double) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= 1e-9 * abs(expected)
    }
}
