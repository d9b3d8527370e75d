import CaliperAnalysis
import CaliperCore
import CaliperReports
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

struct ComparisonMarkdownTests {
    @Test func startsWithTheVerdictAndNamesBothRuns() {
        let markdown = ComparisonReport.markdown(ComparisonFixtures.perf())
        #expect(markdown.hasPrefix("## ❌ FAIL: 1 regression (c=8 ttft.p99 +25.0%); 1 inconclusive\n"))
        #expect(markdown.contains("**Baseline:** run 41 · **Candidate:** run 42"))
        #expect(markdown.contains("| Engine | vllm 0.10.1 | vllm 0.11.0 |"))
        #expect(markdown.contains("| Measured | 3 points (c=1, c=4, c=8) · 1,200 requests | 4 points (c=1, c=4, c=8, c=16) · 1,600 requests |"))
        #expect(markdown.contains("- engine_version: 0.10.1 → 0.11.0\n"))
        #expect(markdown.contains(
            "| c=8 | ttft.p99 | 260.00 ms | 325.00 ms | +25.0% | [+15.0%, +35.0%] | < 0.001 | +10% | - | ❌ regression |"))
        #expect(markdown.contains("| +4.0% | [-3.0%, +12.0%] | 1.000 | +10% | - | ⚠️ inconclusive |"))
        #expect(markdown.contains("| c=1 | output_throughput | 40.00 tok/s | 39.60 tok/s | -1.0% | [-3.0%, +1.0%] |"))
        #expect(markdown.contains("p (Holm)"))
        #expect(markdown.contains("**Only in the candidate** (not compared): c=16"))
        #expect(markdown.contains("alpha 0.05 (95% intervals) · Holm correction over 9 gated comparisons · inconclusive passes"))
        #expect(markdown.contains("<details><summary>"))
    }

    @Test func evalShowsVariedKeysScoresInPointsAndInformationalRows() {
        let markdown = ComparisonReport.markdown(ComparisonFixtures.eval())
        #expect(markdown.hasPrefix("## ✅ PASS: "))
        #expect(markdown.contains("- reasoning_effort: low → high (allowed)\n"))
        #expect(markdown.contains("| aime25 | accuracy | 60.00% | 70.00% | +10.0pp | [+2.0pp, +18.0pp] | 0.020 | -2pp | - | ✅ improvement |"))
        #expect(markdown.contains("| general_mcq | accuracy | 80.00% | 80.50% | +0.5pp | [-1.0pp, +2.0pp] | 0.600 | -2pp | - | ➖ unchanged |"))
        #expect(markdown.contains("Not gated, shown for context"))
        #expect(markdown.contains("| (all) | output_tokens.mean | 1200 | 2900 | +1700 | [+1550, +1850] | < 0.001 | info |"))
    }

    @Test func notComparableListsTheBlockingKeysAndHowToAllowThem() {
        let markdown = ComparisonReport.markdown(ComparisonFixtures.notComparable())
        #expect(markdown.hasPrefix("## ⛔ NOT COMPARABLE: model differs; hardware differs\n"))
        #expect(markdown.contains("| model | Qwen3-8B | Qwen3-14B | --allow-diff model |"))
        #expect(markdown.contains("| hardware | H20 96GB x 1 | A100 80GB x 2 | --allow-diff hardware |"))
        #expect(markdown.contains("To compare anyway, pass: --allow-diff model --allow-diff hardware"))
        #expect(!markdown.contains("### Performance"))
    }

    @Test func staysUnderTheCommentLimitWithTwoThousandRows() {
        let comparison = ComparisonFixtures.large(rows: 2_000)
        let markdown = ComparisonReport.markdown(comparison)
        #expect(markdown.utf16.count <= ComparisonReport.markdownLimit)
        #expect(markdown.hasPrefix("## ❌ FAIL"))
        // Every flagged row is kept; the unchanged ones are counted.
        #expect(markdown.components(separatedBy: "| ❌ regression |").count - 1 == comparison.count(.regression))
        #expect(markdown.components(separatedBy: "| ⚠️ inconclusive |").count - 1 == comparison.count(.inconclusive))
        #expect(markdown.contains("\(Formatting.count(comparison.count(.unchanged))) unchanged rows"))
        #expect(markdown.contains("### Policy"))
    }

    @Test func keepsTheMostImportantRowsWhenEvenFlaggedRowsDoNotFit() {
        var comparison = ComparisonFixtures.large(rows: 2_000)
        for index in comparison.metrics.indices {
            comparison.metrics[index].decision?.verdict = index < 200 ? .regression : .improvement
        }
        let markdown = ComparisonReport.markdown(comparison)
        #expect(markdown.utf16.count <= ComparisonReport.markdownLimit)
        #expect(markdown.components(separatedBy: "| ❌ regression |").count - 1 == 200)
        #expect(markdown.contains("more flagged rows"))
    }

    @Test func userStringsCannotBreakTheTable() {
        let comparison = ComparisonFixtures.perf(
            model: "Qwen|8B <script>alert(1)</script>", labels: ["branch": "fix|pipes", "note": "*bold* [x](y)"])
        let markdown = ComparisonReport.markdown(comparison)
        let modelLine = markdown.split(separator: "\n").first { $0.hasPrefix("| Model |") }.map(String.init) ?? ""
        #expect(modelLine.contains(#"Qwen\|8B \<script>alert(1)\</script>"#))
        #expect(unescapedPipes(modelLine) == 4)
        let labelsLine = markdown.split(separator: "\n").first { $0.hasPrefix("| Labels |") }.map(String.init) ?? ""
        #expect(labelsLine.contains(#"branch=fix\|pipes note=\*bold\* [x\](y)"#))
        #expect(unescapedPipes(labelsLine) == 4)
        // `\<script>` shows the text; an unescaped `<script` would be raw HTML.
        #expect(!markdown.replacingOccurrences(of: #"\<"#, with: "").contains("<script"))
    }

    private func unescapedPipes(_ line: String) -> Int {
        var count = 0
        var previous: Character = " "
        for character in line {
            if character == "|" && previous != "\\" { count += 1 }
            previous = character
        }
        return count
    }
}

struct ComparisonHTMLTests {
    @Test func isSelfContainedWithChartsAndEscapesData() {
        let comparison = ComparisonFixtures.perf(model: #"Qwen|8B <script>alert("x")</script>"#)
        let html = ComparisonReport.html(comparison)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(!html.lowercased().contains("<script"))
        // One concurrency chart per gated figure: output_throughput, ttft.mean, ttft.p99.
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("ttft.p99 by concurrency"))
        let links = html.components(separatedBy: "://").count - 1
        let namespaces = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        #expect(links == namespaces)
        #expect(!html.contains("https://"))
        #expect(!html.contains("src="))
        #expect(html.contains(#"<header class="status fail">"#))
        #expect(html.contains("❌ regression"))
    }

    @Test func evalHasTheScoreDeltaChart() {
        let html = ComparisonReport.html(ComparisonFixtures.eval())
        #expect(html.components(separatedBy: "<svg").count - 1 == 1)
        #expect(html.contains("Change in accuracy by dataset"))
        #expect(html.contains(#"class="threshold""#))
        #expect(html.contains(#"class="zero""#))
        #expect(html.contains("reasoning_effort"))
    }

    @Test func notComparableHasNoCharts() {
        let html = ComparisonReport.html(ComparisonFixtures.notComparable())
        #expect(!html.contains("<svg"))
        #expect(html.contains("--allow-diff model --allow-diff hardware"))
    }
}

struct ComparisonJSONTests {
    @Test func parsesAndHasTheFields() throws {
        let text = try ComparisonReport.json(ComparisonFixtures.perf())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "fail")
        #expect(object["exit_code"] as? Int == 1)
        #expect((object["headline"] as? String)?.hasPrefix("FAIL: 1 regression") == true)
        let baseline = try #require(object["baseline"] as? [String: Any])
        #expect(baseline["id"] as? Int == 41)
        #expect((baseline["keys"] as? [String: Any])?["engine_version"] as? String == "0.10.1")
        #expect((baseline["counts"] as? [String: Any])?["requests"] as? Int == 1_200)
        let differences = try #require(object["differences"] as? [[String: Any]])
        #expect(differences.contains { $0["field"] as? String == "engine_version" && $0["blocking"] as? Bool == false })
        #expect((object["one_sided"] as? [String: Any])?["only_in_candidate"] as? [String] == ["c=16"])
        let verdicts = try #require(object["verdicts"] as? [[String: Any]])
        #expect(verdicts.count == 9)
        let regression = try #require(verdicts.first { $0["point"] as? String == "c=8" && $0["metric"] as? String == "ttft" && $0["stat"] as? String == "p99" })
        #expect(regression["verdict"] as? String == "regression")
        #expect(regression["kind"] as? String == "perf")
        #expect(abs((regression["relative_delta"] as? Double ?? 0) - 0.25) < 1e-9)
        #expect((regression["relative_interval"] as? [String: Any])?["level"] as? Double == 0.95)
        #expect((regression["threshold"] as? [String: Any])?["label"] as? String == "+10%")
        #expect((regression["threshold"] as? [String: Any])?["key"] as? String == "ttft.p99")
        #expect(regression["correction"] as? String == "holm")
        #expect(regression["n_baseline"] as? Int == 400)
        #expect((regression["method"] as? [String: Any])?["test"] as? String == "mann_whitney")
        #expect(regression["minimum_detectable_effect"] is Double)
        let policy = try #require(object["policy"] as? [String: Any])
        #expect(policy["alpha"] as? Double == 0.05)
        #expect(text.hasSuffix("}\n"))
        #expect(try ComparisonReport.json(ComparisonFixtures.perf()) == text)
    }

    @Test func informationalRowsHaveANullVerdict() throws {
        let text = try ComparisonReport.json(ComparisonFixtures.eval())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let verdicts = try #require(object["verdicts"] as? [[String: Any]])
        let tokens = try #require(verdicts.first { $0["metric"] as? String == "output_tokens" })
        #expect(tokens["verdict"] is NSNull)
        #expect(tokens["threshold"] is NSNull)
        #expect(tokens["gated"] as? Bool == false)
        #expect(verdicts.first?["verdict"] as? String == "improvement")
        let differences = try #require(object["differences"] as? [[String: Any]])
        #expect(differences.contains { $0["field"] as? String == "reasoning_effort" && $0["allowed"] as? Bool == true })
    }
}

struct ComparisonJUnitTests {
    @Test func countsMatchTheVerdicts() throws {
        let xml = ComparisonReport.junit(ComparisonFixtures.perf())
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
        #expect(xml.contains(#"<testsuite name="caliper.perf" tests="9" failures="1" errors="0" skipped="1" time="0">"#))
        #expect(xml.contains(#"<testcase classname="caliper.perf.c=8" name="ttft.p99" time="0">"#))
        try assertParses(xml, suites: 1, failures: 1)
    }

    @Test func inconclusiveFailsWhenThePolicySaysSo() throws {
        var comparison = ComparisonFixtures.perf()
        comparison.policy.inconclusive = .fail
        let xml = ComparisonReport.junit(comparison)
        #expect(xml.contains(#"tests="9" failures="2" errors="0" skipped="0""#))
        try assertParses(xml, suites: 1, failures: 2)
    }

    @Test func invalidRunsAndNotComparableAreFailuresAndErrors() throws {
        var invalid = ComparisonFixtures.perf(model: "bad \"model\" <&> \u{7}")
        invalid.problems = [ValidityProblem(side: .candidate, subject: "c=8", reason: "25.0% of requests failed (limit 1%)")]
        let xml = ComparisonReport.junit(invalid)
        #expect(xml.contains(#"<testsuite name="caliper.validity" tests="1" failures="1""#))
        try assertParses(xml, suites: 2, failures: 2)

        let notComparable = ComparisonReport.junit(ComparisonFixtures.notComparable())
        #expect(notComparable.contains(#"<testsuite name="caliper.comparability" tests="1" failures="0" errors="1" skipped="0""#))
        #expect(notComparable.contains("model: Qwen3-8B → Qwen3-14B (to compare anyway: --allow-diff model)"))
        try assertParses(notComparable, suites: 1, failures: 0)
    }

    private func assertParses(_ xml: String, suites: Int, failures: Int) throws {
        #if canImport(FoundationXML) || os(macOS)
        let document = try XMLDocument(xmlString: xml, options: [])
        #expect(try document.nodes(forXPath: "/testsuites/testsuite").count == suites)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == failures)
        let root = try #require(document.rootElement())
        #expect(root.attribute(forName: "failures")?.stringValue == String(failures))
        #endif
    }
}

struct ComparisonTerminalTests {
    @Test func plainWithoutColor() {
        let text = ComparisonReport.terminal(ComparisonFixtures.perf(), color: false)
        #expect(text.hasPrefix("FAIL: 1 regression (c=8 ttft.p99 +25.0%); 1 inconclusive\n"))
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("c=8    ttft.p99"))
        #expect(text.contains("c=8 ttft.p99: worse beyond the threshold, significant"))
    }

    @Test func colorsOnlyWhenAsked() {
        let text = ComparisonReport.terminal(ComparisonFixtures.perf(), color: true)
        #expect(text.hasPrefix("\u{1B}[1;31mFAIL\u{1B}[0m: "))
        #expect(text.contains("\u{1B}[31mregression\u{1B}[0m"))
        #expect(text.contains("\u{1B}[33minconclusive\u{1B}[0m"))
        // Colored cells still line up: the verdict starts in the same column on every line.
        let table = text.split(separator: "\n").map { $0.replacing(/\x{1B}\[[0-9;]*m/, with: "") }
            .filter { $0.hasPrefix("POINT") || $0.hasPrefix("c=") }
        let columns = Set(table.compactMap { line in
            line.firstRange(of: /(VERDICT|regression|unchanged|inconclusive)$/).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        })
        #expect(table.count == 10)
        #expect(columns.count == 1)
    }
}

struct ComparisonReportEdgeTests {
    @Test func hugeNotesAreCutAtALineAndSaySo() {
        var comparison = ComparisonFixtures.perf()
        comparison.notes = (0..<2_000).map { "note \($0): " + String(repeating: "x", count: 60) }
        let markdown = ComparisonReport.markdown(comparison)
        #expect(markdown.utf16.count <= ComparisonReport.markdownLimit)
        #expect(markdown.hasPrefix("## ❌ FAIL"))
        #expect(markdown.hasSuffix(
            "\n\n*Report truncated at 65,000 characters: 1,127 list items and the section Policy left out;"
                + " the JSON and HTML reports are complete.*\n"))
    }

    @Test func aPassWithNothingGatedIsStillAJUnitTestCase() throws {
        var comparison = ComparisonFixtures.eval()
        comparison.metrics = comparison.metrics.filter { $0.decision == nil }
        let xml = ComparisonReport.junit(comparison)
        #expect(xml.contains(#"<testcase classname="caliper.gate" name="gate" time="0">"#))
        #expect(xml.contains(#"<testsuites name="caliper" tests="1" failures="0" errors="0" skipped="0""#))
    }

    @Test func jsonDifferencesReadAsWritten() throws {
        let text = try ComparisonReport.json(ComparisonFixtures.eval())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let differences = try #require(object["differences"] as? [[String: Any]])
        let effort = try #require(differences.first { $0["field"] as? String == "reasoning_effort" })
        #expect(effort["baseline"] as? String == "low")
        #expect(effort["candidate"] as? String == "high")
    }
}
