import CaliperTestSupport
import Foundation
import GRDB
import Testing

/// `caliper trend` as users run it: the real binary on the bundled EvalScope history and on a
/// synthetic store with a known step; exit codes, stdout, stderr and report files.
@Suite(.serialized)
struct TrendEndToEndTests {
    static let versions = ["0.13.2", "0.17.1", "1.0.0", "1.14.1", "1.9.1"]

    /// A scratch folder whose store holds every EvalScope version's history, each run labelled with
    /// the version that wrote it, as `caliper demo` labels them.
    func historyStore(_ engine: StoreEngine) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        for version in Self.versions {
            let result = try CaliperProcess.run(
                ["ingest", CaliperProcess.examples.appending(path: "history/\(version)").path, "--recursive",
                 "--label", "evalscope=\(version)"], in: folder)
            // 0.17.1 and 1.0.0 leave a crashed --no-stream run: exit 2, the rest stored.
            #expect([0, 2].contains(result.status), "\(result.stderr)")
        }
        return folder
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: StoreEngine.allCases) func historyByEvalScopeVersion(engine: StoreEngine) throws {
        let folder = try historyStore(engine)
        let result = try CaliperProcess.run([
            "trend", "--model", "mock-model", "--dataset", "random", "--metric", "output_throughput",
            "--concurrency", "2", "--by", "label.evalscope", "--allow-diff", "source_format,seed", "--format", "json",
        ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let report = try json(result.stdout)
        #expect(report["runs"] as? Int == 5)
        #expect(report["filters"] as? [String] == ["model=mock-model", "dataset=random"])
        let groups = try #require(report["groups"] as? [[String: Any]])
        #expect(groups.map { $0["value"] as? String } == ["0.13.2", "0.17.1", "1.0.0", "1.9.1", "1.14.1"])
        let points = try #require(report["points"] as? [[String: Any]])
        #expect(points.allSatisfy { $0["method"] as? String == "ratio_delta_method" })
        for point in points {
            let value = try #require(point["value"] as? Double)
            let interval = try #require(point["interval"] as? [String: Double])
            #expect(interval["lower"]! < value && value < interval["upper"]!)
            #expect(value > 200 && value < 400)
        }
        #expect((report["change_points"] as? [Any])?.isEmpty == true)

        // The same as Markdown and HTML files, the format from the extension.
        for file in ["out/trend.md", "out/trend.html"] {
            let written = try CaliperProcess.run([
                "trend", "--model", "mock-model", "--dataset", "random", "--metric", "output_throughput",
                "--concurrency", "2", "--by", "label.evalscope", "--allow-diff", "source_format", "--allow-diff", "seed", "-o", file,
            ], in: folder)
            #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
        }
        let markdown = try String(contentsOf: folder.appending(path: "out/trend.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("## Trend: output_throughput at c=2\n"))
        #expect(markdown.contains("### By label.evalscope"))
        let html = try String(contentsOf: folder.appending(path: "out/trend.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("<script"))
    }

    @Test(arguments: StoreEngine.allCases) func severalLevelsOrDatasetsNeedAChoice(engine: StoreEngine) throws {
        let folder = try historyStore(engine)
        let levels = try CaliperProcess.run(
            ["trend", "--model", "mock-model", "--dataset", "random", "--metric", "ttft", "--stat", "p50"], in: folder)
        #expect(levels.status == 2)
        #expect(levels.stdout == "")
        #expect(levels.stderr == "caliper: the matching runs have several load levels; choose one with --concurrency or --rate: c=2 (5 runs), c=4 (4 runs)\n")

        let datasets = try CaliperProcess.run(["trend", "--model", "mock-model", "--metric", "score"], in: folder)
        #expect(datasets.status == 2)
        #expect(datasets.stderr == "caliper: the matching runs score several datasets; choose one with --dataset: general_mcq (5 runs), general_qa (5 runs)\n")

        let scores = try CaliperProcess.run(
            ["trend", "--model", "mock-model", "--dataset", "general_mcq", "--metric", "score", "--format", "md"], in: folder)
        #expect(scores.status == 0, "\(scores.stderr)")
        // Only the runs with the newest run's generation config: the others are listed with why.
        #expect(scores.stdout.hasPrefix("## Trend: general_mcq accuracy\n\n**2 runs** matching model=mock-model · dataset=general_mcq"))
        #expect(scores.stdout.contains("\n### Left out\n\n3 runs left out, not comparable with run 19, the newest"))
        #expect(scores.stdout.contains("\n- run 6 left out: output_length differs (2048 vs (unset))\n"))
    }

    /// 40 runs written straight into a store: output throughput 1,500 tok/s, 10 % lower from run 21,
    /// where the engine moves from 0.10.0 to 0.10.1.
    func steppedStore(_ engine: StoreEngine) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory()
        try CaliperProcess.createStore(folder.appending(path: "caliper.db").path)
        let database = try DatabaseQueue(path: folder.appending(path: "caliper.db").path)
        try database.write { db in
            for id in 1...40 {
                try db.execute(sql: """
                    INSERT INTO runs (id, kind, model, engine, engine_version, generation_config, generation_config_hash,
                        dataset, source_tool, run_at, ingested_at, content_hash)
                    VALUES (?, 'perf', 'gpt-oss-20b', 'vllm', ?, '{}', 'h', 'random', 'evalscope', ?, '2026-02-01T00:00:00Z', ?)
                    """, arguments: [id, id > 20 ? "0.10.1" : "0.10.0", String(format: "2026-01-%02dT12:00:00Z", id % 28 + 1), "run-\(id)"])
                try db.execute(sql: "INSERT INTO run_labels (run_id, key, value) VALUES (?, 'branch', 'main')", arguments: [id])
                try db.execute(
                    sql: "INSERT INTO perf_points (id, run_id, position, concurrency, requests) VALUES (?, ?, 0, 100, 20)",
                    arguments: [id, id])
                let value = (id > 20 ? 1_350.0 : 1_500.0) + Double((id * 37) % 11) - 5
                try db.execute(
                    sql: "INSERT INTO perf_metrics (point_id, metric, stat, value) VALUES (?, 'output_throughput', 'value', ?)",
                    arguments: [id, value])
            }
        }
        try CaliperProcess.move(folder, to: engine)
        return folder
    }

    @Test(arguments: StoreEngine.allCases) func aKnownStepIsFoundAtItsRunWithTheEngineChange(engine: StoreEngine) throws {
        let folder = try steppedStore(engine)
        let result = try CaliperProcess.run(
            ["trend", "--model", "gpt-oss-20b", "--metric", "output_throughput", "--stat", "mean", "--order", "ingest",
             "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result.stdout)
        #expect(report["runs"] as? Int == 40)
        let changes = try #require(report["change_points"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["run_id"] as? Int == 21)
        let changed = try #require(changes.first?["changed"] as? [[String: Any]])
        #expect(changed.count == 1)
        #expect(changed.first?["field"] as? String == "engine_version")
        #expect(changed.first?["before"] as? String == "0.10.0" && changed.first?["after"] as? String == "0.10.1")

        let table = try CaliperProcess.run(
            ["trend", "--model", "gpt-oss-20b", "--metric", "output_throughput", "--order", "ingest", "--last", "30"],
            in: folder)
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("output_throughput at c=100: 30 runs · "))
        #expect(table.stdout.contains("  run 21 at 2026-01-22 12:00:00: 1"))
        #expect(table.stdout.contains("    changed since run 20: engine_version: 0.10.0 → 0.10.1\n"))
    }

    @Test(arguments: StoreEngine.allCases) func badInputExitsTwoWithOneLine(engine: StoreEngine) throws {
        let folder = try steppedStore(engine)
        let db = CaliperProcess.storeName(in: folder)
        let cases: [([String], String)] = [
            (["--metric", "throughput"], "caliper: unknown metric \"throughput\" (known: request_throughput, output_throughput, "),
            (["--metric", "output_throughput", "--stat", "p99"], "caliper: output_throughput is one figure per point"),
            (["--metric", "ttft", "--stat", "p42"], "caliper: unknown statistic \"p42\" for ttft"),
            (["--metric", "ttft", "--model", "nobody"], "caliper: no perf run matching model=nobody in \(db)"),
            (["--metric", "ttft", "--concurrency", "8"], "caliper: no matching run has a point at c=8; levels present: c=100 (40 runs)"),
            (["--metric", "ttft", "--stat", "p99"], "caliper: none of the 40 matching runs reported ttft.p99 or kept rows to compute it"),
            (["--metric", "output_throughput", "--by", "colour"], "caliper: cannot group by \"colour\""),
            (["--metric", "output_throughput", "--where", "colour=red"], "caliper: --where: unknown key \"colour\""),
            (["--metric", "output_throughput", "--window", "4"], "caliper: --window must be at least 6"),
            (["--metric", "output_throughput", "--min-magnitude=-2%"], "caliper: --min-magnitude must be"),
            (["--metric", "output_throughput", "-o", "trend.xml"], "caliper: trend.xml: unknown report type"),
            (["--metric", "score"], "caliper: no eval run has a dataset score in \(db)"),
        ]
        for (arguments, message) in cases {
            let result = try CaliperProcess.run(["trend"] + arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr.hasPrefix(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(arguments): \(result.stderr)")
        }
        let missing = try CaliperProcess.run(["trend", "--model", "gpt-oss-20b"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--metric"))
    }
}
