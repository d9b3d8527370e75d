import CaliperAnalysis
import CaliperCore
import CaliperReports
import Foundation
import Testing

/// Trend series built in code: `runs` runs with a 10 % step down at run 61 (engine 0.10.0 → 0.10.1).
enum TrendReportFixtures {
    static let subject = TrendSubject.perf(metric: .outputThroughput, statistic: .value, concurrency: 100, requestRate: nil)

    static func series(
        runs: Int = 120, branch: (Int) -> String = { _ in "main" }, groupedBy grouping: RunKey? = nil,
        filters: [String] = ["model=gpt-oss-20b"]
    ) -> TrendSeries {
        var rng = SeededGenerator(seed: 5)
        let observations = (1...runs).map { id in
            let after = id > 60
            let run = Run(
                kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"),
                engine: EngineIdentity(name: "vllm", version: after ? "0.10.1" : "0.10.0"),
                labels: ["branch": branch(id), "commit": after ? "9be01d2" : "3f2a9c1"],
                source: SourceInfo(tool: "evalscope"), runAt: RunTime(seconds: 1_767_225_600 + Int64(id) * 3600, offsetSeconds: nil, origin: nil),
                contentHash: "run-\(id)")
            let value = (after ? 1_350.0 : 1_500.0) * (1 + 0.01 * (rng.unit() - 0.5))
            // 20 requests of 256 tokens, latencies 1.70 … 1.74 s.
            let latencies = (0..<20).map { 1.7 + 0.01 * Double($0 % 5) }
            let sums = TrendObservation.Evidence.ratioSums(
                count: 20, y: 20 * 256, x: latencies.reduce(0, +), yy: 20 * 256 * 256,
                xy: 256 * latencies.reduce(0, +), xx: latencies.map { $0 * $0 }.reduce(0, +))
            return TrendObservation(
                runID: Int64(id), ingestedAt: "2026-02-01T00:00:00Z", run: run, value: id == 7 ? nil : value, count: 20,
                evidence: id == 7 || id == 8 ? .none : sums)
        }
        return TrendSeries(observations, subject: subject, filters: filters, groupedBy: grouping)
    }
}

struct TrendMarkdownTests {
    @Test func headlineChangePointsAndRuns() throws {
        let markdown = TrendReport.markdown(TrendReportFixtures.series())
        #expect(markdown.hasPrefix("## Trend: output_throughput at c=100\n"))
        #expect(markdown.contains("**119 runs** matching model=gpt-oss-20b · 2026-01-01 01:00:00 → 2026-01-06 00:00:00 · run-time order · higher is better"))
        #expect(markdown.contains("1 change point (p < 0.001 · window 50 · minimum change 0%):"))
        let change = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| run 61 |") })
        #expect(change.contains("| 2026-01-03 13:00:00 |"))
        #expect(change.contains("tok/s → 1"))
        #expect(change.contains("| -10.0% |") || change.contains("| -9.9% |") || change.contains("| -10.1% |"))
        #expect(change.contains("| < 0.001 |"))
        #expect(change.contains("| 59 → 60 runs |"))
        #expect(change.hasSuffix("| engine_version: 0.10.0 → 0.10.1; label.commit: 3f2a9c1 → 9be01d2 |"))
        #expect(markdown.contains("| Run | When | Engine | output_throughput | 95% CI | n | Change |"))
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| run 61 | 2026-01-03 13:00:00 | vllm 0.10.1 |") })
        #expect(row.contains("▼ -"))
        #expect(row.contains(" tok/s, 1") && row.contains("| 20 |"))
        // Run 7 reported nothing and run 8 kept no rows: both are explained.
        #expect(markdown.contains("1 matching run reported no output_throughput and kept no rows to compute it from, so it is left out: 7"))
        #expect(markdown.contains("1 run has no interval: no per-request rows"))
        #expect(markdown.contains("per-run 95% intervals: ratio_delta_method (118 runs)"))
    }

    @Test func listsTheNewestHundredRunsAndSaysSo() {
        let markdown = TrendReport.markdown(TrendReportFixtures.series(runs: 400))
        #expect(markdown.utf16.count <= ComparisonReport.markdownLimit)
        #expect(markdown.components(separatedBy: "\n| run ").count - 1 == TrendReport.markdownRows + 1)
        #expect(markdown.contains("| run 400 |"))
        #expect(!markdown.contains("| run 300 |"))
        #expect(markdown.contains("*299 earlier runs are not listed; the JSON report has every run.*"))
    }

    @Test func groupsAreListedInVersionOrder() {
        let markdown = TrendReport.markdown(TrendReportFixtures.series(groupedBy: RunKey("engine_version")))
        #expect(markdown.contains("### By engine_version\n"))
        #expect(markdown.contains("| 0.10.0 | 59 | 1"))
        #expect(markdown.contains("| 0.10.1 | 60 | 1"))
        #expect(markdown.range(of: "| 0.10.0 | 59")!.lowerBound < markdown.range(of: "| 0.10.1 | 60")!.lowerBound)
        #expect(markdown.contains("runs 1, 2, 3 … 60 |"))
    }

    @Test func hostileLabelsCannotBreakTheMarkdown() {
        let markdown = TrendReport.markdown(TrendReportFixtures.series(
            runs: 20, branch: { $0 == 20 ? "<script>alert(1)</script>|x" : "main" }, groupedBy: RunKey("label.branch"),
            filters: ["label.branch=<img src=x>"]))
        // Every `<` that could open a tag is escaped.
        #expect(markdown.components(separatedBy: "<script").count == markdown.components(separatedBy: "\\<script").count)
        #expect(markdown.contains("\\<script>alert(1)\\</script>\\|x"))
        #expect(markdown.contains("label.branch=\\<img src=x>"))
    }
}

struct TrendHTMLTests {
    @Test func selfContainedPageWithTheChart() {
        let html = TrendReport.html(TrendReportFixtures.series(groupedBy: RunKey("engine_version")))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Trend: output_throughput at c=100</title>"))
        // No scripts and nothing loaded from elsewhere (the only URL is the SVG namespace).
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("href="))
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2)
        #expect(html.contains("output_throughput at c=100 by run"))
        #expect(html.contains("output_throughput at c=100 by engine_version"))
        // One dashed change-point marker labelled with its change, two segment means, whiskers, a line.
        #expect(html.components(separatedBy: "<line class=\"change-point\"").count - 1 == 1)
        #expect(html.contains("<text class=\"change-label\""))
        #expect(html.components(separatedBy: "<line class=\"segment\"").count - 1 == 2)
        #expect(html.contains("class=\"candidate whisker\""))
        #expect(html.contains("<polyline class=\"series candidate\""))
        #expect(html.contains(">tok/s</text>"))
        #expect(html.contains("<tr class=\"change\"><td>run 61</td>"))
        #expect(html.contains("<code>engine_version: 0.10.0 → 0.10.1</code>"))
    }

    @Test func hostileLabelsAreEscapedEverywhere() {
        let hostile = "<script>alert(\"x\")</script>"
        let html = TrendReport.html(TrendReportFixtures.series(
            runs: 20, branch: { $0 > 10 ? hostile : "main" }, groupedBy: RunKey("label.branch"),
            filters: ["label.branch=\(hostile)"]))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
    }

    @Test func manyRunsDrawTheLineWithoutOneMarkerEach() {
        let html = TrendReport.html(TrendReportFixtures.series(runs: 1_000))
        #expect(html.components(separatedBy: "<circle class=\"candidate\"").count - 1 == 0)
        #expect(html.contains("<polyline class=\"series candidate\""))
        let small = TrendReport.html(TrendReportFixtures.series(runs: 100))
        #expect(small.components(separatedBy: "<circle class=\"candidate\"").count - 1 == 99)
    }
}

struct TrendJSONAndTerminalTests {
    func object(_ series: TrendSeries) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(TrendReport.json(series).utf8)) as? [String: Any])
    }

    @Test func jsonHasEveryRunAndTheChangeWithWhatChanged() throws {
        let json = try object(TrendReportFixtures.series(groupedBy: RunKey("engine_version")))
        let subject = try #require(json["subject"] as? [String: Any])
        #expect(subject["metric"] as? String == "output_throughput")
        #expect(subject["stat"] as? String == "value")
        #expect(subject["concurrency"] as? Int == 100)
        #expect(subject["request_rate"] is NSNull)
        #expect(subject["unit"] as? String == "tok/s")
        #expect(json["runs"] as? Int == 119)
        #expect(json["left_out"] as? [Int] == [7])
        #expect(json["order"] as? String == "run-time")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.count == 119)
        let eighth = try #require(points.first { $0["run_id"] as? Int == 8 })
        #expect(eighth["interval"] is NSNull)
        #expect(eighth["limitation"] as? String == "no per-request rows")
        let first = points[0]
        #expect(first["method"] as? String == "ratio_delta_method")
        #expect((first["interval"] as? [String: Any])?["level"] as? Double == 0.95)
        #expect(first["engine_version"] as? String == "0.10.0")
        #expect(first["group"] as? String == "0.10.0")
        let changes = try #require(json["change_points"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes[0]["run_id"] as? Int == 61 && changes[0]["previous_run_id"] as? Int == 60)
        #expect(changes[0]["direction"] as? String == "decrease")
        #expect(abs((changes[0]["relative_change"] as? Double ?? 0) + 0.1) < 0.01)
        let changed = try #require(changes[0]["changed"] as? [[String: Any]])
        #expect(changed.first?["field"] as? String == "engine_version")
        #expect(changed.first?["before"] as? String == "0.10.0" && changed.first?["after"] as? String == "0.10.1")
        #expect((json["segments"] as? [[String: Any]])?.map { $0["runs"] as? Int } == [59, 60])
        #expect((json["groups"] as? [[String: Any]])?.map { $0["value"] as? String } == ["0.10.0", "0.10.1"])
        #expect((json["detector"] as? [String: Any])?["window"] as? Int == 50)
    }

    @Test func jsonIsStable() throws {
        let series = TrendReportFixtures.series()
        #expect(TrendReport.json(series) == TrendReport.json(series))
        let text = TrendReport.json(series)
        #expect(text.hasSuffix("}\n"))
        #expect(text.range(of: "\"change_points\"")!.lowerBound < text.range(of: "\"points\"")!.lowerBound)
    }

    @Test func terminalListsRunsAndTheChange() {
        let text = TrendReport.terminal(TrendReportFixtures.series(), color: false)
        #expect(text.hasPrefix("output_throughput at c=100: 119 runs · 2026-01-01 01:00:00 → 2026-01-06 00:00:00 · run-time order · 1 change point\n"))
        #expect(text.contains("RUN  TIME"))
        #expect(text.contains("  run 61 at 2026-01-03 13:00:00: "))
        #expect(text.contains("    changed since run 60: engine_version: 0.10.0 → 0.10.1; label.commit: 3f2a9c1 → 9be01d2\n"))
        #expect(!text.contains("\u{1B}["))
        #expect(TrendReport.terminal(TrendReportFixtures.series(), color: true).contains("\u{1B}[31m▼"))
    }
}

/// `Reports/examples/trend-synthetic-step.*`: the fixture series rendered as users get it, so the
/// committed example shows change-point markers (the bundled EvalScope history is too short for
/// any). `CALIPER_UPDATE_EXAMPLES=1 swift test --filter TrendExampleTests` rewrites the files.
struct TrendExampleTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Reports/examples")

    @Test func committedExampleIsWhatTheFixtureRenders() throws {
        let series = TrendReportFixtures.series(
            groupedBy: RunKey("engine_version"),
            filters: ["model=gpt-oss-20b", "synthetic data: seeded noise, a 10 % step at run 61"])
        let rendered = [
            "md": TrendReport.markdown(series), "html": TrendReport.html(series), "json": TrendReport.json(series),
        ]
        for (ext, text) in rendered.sorted(by: { $0.key < $1.key }) {
            let file = Self.examples.appending(path: "trend-synthetic-step.\(ext)")
            if ProcessInfo.processInfo.environment["CALIPER_UPDATE_EXAMPLES"] == "1" {
                try Data(text.utf8).write(to: file)
            }
            let committed = try String(contentsOf: file, encoding: .utf8)
            #expect(committed == text, "\(file.lastPathComponent) differs from what the fixture renders")
        }
    }
}
