import CaliperTestSupport
import Foundation
import Testing

/// `caliper trend` keeps to runs `compare` would compare with the newest one, and says which it
/// left out and why: the real binary on the bundled EvalScope results.
@Suite(.serialized)
struct TrendGuardEndToEndTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func ingest(_ folder: URL, _ path: String, _ labels: [String]) throws {
        let result = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: path).path, "--recursive"] + labels.flatMap { ["--label", $0] },
            in: folder)
        #expect([0, 2].contains(result.status), "\(result.stderr)")
    }

    /// The 1.14.1 capture measured gpt-oss-20b at c=2 streaming twice and, newest, without streaming.
    @Test(arguments: StoreEngine.allCases) func streamingAndNonStreamingRunsAreNotMixed(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        try ingest(folder, "1.14.1-capture", [])
        let arguments = ["trend", "--model", "gpt-oss-20b", "--metric", "output_throughput", "--concurrency", "2"]
        let result = try CaliperProcess.run(arguments + ["--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result.stdout)
        #expect(report["runs"] as? Int == 1)
        let excluded = try #require(report["excluded"] as? [[String: Any]])
        #expect(excluded.count == 2)
        #expect(excluded.allSatisfy { ($0["reason"] as? String)?.contains("stream differs (true vs false)") == true })
        let reference = try #require(report["reference_run_id"] as? Int)
        let points = try #require(report["points"] as? [[String: Any]])
        #expect(points.map { $0["run_id"] as? Int } == [reference])

        let table = try CaliperProcess.run(arguments, in: folder)
        #expect(table.stdout.contains("\n2 runs left out, not comparable with run \(reference), the newest (--allow-diff FIELD keeps"))
        let block = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.contains("left out") }.prefix { !$0.isEmpty }
        #expect(block.count == 7 && block.allSatisfy { $0.count <= 120 }, "\(block)")
        let id = try #require(excluded.first?["run_id"] as? Int)
        let line = "run \(id) left out: endpoint differs (/v1/completions vs /v1/chat/completions); "
            + "min_prompt_length differs (512 vs 256); max_prompt_length differs (512 vs 256); output_length differs (64 vs 48); "
            + "min_tokens differs (64 vs 48); stream differs (true vs false)"
        // On the terminal the reasons wrap at 120 columns, at a "; ".
        #expect(table.stdout.contains("\n  run \(id) left out: endpoint differs (/v1/completions vs /v1/chat/completions); "))
        #expect(table.stdout.contains("; min_prompt_length differs (512 vs 256);\n    max_prompt_length differs (512 vs 256); "
            + "output_length differs (64 vs 48); min_tokens differs (64 vs 48);\n    stream differs (true vs false)\n"))
        #expect(try CaliperProcess.run(arguments + ["--format", "md"], in: folder).stdout.contains("\n- \(line)\n"))
        #expect(try CaliperProcess.run(arguments + ["--format", "html"], in: folder).stdout.contains("<li>\(line)</li>"))

        // Allowed to differ, they are back in the series.
        let allowed = try CaliperProcess.run(
            arguments + [
                "--allow-diff", "endpoint,min_prompt_length,max_prompt_length,output_length,min_tokens,stream", "--format", "json",
            ], in: folder)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let all = try json(allowed.stdout)
        #expect((all["excluded"] as? [Any])?.isEmpty == true, "\(all["excluded"] ?? "")")
        #expect(all["runs"] as? Int == 3)
    }

    /// A PR branch's run does not enter main's trend, unless --where or --allow-diff says so.
    @Test(arguments: StoreEngine.allCases) func anotherBranchIsLeftOutUnlessAllowed(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        for version in ["0.17.1", "1.0.0", "1.14.1"] { try ingest(folder, "history/\(version)", ["branch=main"]) }
        try ingest(folder, "history/1.9.1", ["branch=pr-5"])
        let arguments = [
            "trend", "--model", "mock-model", "--dataset", "random", "--metric", "output_throughput", "--concurrency", "2",
            "--allow-diff", "source_format,seed", "--format", "json",
        ]
        // The newest run is the PR's: main's runs are left out.
        let pr = try json(try CaliperProcess.run(arguments, in: folder).stdout)
        #expect(pr["runs"] as? Int == 1)
        let reasons = (pr["excluded"] as? [[String: Any]])?.compactMap { $0["reason"] as? String }
        #expect(reasons == Array(repeating: "label.branch differs (main vs pr-5)", count: 3))

        let main = try json(try CaliperProcess.run(arguments + ["--where", "label.branch=main"], in: folder).stdout)
        #expect(main["runs"] as? Int == 3)
        #expect((main["excluded"] as? [Any])?.isEmpty == true)

        let both = try json(try CaliperProcess.run(arguments + ["--allow-diff", "label.branch"], in: folder).stdout)
        #expect(both["runs"] as? Int == 4)

        // Without --allow-diff the EvalScope generations differ in output format and seed.
        let strict = try json(try CaliperProcess.run(
            ["trend", "--model", "mock-model", "--dataset", "random", "--metric", "output_throughput", "--concurrency", "2",
             "--where", "label.branch=main", "--format", "json"], in: folder).stdout)
        let strictReasons = (strict["excluded"] as? [[String: Any]])?.compactMap { $0["reason"] as? String } ?? []
        #expect(strictReasons.contains { $0.contains("source_format differs (perf-D vs perf-G)") }, "\(strictReasons)")
    }
}
