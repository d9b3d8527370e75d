import CaliperTestSupport
import Foundation
import Testing

/// Run times from hosts in different zones, and hardware written different ways, through the real
/// binary: runs are ordered by the UTC instant, and the same GPUs are the same hardware.
struct TimeAndHardwareEndToEndTests {
    let low = "1.14.1-capture/eval-aime25-mcq-effort-low-r4/20261124_190016"
    let high = "1.14.1-capture/eval-aime25-mcq-effort-high-r4/20261124_190048"
    let shanghai = ["TZ": "Asia/Shanghai"]
    let utc = ["TZ": "UTC"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// EvalScope's folder names are local times without a zone: `high` (19:00:48) ingested in
    /// Shanghai ran at 11:00:48 UTC, before `low` (19:00:16) ingested in UTC. Latest, the runs list,
    /// history and trend all go by that, and `show` says whose zone was assumed.
    @Test(arguments: StoreEngine.allCases) func zoneLessSourcesAreReadInTheIngestingHostsZone(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        let first = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: high).path], in: folder, environment: shanghai)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: low).path], in: folder, environment: utc)
        #expect(second.status == 0, "\(second.stderr)")

        // Whatever zone the reader is in, the stored times are the same.
        let shown = try CaliperProcess.run(["show", "1"], in: folder, environment: utc)
        #expect(shown.stdout.contains(
            "  run at           2026-11-24 19:00:48 +08:00 (11:00:48 UTC; zone of the ingesting host: the source has none)\n"))
        let shownJSON = try json(try CaliperProcess.run(["show", "1", "--format", "json"], in: folder, environment: shanghai).stdout)
        #expect(shownJSON["run_at"] as? String == "2026-11-24T11:00:48Z")
        #expect(shownJSON["run_at_local"] as? String == "2026-11-24T19:00:48+08:00")
        #expect(shownJSON["run_at_offset"] as? String == "+08:00")
        #expect(shownJSON["run_at_zone"] as? String == "ingest host")

        let runs = try CaliperProcess.run(["runs"], in: folder, environment: shanghai)
        let ids = runs.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").first.map(String.init) }
        #expect(ids == ["2", "1"])
        #expect(runs.stdout.contains(" 2026-11-24 19:00:16 "))
        #expect(runs.stdout.contains(" 2026-11-24 11:00:48 "))

        // latest: run 2; history before run 2: run 1; before run 1: nothing.
        let latest = try json(try CaliperProcess.run(
            ["compare", "1", "latest kind=eval", "--allow-diff", "reasoning_effort", "--format", "json"], in: folder).stdout)
        #expect((latest["candidate"] as? [String: Any])?["id"] as? Int == 2)
        let history = try CaliperProcess.run(
            ["gate", "--baseline", "history kind=eval", "--candidate", "2", "--allow-diff", "reasoning_effort",
             "--format", "json"], in: folder)
        let used = (try json(history.stdout)["history"] as? [String: Any])?["runs"] as? [[String: Any]]
        #expect(used?.map { $0["id"] as? Int } == [1], "\(history.stderr)")
        let none = try CaliperProcess.run(
            ["gate", "--baseline", "history kind=eval", "--candidate", "1", "--allow-diff", "reasoning_effort"], in: folder)
        #expect(none.status == 3)

        let trend = try json(try CaliperProcess.run(
            ["trend", "--dataset", "aime25", "--metric", "score", "--allow-diff", "reasoning_effort", "--format", "json"],
            in: folder).stdout)
        let points = try #require(trend["points"] as? [[String: Any]])
        #expect(points.map { $0["run_id"] as? Int } == [1, 2])
        #expect(points.map { $0["time"] as? String } == ["2026-11-24T11:00:48Z", "2026-11-24T19:00:16Z"])
    }

    /// Two `caliper bench` runs, the first on a host in Shanghai and the second 0–2 s later in UTC:
    /// the second is the latest, and hardware typed two ways is the same hardware.
    @Test(arguments: StoreEngine.allCases) func benchRunsFromTwoZonesOrderByUTCAndCompare(engine: StoreEngine) throws {
        let (server, base) = try BenchEndToEndTests().startMockServer(["--ttft", "0.005", "--itl", "0.001"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let folder = try CaliperProcess.temporaryDirectory(engine)
        let bench = ["bench", "--url", base + "/v1/completions", "--model", "gpt-oss-20b", "--parallel", "2",
                     "--number", "6", "--prompt-length", "8", "--max-tokens", "8", "--min-tokens", "8", "--no-probe"]
        let first = try CaliperProcess.run(
            bench + ["--hardware", "NVIDIA H100 80GB", "--gpus", "8"], in: folder, environment: shanghai)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CaliperProcess.run(bench + ["--hardware", "8xH100"], in: folder, environment: utc)
        #expect(second.status == 0, "\(second.stderr)")

        let one = try json(try CaliperProcess.run(["show", "1", "--format", "json"], in: folder).stdout)
        #expect(one["run_at_offset"] as? String == "+08:00")
        #expect(one["run_at_zone"] as? String == "source")
        let two = try json(try CaliperProcess.run(["show", "2", "--format", "json"], in: folder).stdout)
        #expect(two["run_at_offset"] as? String == "+00:00")
        for run in [one, two] {
            let hardware = try #require(run["hardware"] as? [String: Any])
            #expect(hardware["name"] as? String == "H100")
            #expect(hardware["vendor"] as? String == "NVIDIA")
            #expect(hardware["memory_gb"] as? Double == 80)
            #expect(hardware["count"] as? Int == 8)
        }

        // Every spelling of the model selects both runs, newest by UTC first.
        for hardware in ["h100", "NVIDIA H100", "8xH100", "H100 80GB"] {
            let listed = try CaliperProcess.run(["runs", "--hardware", hardware, "--format", "json"], in: folder)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
            #expect(rows.map { $0["id"] as? Int } == [2, 1], "\(hardware)")
        }
        let other = try CaliperProcess.run(["runs", "--hardware", "4xH100"], in: folder)
        #expect(other.stdout == "no runs\n")
        let compared = try CaliperProcess.run(["compare", "1", "latest hardware=H100 gpus=8"], in: folder)
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(!compared.stdout.contains("not comparable"))
        let json = try json(try CaliperProcess.run(["compare", "1", "latest hardware=H100", "--format", "json"], in: folder).stdout)
        #expect((json["candidate"] as? [String: Any])?["id"] as? Int == 2)
        #expect(json["comparable"] as? Bool ?? true)
    }
}
