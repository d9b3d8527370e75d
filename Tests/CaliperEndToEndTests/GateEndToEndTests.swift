import CaliperTestSupport
import Foundation
import Testing

/// `caliper compare` and `caliper gate` as CI runs them: the real binary on real EvalScope folders,
/// exit codes, stdout, and the report files.
@Suite(.serialized)
struct GateEndToEndTests {
    static let lowEffort = "1.14.1-capture/eval-aime25-mcq-effort-low-r4/20261124_190016"
    static let highEffort = "1.14.1-capture/eval-aime25-mcq-effort-high-r4/20261124_190048"
    static let single = "1.14.1-capture/perf-single-completions-p2/20261124_185544/gpt-oss-20b"
    static let failing = "1.14.1-capture/perf-sweep-failures-p2-4/20261124_185711/gpt-oss-20b"
    static let random0171 = "history/0.17.1/perf-random-ignore-eos"
    static let random100 = "history/1.0.0/perf-random-ignore-eos"

    /// A scratch folder whose store holds `folders` as runs 1, 2, … in order.
    func store(_ folders: [String], _ engine: StoreEngine) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        for path in folders {
            let result = try CaliperProcess.run(
                ["ingest", CaliperProcess.examples.appending(path: path).path, "--recursive",
                 "--engine", "vllm", "--engine-version", "0.10.1", "--label", "branch=main"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        return folder
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: StoreEngine.allCases) func differentReasoningEffortIsNotComparableUntilAllowed(engine: StoreEngine) throws {
        let folder = try store([Self.lowEffort, Self.highEffort], engine)
        let blocked = try CaliperProcess.run(["compare", "1", "2", "--format", "json"], in: folder)
        #expect(blocked.status == 2)
        let report = try json(blocked.stdout)
        #expect(report["status"] as? String == "not_comparable")
        let differences = try #require(report["differences"] as? [[String: Any]])
        let effort = try #require(differences.first { $0["field"] as? String == "reasoning_effort" })
        #expect(effort["baseline"] as? String == "low")
        #expect(effort["candidate"] as? String == "high")
        #expect(effort["blocking"] as? Bool == true)

        let allowed = try CaliperProcess.run(
            ["compare", "1", "2", "--allow-diff", "reasoning_effort", "--format", "json"], in: folder)
        #expect(allowed.status == 0)
        let compared = try json(allowed.stdout)
        #expect(compared["status"] as? String == "pass")
        let verdicts = try #require(compared["verdicts"] as? [[String: Any]])
        let aime = try #require(verdicts.first { $0["point"] as? String == "aime25" && $0["metric"] as? String == "accuracy" })
        #expect(aime["verdict"] as? String == "improvement")
        #expect(abs((aime["baseline"] as? Double ?? 0) - 0.625) < 1e-9)
        #expect(abs((aime["candidate"] as? Double ?? 0) - 0.8) < 1e-9)
        #expect(aime["method"] as? [String: String] == ["interval": "paired_bootstrap", "test": "paired_t"])
        let tokens = try #require(verdicts.first { $0["point"] as? String == "aime25" && $0["metric"] as? String == "output_tokens" })
        #expect(tokens["verdict"] is NSNull)
    }

    @Test(arguments: StoreEngine.allCases) func lowerEffortFailsTheGateWithReports(engine: StoreEngine) throws {
        let folder = try store([Self.highEffort, Self.lowEffort], engine)
        let gate = try CaliperProcess.run([
            "gate", "--baseline", "latest kind=eval reasoning_effort=high label.branch=main",
            "--candidate", "latest kind=eval reasoning_effort=low", "--allow-diff", "reasoning_effort",
            "--report", "out/gate.md", "--report", "out/gate.html", "--report", "out/gate.json", "--junit", "out/gate.xml",
        ], in: folder)
        #expect(gate.status == 1)
        #expect(gate.stderr == "")
        #expect(gate.stdout.hasPrefix("FAIL: 2 regressions: accuracy at aime25, accuracy at general_mcq\n"))

        let markdown = try String(contentsOf: folder.appending(path: "out/gate.md"), encoding: .utf8)
        #expect(markdown.contains("FAIL"))
        #expect(markdown.contains("run 1"))
        #expect(markdown.count < 65_000)
        let html = try String(contentsOf: folder.appending(path: "out/gate.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(try json(String(contentsOf: folder.appending(path: "out/gate.json"), encoding: .utf8))["exit_code"] as? Int == 1)
        let junit = try String(contentsOf: folder.appending(path: "out/gate.xml"), encoding: .utf8)
        #expect(junit.contains("<testsuite"))
        #expect(junit.contains("<failure"))
    }

    @Test(arguments: StoreEngine.allCases) func manyFailedRequestsMakeAnInvalidRun(engine: StoreEngine) throws {
        let folder = try store([Self.single, Self.failing], engine)
        let gate = try CaliperProcess.run(["gate", "--baseline", "1", "--candidate", "2"], in: folder)
        #expect(gate.status == 1)
        #expect(gate.stdout.hasPrefix("FAIL: invalid run: candidate c=2 3 of 10 requests failed (30.0%, limit 1%)"))
    }

    @Test(arguments: StoreEngine.allCases) func twoEvalScopeVersionsOnTheSameServerPass(engine: StoreEngine) throws {
        let folder = try store([Self.random0171, Self.random100], engine)
        let gate = try CaliperProcess.run(["gate", "--baseline", "1", "--candidate", "2", "--format", "json"], in: folder)
        #expect(gate.status == 0, "\(gate.stdout)")
        let report = try json(gate.stdout)
        #expect(report["status"] as? String == "pass")
        let verdicts = try #require(report["verdicts"] as? [[String: Any]])
        #expect(Set(verdicts.compactMap { $0["point"] as? String }) == ["c=2", "c=4"])
        #expect(!verdicts.contains { $0["verdict"] as? String == "regression" })
    }

    @Test(arguments: StoreEngine.allCases) func usageErrorsExitTwoWithOneLine(engine: StoreEngine) throws {
        let folder = try store([Self.single], engine)
        let db = CaliperProcess.storeName(in: folder)
        let cases: [([String], String)] = [
            (["gate", "--baseline", "1", "--candidate", "7"], "caliper: candidate: no run 7 in \(db)\n"),
            (["gate", "--baseline", "7", "--candidate", "1"], "caliper: baseline: no run 7 in \(db)\n"),
            (["gate", "--baseline", "1", "--candidate", "1"], "caliper: the baseline and the candidate are the same run 1\n"),
            (["compare", "1", "1", "--policy", "missing.yaml"], "caliper: missing.yaml: cannot read the policy file\n"),
        ]
        for (arguments, stderr) in cases {
            let result = try CaliperProcess.run(arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == stderr, "\(arguments)")
        }
        try "thresholds:\n  ttft.p999: 10%\n".write(to: folder.appending(path: "caliper.yaml"), atomically: true, encoding: .utf8)
        let badPolicy = try CaliperProcess.run(["gate", "--baseline", "1", "--candidate", "1"], in: folder)
        #expect(badPolicy.status == 2)
        #expect(badPolicy.stderr == "caliper: caliper.yaml: thresholds.ttft.p999: unknown statistic \"p999\" in \"ttft.p999\" (mean, std, min, max, p1 … p99)\n")
        let badReport = try CaliperProcess.run(["gate", "--baseline", "1", "--candidate", "1", "--report", "gate.pdf"], in: folder)
        #expect(badReport.status == 2)
        #expect(badReport.stderr == "caliper: gate.pdf: unknown report type (use .md, .html, .json, .xml or .txt)\n")
    }
}
