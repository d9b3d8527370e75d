import CaliperTestSupport
import Foundation
import GRDB
import Testing

/// `caliper gate` and `compare` against a history baseline (`history KEY=VALUE ... last=N`): the
/// real binary on a real store of one ingested EvalScope run and copies of it whose aggregates are
/// moved by a known factor, as a nightly benchmark would fill it.
@Suite(.serialized)
struct HistoryGateEndToEndTests {
    static let run = "history/1.14.1/perf-random-ignore-eos"
    /// Run-to-run jitter of the copies: about 2 % around the original.
    static let speeds = [1.00, 0.98, 1.02, 0.99, 1.01, 1.03, 0.97, 1.00]
    static let selector = "history model=mock-model label.branch=main"

    /// A store holding: run 1 (the EvalScope run, 2026-11-24), runs 2–9 (copies with ~2 % jitter,
    /// 2026-12-01 to 08), run 10 (a copy on other hardware, 12-09), run 11 (a copy at the history's
    /// level, 12-10) and run 12 (a copy 20 % slower, 12-11).
    func store(_ engine: StoreEngine) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory()
        let ingest = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: Self.run).path, "--recursive", "--engine", "vllm",
             "--engine-version", "0.10.1", "--hardware", "H20 96GB", "--gpus", "1", "--label", "branch=main"],
            in: folder, environment: ["TZ": "UTC"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let database = try DatabaseQueue(path: folder.appending(path: "caliper.db").path)
        for (day, speed) in Self.speeds.enumerated() {
            try copy(run: 1, in: database, runAt: "2026-12-0\(day + 1)T10:00:00Z", speed: speed)
        }
        try copy(run: 1, in: database, runAt: "2026-12-09T10:00:00Z", speed: 1, hardware: "A100")
        try copy(run: 1, in: database, runAt: "2026-12-10T10:00:00Z", speed: 1.005)
        try copy(run: 1, in: database, runAt: "2026-12-11T10:00:00Z", speed: 0.8)
        // Built with SQL on SQLite, then moved as a user would: export --all, ingest.
        try CaliperProcess.move(folder, to: engine)
        return folder
    }

    /// Adds a copy of run `source` as a new run at `runAt`: throughputs times `speed`, times
    /// (latency, TTFT, TPOT, ITL) divided by it, other aggregates as they were. No request rows.
    @discardableResult
    func copy(run source: Int64, in database: DatabaseQueue, runAt: String, speed: Double, hardware: String? = nil) throws -> Int64 {
        try database.write { db in
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(runs)").map { $0["name"] as String }
                .filter { !["id", "run_at", "content_hash"].contains($0) }.joined(separator: ", ")
            try db.execute(
                sql: "INSERT INTO runs (\(columns), run_at, content_hash) SELECT \(columns), ?, ? FROM runs WHERE id = ?",
                arguments: [runAt, "copy-\(runAt)", source])
            let id = db.lastInsertedRowID
            if let hardware {
                try db.execute(sql: "UPDATE runs SET hardware_name = ? WHERE id = ?", arguments: [hardware, id])
            }
            try db.execute(
                sql: "INSERT INTO run_labels (run_id, key, value) SELECT ?, key, value FROM run_labels WHERE run_id = ?",
                arguments: [id, source])
            for point in try Row.fetchAll(db, sql: "SELECT * FROM perf_points WHERE run_id = ?", arguments: [source]) {
                try db.execute(
                    sql: """
                        INSERT INTO perf_points (run_id, position, concurrency, request_rate, requests, duration_s)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [id, point["position"] as DatabaseValue, point["concurrency"] as DatabaseValue,
                                point["request_rate"] as DatabaseValue, point["requests"] as DatabaseValue,
                                point["duration_s"] as DatabaseValue])
                try db.execute(
                    sql: """
                        INSERT INTO perf_metrics (point_id, metric, stat, value)
                        SELECT ?, metric, stat, CASE
                            WHEN metric IN ('output_throughput', 'request_throughput', 'total_throughput') THEN value * ?
                            WHEN metric IN ('latency', 'ttft', 'tpot', 'itl') THEN value / ?
                            ELSE value END
                        FROM perf_metrics WHERE point_id = ?
                        """,
                    arguments: [db.lastInsertedRowID, speed, speed, point["id"] as Int64])
            }
            return id
        }
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: StoreEngine.allCases) func aCandidateLikeItsHistoryPasses(engine: StoreEngine) throws {
        let folder = try store(engine)
        let gate = try CaliperProcess.run(
            ["gate", "--baseline", "\(Self.selector) last=6", "--candidate", "11", "--report", "gate.md",
             "--format", "json"], in: folder)
        #expect(gate.status == 0, "\(gate.stdout)\(gate.stderr)")
        let report = try json(gate.stdout)
        #expect(report["status"] as? String == "pass")
        let baseline = try #require(report["baseline"] as? [String: Any])
        #expect(baseline["name"] as? String == "history of 6 runs (ids 9…4)")
        let history = try #require(report["history"] as? [String: Any])
        #expect(history["n"] as? Int == 6)
        #expect((history["runs"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [9, 8, 7, 6, 5, 4])
        let skipped = try #require(history["skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["id"] as? Int } == [10])
        #expect((skipped.first?["reason"] as? String)?.hasPrefix("not comparable: hardware A100") == true)
        let verdicts = try #require(report["verdicts"] as? [[String: Any]])
        let throughput = try #require(verdicts.first { $0["point"] as? String == "c=2" && $0["metric"] as? String == "output_throughput" })
        #expect(throughput["method"] as? [String: String] == ["interval": "prediction_interval", "test": "prediction_interval"])
        #expect(throughput["n_baseline"] as? Int == 6)
        #expect(!verdicts.contains { $0["verdict"] as? String == "regression" })

        let markdown = try String(contentsOf: folder.appending(path: "gate.md"), encoding: .utf8)
        #expect(markdown.contains("**Baseline:** history of 6 runs (ids 9…4) · **Candidate:** run 11"))
        #expect(markdown.contains("Runs used, newest first: 9, 8, 7, 6, 5, 4"))
    }

    @Test(arguments: StoreEngine.allCases) func aRegressedCandidateFailsAndTheReportNamesTheRunsUsed(engine: StoreEngine) throws {
        let folder = try store(engine)
        let gate = try CaliperProcess.run(
            ["gate", "--baseline", Self.selector, "--candidate", "latest model=mock-model", "--report", "out/gate.md",
             "--report", "out/gate.html", "--junit", "out/gate.xml"], in: folder)
        #expect(gate.status == 1, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stderr == "")
        #expect(gate.stdout.hasPrefix("FAIL: "))
        #expect(gate.stdout.contains("regressions: output_throughput at c=2"))
        // Runs 1–9 and 11 before run 12; run 10 is on other hardware.
        #expect(gate.stdout.contains(
            "baseline history: 10 runs\n  10 comparable runs (last=20), run 2026-11-24 18:48:14 to 2026-12-10 10:00:00; min_history 5.\n"))

        let markdown = try String(contentsOf: folder.appending(path: "out/gate.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("## ❌ FAIL: "))
        #expect(markdown.contains("**Baseline:** history of 10 runs (ids 11…1) · **Candidate:** run 12"))
        #expect(markdown.contains("### Baseline history: 10 runs"))
        #expect(markdown.contains("Runs used, newest first: 11, 9, 8, 7, 6, 5, 4, 3, 2, 1"))
        #expect(markdown.contains("1 run matching the selector was skipped:\n\n- run 10: not comparable: hardware A100"))
        #expect(markdown.contains("| Point | Metric | History mean | Candidate | Δ | 95% PI | p (Holm) | Threshold | Enough n? | Verdict |"))
        #expect(markdown.contains("| c=2 | output_throughput | "))
        #expect(markdown.contains("prediction interval"))
        let html = try String(contentsOf: folder.appending(path: "out/gate.html"), encoding: .utf8)
        #expect(html.contains("<h2>Baseline history: 10 runs</h2>"))
        #expect(html.contains("11, 9, 8, 7, 6, 5, 4, 3, 2, 1"))
        let junit = try String(contentsOf: folder.appending(path: "out/gate.xml"), encoding: .utf8)
        #expect(junit.contains("<testsuite name=\"caliper.history\""))
        #expect(junit.contains("runs used, newest first: 11, 9, 8, 7, 6, 5, 4, 3, 2, 1"))
        #expect(junit.contains("<failure type=\"regression\""))
    }

    /// Fewer runs than min_history: the candidate is compared request by request with the newest
    /// run, and every report says so.
    @Test(arguments: StoreEngine.allCases) func tooLittleHistoryFallsBackToTheNewestRun(engine: StoreEngine) throws {
        let folder = try store(engine)
        try "min_history: 12\n".write(to: folder.appending(path: "caliper.yaml"), atomically: true, encoding: .utf8)
        let note = "only 10 comparable runs in history (min_history: 12): compared request by request with the newest, "
            + "run 11 (two-run test)"
        let gate = try CaliperProcess.run(
            ["gate", "--baseline", Self.selector, "--candidate", "12", "--report", "out/gate.md", "--report", "out/gate.xml",
             "--report", "out/gate.html", "--wide"], in: folder)
        #expect(gate.stdout.contains(note), "\(gate.stdout)")
        for file in ["out/gate.md", "out/gate.xml", "out/gate.html"] {
            let text = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
            #expect(text.contains("compared request by request with the newest, run 11"), "\(file)")
        }
        let json = try CaliperProcess.run(
            ["gate", "--baseline", Self.selector, "--candidate", "12", "--format", "json"], in: folder)
        let report = try self.json(json.stdout)
        #expect((report["notes"] as? [String])?.first == note)
        let history = try #require(report["history"] as? [String: Any])
        #expect(history["enough"] as? Bool == false)
        #expect(history["fallback"] as? Bool == true)
        #expect(history["fallback_run_id"] as? Int == 11)
        #expect((report["baseline"] as? [String: Any])?["name"] as? String == "run 11")
    }

    @Test(arguments: StoreEngine.allCases) func compareAcceptsAHistoryBaselineAndAllowedDifferences(engine: StoreEngine) throws {
        let folder = try store(engine)
        let compared = try CaliperProcess.run(
            ["compare", "\(Self.selector) last=3", "12", "--allow-diff", "hardware", "--format", "json"], in: folder)
        #expect(compared.status == 0, "\(compared.stderr)")
        let history = try #require(try json(compared.stdout)["history"] as? [String: Any])
        #expect((history["runs"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [11, 10, 9])
        #expect((history["skipped"] as? [Any])?.isEmpty == true)
    }

    @Test(arguments: StoreEngine.allCases) func historySelectorErrorsExitTwoWithOneLine(engine: StoreEngine) throws {
        let folder = try store(engine)
        let cases: [([String], String)] = [
            (["gate", "--baseline", "12", "--candidate", Self.selector],
             "caliper: candidate: a history selector names many runs: it can only be the baseline\n"),
            (["gate", "--baseline", "\(Self.selector) last=0", "--candidate", "12"],
             "caliper: baseline: last=0: the history length must be a whole number of at least 1\n"),
            (["compare", "history hardware=A100", "12"],
             "caliper: baseline: no comparable run in history before run 12 (1 earlier run match the selector but none is usable: run 10 not comparable: hardware A100 96GB x 1 (candidate: H20 96GB x 1))\n"),
        ]
        for (arguments, stderr) in cases {
            let result = try CaliperProcess.run(arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == stderr, "\(arguments)")
        }
        // No earlier run matches at all: no baseline (exit 3), not a usage error.
        let none = try CaliperProcess.run(["compare", "history model=nope", "12"], in: folder)
        #expect(none.status == 3)
        #expect(none.stderr == "caliper: baseline: no run before run 12 matches the selector in history (no baseline to compare with)\n")
        try "min_history: 1\n".write(to: folder.appending(path: "caliper.yaml"), atomically: true, encoding: .utf8)
        let badPolicy = try CaliperProcess.run(["gate", "--baseline", Self.selector, "--candidate", "12"], in: folder)
        #expect(badPolicy.status == 2)
        #expect(badPolicy.stderr == "caliper: caliper.yaml: min_history: \"1\" is not a whole number of at least 2\n")
    }
}
