import CaliperAnalysis
import CaliperCore
import CaliperReports
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reports of a gate against a history baseline: the history named with its runs, the skipped
/// runs, the method, history means and prediction intervals in the row tables.
struct HistoryReportTests {
    /// A perf run at c=1 and c=8 with two aggregates per point.
    static func run(_ throughput: Double, hardware: String = "H20", runAt: RunTime? = nil) -> Run {
        let points = [1, 8].map { concurrency in
            var metrics = MetricTable()
            metrics[.outputThroughput, .value] = throughput * Double(concurrency)
            metrics[.ttft, .p99] = 0.1 * 1_000 / throughput
            return PerfPoint(concurrency: concurrency, requests: 100, metrics: metrics)
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: "Qwen3-8B"), engine: EngineIdentity(name: "vllm", version: "0.10.1"),
            hardware: Hardware(name: hardware, count: 1, memoryGB: 96), labels: ["branch": "main"],
            source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "perf-G"), runAt: runAt,
            contentHash: UUID().uuidString, points: points)
    }

    /// 13 runs (ids 13…1), run 5 on hardware whose name needs escaping; the candidate is 15 % slower.
    static func comparison(runs: Int = 13, policy: GatePolicy = .standard) -> RunComparison {
        let jitter = [0.0, 1.5, -1.0, 2.0, -2.0, 0.5, -0.5, 1.0, -1.5, 0.0, 2.5, -2.5, 1.0]
        let history: [(id: Int64?, run: Run)] = (0..<runs).map { index in
            let day = runs - index
            return (Int64(day), run(
                100 + jitter[index % jitter.count], hardware: day == 5 ? "<b>A100|x</b>" : "H20",
                runAt: RunTime(stringLiteral: String(format: "2026-12-%02dT10:00:00", day))))
        }
        return HistoryComparator.compare(
            history: history, candidate: run(85, runAt: "2026-12-20T10:00:00"), candidateID: 42, policy: policy,
            requested: 20)
    }

    @Test func markdownNamesTheHistoryItsRunsAndTheMethod() {
        let markdown = ComparisonReport.markdown(Self.comparison())
        #expect(markdown.hasPrefix("## ❌ FAIL: "))
        #expect(markdown.contains("**Baseline:** history of 12 runs (ids 13…1) · **Candidate:** run 42"))
        #expect(markdown.contains("| Run at | 2026-12-01 10:00:00 … 2026-12-13 10:00:00 | 2026-12-20 10:00:00 |"))
        #expect(markdown.contains("| Measured | 12 runs · 2 points (c=1, c=8) · aggregates | 2 points (c=1, c=8) · no per-request rows |"))
        #expect(markdown.contains("### Baseline history: 12 runs\n\n12 comparable runs (last=20), run 2026-12-01 10:00:00 to 2026-12-13 10:00:00; min_history 5.\n"))
        // More than ten runs: the list folds.
        #expect(markdown.contains("<details><summary>Runs used, newest first (12)</summary>\n\n13, 12, 11, 10, 9, 8, 7, 6, 4, 3, 2, 1\n\n</details>"))
        #expect(markdown.contains("1 run matching the selector was skipped:\n\n- run 5: not comparable: hardware \\<b>A100\\|x\\</b> 96GB x 1 (candidate: H20 96GB x 1)\n"))
        #expect(markdown.contains("Method: each figure of the candidate is tested against the 95% prediction interval"))
        #expect(markdown.contains("| Point | Metric | History mean | Candidate | Δ | 95% PI | p (Holm) | Threshold | Enough n? | Verdict |"))
        #expect(markdown.contains("| c=1 | output_throughput | 100.21 tok/s | 85.00 tok/s | -15.2% | "))
        #expect(markdown.contains("| Point | Metric | n (history runs / candidate) | Method | Detectable | Reason |"))
        #expect(markdown.contains("| c=1 | output_throughput | 12 / 1 | prediction_interval |"))
        #expect(markdown.contains("· at least 5 history runs (min_history)."))
    }

    @Test func aShortHistoryIsListedInlineAndSaysItIsTooShort() throws {
        let markdown = ComparisonReport.markdown(Self.comparison(runs: 4))
        #expect(markdown.hasPrefix("## ✅ PASS: only 4 comparable runs in history (min_history: 5); no regression (4 inconclusive)\n"))
        #expect(markdown.contains("**Only 4 comparable runs in history (min_history: 5): every figure is inconclusive.**"))
        #expect(markdown.contains("Runs used, newest first: 4, 3, 2, 1\n"))
        #expect(!markdown.contains("<details><summary>Runs used"))

        let xml = ComparisonReport.junit(Self.comparison(runs: 4))
        #expect(xml.contains(#"<testsuite name="caliper.history" tests="1" failures="0" errors="0" skipped="1" time="0">"#))
        #expect(xml.contains(#"<skipped message="Only 4 comparable runs in history (min_history: 5): every figure is inconclusive."/>"#))
    }

    @Test func htmlEscapesTheSkippedRunsAndNamesThePredictionInterval() {
        let html = ComparisonReport.html(Self.comparison())
        #expect(html.contains("<h2>Baseline history: 12 runs</h2>"))
        #expect(html.contains("<li><strong>run 5</strong>: not comparable: hardware &lt;b&gt;A100|x&lt;/b&gt; 96GB x 1 (candidate: H20 96GB x 1)</li>"))
        #expect(!html.contains("<b>A100"))
        #expect(html.contains("<th>History mean</th><th>Candidate</th><th>Δ</th><th>95% PI</th>"))
        #expect(html.contains("13, 12, 11, 10, 9, 8, 7, 6, 4, 3, 2, 1"))
        #expect(html.contains("<svg"))
    }

    @Test func jsonHasTheHistoryAndTwoRunDocumentsDoNot() throws {
        let object = try #require(try JSONSerialization.jsonObject(
            with: Data(ComparisonReport.json(Self.comparison()).utf8)) as? [String: Any])
        let history = try #require(object["history"] as? [String: Any])
        #expect(history["method"] as? String == "prediction_interval")
        #expect(history["n"] as? Int == 12)
        #expect(history["requested"] as? Int == 20)
        #expect(history["min_history"] as? Int == 5)
        #expect(history["enough"] as? Bool == true)
        #expect((history["runs"] as? [[String: Any]])?.first?["id"] as? Int == 13)
        #expect((history["runs"] as? [[String: Any]])?.first?["run_at"] as? String == "2026-12-13T10:00:00Z")
        #expect((history["skipped"] as? [[String: Any]])?.map { $0["id"] as? Int } == [5])
        #expect(history["oldest_run_at"] as? String == "2026-12-01T10:00:00Z")
        let baseline = try #require(object["baseline"] as? [String: Any])
        #expect(baseline["name"] as? String == "history of 12 runs (ids 13…1)")
        #expect(baseline["id"] is NSNull)

        let twoRuns = try #require(try JSONSerialization.jsonObject(
            with: Data(ComparisonReport.json(ComparisonFixtures.perf()).utf8)) as? [String: Any])
        #expect(twoRuns["history"] == nil)
    }

    @Test func terminalAndJUnitListTheRunsUsed() throws {
        let text = ComparisonReport.terminal(Self.comparison(), color: false, width: nil)
        #expect(text.contains("baseline history: 12 runs\n  12 comparable runs (last=20)"))
        #expect(text.contains("  runs used, newest first: 13, 12, 11, 10, 9, 8, 7, 6, 4, 3, 2, 1\n"))
        #expect(text.contains("POINT  METRIC             HISTORY MEAN"))
        #expect(text.contains("95% PI"))

        let xml = ComparisonReport.junit(Self.comparison())
        #expect(xml.contains(#"<testcase classname="caliper.history" name="history: 12 runs" time="0">"#))
        #expect(xml.contains("runs used, newest first: 13, 12, 11, 10, 9, 8, 7, 6, 4, 3, 2, 1"))
        #expect(xml.contains("history mean 100.21 tok/s → candidate 85.00 tok/s (n 12 / 1)"))
        #if canImport(FoundationXML) || os(macOS)
        let document = try XMLDocument(xmlString: xml, options: [])
        #expect(try document.nodes(forXPath: "/testsuites/testsuite").count == 2)
        #endif
    }
}
