import CaliperTestSupport
import Foundation
import Testing

/// What CI needs from `gate` and `compare` reports: the format each file gets, the first run with
/// no baseline, the verdict line of `compare`, failed requests' errors, and 120 columns.
@Suite(.serialized)
struct GateReportsEndToEndTests {
    let gate = GateEndToEndTests()

    /// A path like GitHub's `$GITHUB_STEP_SUMMARY`: no extension.
    @Test(arguments: StoreEngine.allCases) func aReportWithoutAnExtensionIsMarkdownAndTheStepSummaryIsAppended(engine: StoreEngine) throws {
        let folder = try gate.store([GateEndToEndTests.single, GateEndToEndTests.failing], engine)
        let plain = try CaliperProcess.run(
            ["gate", "--baseline", "1", "--candidate", "2", "--report", "out/step_summary_1"], in: folder)
        #expect(plain.status == 1, "\(plain.stderr)")
        let markdown = try String(contentsOf: folder.appending(path: "out/step_summary_1"), encoding: .utf8)
        #expect(markdown.hasPrefix("## ❌ FAIL: invalid run: "))

        let summary = folder.appending(path: "step_summary_2").path
        try "## Earlier step\n".write(toFile: summary, atomically: true, encoding: .utf8)
        let appended = try CaliperProcess.run(
            ["gate", "--baseline", "1", "--candidate", "2", "--report", summary], in: folder,
            environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(appended.status == 1)
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(text.hasPrefix("## Earlier step\n\n## ❌ FAIL: invalid run: "))

        let json = try CaliperProcess.run(
            ["gate", "--baseline", "1", "--candidate", "2", "--report", "out/summary", "--format", "json"], in: folder)
        #expect(json.status == 1)
        #expect(try String(contentsOf: folder.appending(path: "out/summary"), encoding: .utf8).hasPrefix("{"))
    }

    @Test(arguments: StoreEngine.allCases) func compareWritesTheFormatOfTheOutputsExtension(engine: StoreEngine) throws {
        let folder = try gate.store([GateEndToEndTests.single, GateEndToEndTests.failing], engine)
        for (file, start) in [("x.html", "<!DOCTYPE html>"), ("x.md", "## "), ("x.json", "{"), ("x.xml", "<?xml")] {
            let result = try CaliperProcess.run(["compare", "1", "2", "-o", file], in: folder)
            #expect(result.status == 0, "\(file): \(result.stderr)")
            let text = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
            #expect(text.hasPrefix(start), "\(file)")
        }
        let forced = try CaliperProcess.run(["compare", "1", "2", "-o", "y.html", "--format", "json"], in: folder)
        #expect(forced.status == 0)
        #expect(try String(contentsOf: folder.appending(path: "y.html"), encoding: .utf8).hasPrefix("{"))
    }

    /// `compare` exits 0 whatever the verdicts, so it never prints `FAIL:`.
    @Test(arguments: StoreEngine.allCases) func compareSaysWhatAGateWouldDecide(engine: StoreEngine) throws {
        let folder = try gate.store([GateEndToEndTests.single, GateEndToEndTests.failing], engine)
        let result = try CaliperProcess.run(["compare", "1", "2"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("a gate would fail: invalid run: candidate c=2 3 of 10 requests failed"))
        #expect(!result.stdout.contains("FAIL"))
        let markdown = try CaliperProcess.run(["compare", "1", "2", "--format", "markdown"], in: folder)
        #expect(markdown.stdout.hasPrefix("## ❌ a gate would fail: invalid run: "))
    }

    @Test(arguments: StoreEngine.allCases) func aFirstRunWithoutBaselineExitsThreeOrPassesWhenAsked(engine: StoreEngine) throws {
        let folder = try gate.store([GateEndToEndTests.single], engine)
        let selector = "latest model=gpt-oss-20b label.branch=does-not-exist"
        let reports = ["--report", "out/gate.md", "--report", "out/gate.json", "--report", "out/gate.xml",
                       "--report", "out/gate.html"]
        let missing = try CaliperProcess.run(["gate", "--baseline", selector, "--candidate", "1"] + reports, in: folder)
        #expect(missing.status == 3)
        // The verdict line is fitted to 120 columns: a long store URL wraps it onto an indented line.
        func unwrapped(_ text: String) -> String { text.replacingOccurrences(of: "\n  ", with: " ") }
        #expect(unwrapped(missing.stdout).hasPrefix(
            "NO BASELINE: no baseline: no run matches the selector in \(CaliperProcess.storeName(in: folder)) (pass --if-no-baseline pass to let a first run pass)\n"))
        #expect(try String(contentsOf: folder.appending(path: "out/gate.md"), encoding: .utf8).hasPrefix("## ❔ NO BASELINE: "))

        let passing = try CaliperProcess.run(
            ["gate", "--baseline", selector, "--candidate", "1", "--if-no-baseline", "pass"] + reports, in: folder)
        #expect(passing.status == 0, "\(passing.stderr)")
        let said = "no baseline: no run matches the selector in \(CaliperProcess.storeName(in: folder)); nothing was compared, passed by --if-no-baseline pass"
        #expect(unwrapped(passing.stdout).hasPrefix("PASS: \(said)\n"))
        for file in ["out/gate.md", "out/gate.json", "out/gate.xml", "out/gate.html"] {
            let text = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
            #expect(text.contains("nothing was compared, passed by --if-no-baseline pass"), "\(file)")
        }
        let json = try gate.json(String(contentsOf: folder.appending(path: "out/gate.json"), encoding: .utf8))
        #expect(json["status"] as? String == "pass")
        #expect(json["missing_baseline"] as? String == selector)

        // compare has no report to pass: it exits 3 with one line.
        let compared = try CaliperProcess.run(["compare", selector, "1"], in: folder)
        #expect(compared.status == 3)
        #expect(compared.stderr == "caliper: baseline: no run matches the selector in \(CaliperProcess.storeName(in: folder)) (no baseline to compare with)\n")
    }

    /// The failing server's candidate: 9 of 30 requests failed, and every report says with what.
    @Test(arguments: StoreEngine.allCases) func failedRequestsAreListedWithTheirErrorTexts(engine: StoreEngine) throws {
        let folder = try gate.store([GateEndToEndTests.single, GateEndToEndTests.failing], engine)
        let result = try CaliperProcess.run(
            ["gate", "--baseline", "1", "--candidate", "2", "--report", "g.md", "--report", "g.html",
             "--report", "g.xml", "--report", "g.json"], in: folder)
        #expect(result.status == 1)
        let json = try gate.json(String(contentsOf: folder.appending(path: "g.json"), encoding: .utf8))
        let errors = try #require((json["candidate"] as? [String: Any])?["errors"] as? [[String: Any]])
        #expect(errors.map { $0["count"] as? Int ?? 0 }.reduce(0, +) == 9)
        let first = try #require(errors.first?["text"] as? String)
        #expect(result.stdout.contains("failed requests:\n  candidate: \(errors[0]["count"] as? Int ?? 0) × "))
        for file in ["g.md", "g.html", "g.xml"] {
            let text = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
            #expect(text.contains("× "), "\(file)")
            #expect(text.contains(String(first.prefix(12))), "\(file)")
        }
    }

    /// Terminal reports of the example data fit 120 columns; `--wide` shows values whole.
    @Test(arguments: StoreEngine.allCases) func terminalReportsFitOneHundredTwentyColumns(engine: StoreEngine) throws {
        let folder = try gate.store([
            GateEndToEndTests.single, GateEndToEndTests.failing, GateEndToEndTests.lowEffort, GateEndToEndTests.highEffort,
            GateEndToEndTests.random0171, GateEndToEndTests.random100,
        ], engine)
        let runs: [(String, String)] = [("1", "2"), ("3", "4"), ("5", "6")]
        for (a, b) in runs {
            for command in [["compare", a, b], ["gate", "--baseline", a, "--candidate", b]] {
                let result = try CaliperProcess.run(command + ["--allow-diff", "reasoning_effort"], in: folder)
                #expect(result.status != 2, "\(command): \(result.stderr)")
                let long = result.stdout.split(separator: "\n").filter { $0.count > 120 }
                #expect(long.isEmpty, "\(command): \(long)")
                let wide = try CaliperProcess.run(command + ["--allow-diff", "reasoning_effort", "--wide"], in: folder)
                #expect(wide.stdout.split(separator: "\n").contains { $0.count > 120 }, "\(command) --wide")
            }
        }
    }
}
