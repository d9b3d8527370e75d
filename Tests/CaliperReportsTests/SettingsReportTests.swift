import CaliperAnalysis
import CaliperReports
import Foundation
import Testing

struct SettingsReportTests {
    @Test func markdownLeadsWithTheVerdictAndHasOneTable() throws {
        let markdown = SettingsReport.markdown(try SettingsFixtures.effort())
        #expect(markdown.hasPrefix(
            "## reasoning_effort on aime25: high buys +20.0pp [+6.7pp, +36.7pp] over low for +100.0% output tokens; "
                + "medium is dominated\n"))
        #expect(markdown.contains(
            "**Model:** gpt-oss-20b · **Dataset:** aime25 (accuracy) · **Varied:** reasoning_effort · **Reference:** low"))
        #expect(markdown.contains(
            "| low (reference) | run 3 | 50.00% | [33.15%, 66.85%] | reference | - | - | 100 | - | 500.00 ms | 125.00 ms | 200 | frontier |"))
        #expect(markdown.contains(
            "| medium | run 5 | 66.67% | [48.78%, 80.77%] | +16.7pp | [+3.3pp, +30.0pp] | 0.062 | 250 | +150.0% | 500.00 ms | 125.00 ms | 375 | dominated by high |"))
        #expect(markdown.contains("| high | run 4 | 70.00% | [52.12%, 83.34%] | +20.0pp | [+6.7pp, +36.7pp] | 0.031 | 200 | +100.0% |"))
        #expect(markdown.contains("| 285.71 | frontier |"))
        #expect(markdown.contains(
            "- medium is dominated by high: +3.3pp [0.0pp, +10.0pp], not significant, at -20.0% output tokens\n"))
        #expect(markdown.contains("Pareto frontier, fewest tokens first: low → high"))
        #expect(markdown.contains("| high | run 4 | vllm 0.11.0 | unknown |"))
        #expect(markdown.contains("- engine_version: low 0.10.1 · medium 0.10.1 · high 0.11.0\n"))
        #expect(markdown.contains("- run 2 (low): older than run 3, which is used\n"))
        #expect(markdown.contains("- run 6 (high): differs from run 3 (low) in temperature (0.6 → 1)\n"))
        #expect(markdown.contains("<details><summary>How to read the table</summary>"))
    }

    @Test func headlineWhenTheReferenceScoresHighest() throws {
        let view = SettingsView(try SettingsFixtures.hostile())
        #expect(view.headline == #"the reference <script>alert("x")</script> scores highest; the next best, fp8, is "#
            + "-10.0pp [-23.3pp, 0.0pp] (not significant) at -16.7% output tokens; no setting is dominated")
        #expect(view.dominance == ["No setting is dominated: every setting that scores higher spends more output tokens."])
    }

    @Test func htmlIsSelfContainedWithAParetoChart() throws {
        let html = SettingsReport.html(try SettingsFixtures.effort())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("<polyline class=\"frontier-line\""))
        #expect(html.contains("<circle class=\"point dominated\""))
        #expect(html.contains("<rect class=\"point frontier\""))   // the reference, a square
        #expect(html.contains("<td class=\"p-dominated\">dominated by high</td>"))
        #expect(html.contains("<tr class=\"reference\"><td>low (reference)</td>"))
        #expect(html.contains("svg.chart .point.dominated"))
        for external in ["<script", "<link", "<img", "src=", "@import", "url("] {
            #expect(!html.contains(external), "\(external)")
        }
    }

    /// The frontier line joins the undominated points, fewest tokens first; the dominated point is
    /// off it.
    @Test func frontierLineJoinsTheUndominatedPoints() throws {
        let html = SettingsReport.html(try SettingsFixtures.effort())
        let line = try #require(html.firstMatch(of: /<polyline class="frontier-line" points="([^"]*)"/))
        #expect(line.1.split(separator: " ").count == 2)
        #expect(html.components(separatedBy: "class=\"point-label dominated\"").count == 2)
    }

    @Test func everyFormatEscapesAHostileValue() throws {
        let comparison = try SettingsFixtures.hostile()
        let html = SettingsReport.html(comparison)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        let markdown = SettingsReport.markdown(comparison)
        // Every `<script` is escaped, in the headline, the table header and the rows alike.
        #expect(!markdown.replacingOccurrences(of: #"\<script"#, with: "").contains("<script"))
        #expect(markdown.contains(#"| Δ vs \<script>alert("x")\</script> |"#))
        #expect(markdown.contains(#"\<script>alert("x")\</script>"#))
        let json = try SettingsReport.json(comparison)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["reference"] as? String == #"<script>alert("x")</script>"#)
    }

    @Test func jsonIsSnakeCaseSortedAndStable() throws {
        let comparison = try SettingsFixtures.effort()
        let json = try SettingsReport.json(comparison)
        #expect(json == (try SettingsReport.json(comparison)))
        #expect(json.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == [
            "best", "dataset", "dominance", "field", "frontier", "headline", "informative_differences", "level", "metric",
            "model", "notes", "reference", "runs_excluded", "runs_not_used", "settings", "title",
        ])
        #expect(object["frontier"] as? [String] == ["low", "high"])
        #expect(object["best"] as? String == "high")
        let settings = try #require(object["settings"] as? [[String: Any]])
        #expect(settings.map { $0["label"] as? String } == ["low", "medium", "high"])
        let high = settings[2]
        #expect(high["tokens_per_correct"] as? Double == 12_000.0 / 42)
        #expect(high["mean_output_tokens"] as? Double == 200)
        #expect(high["pareto"] as? String == "frontier")
        let score = try #require(high["score"] as? [String: Any])
        #expect(score["value"] as? Double == 0.7 && score["method"] as? String == "wilson" && score["n"] as? Int == 30)
        let versus = try #require(high["versus_reference"] as? [String: Any])
        #expect(versus["paired"] as? Bool == true && versus["paired_questions"] as? Int == 30)
        #expect(versus["significant"] as? Bool == true)
        #expect((settings[0]["versus_reference"]).map { $0 is NSNull } == true)
        let dominance = try #require(object["dominance"] as? [[String: Any]])
        #expect(dominance.count == 1)
        #expect(dominance[0]["setting"] as? String == "medium" && dominance[0]["dominated_by"] as? String == "high")
        #expect(abs((dominance[0]["relative_output_tokens"] as? Double ?? 0) - -0.2) < 1e-12)
        let excluded = try #require(object["runs_excluded"] as? [[String: Any]])
        #expect(excluded.first?["reason"] as? String == "not_comparable")
        #expect(excluded.first?["run_id"] as? Int == 6)
    }

    /// No correct answer: tokens per correct is infinite, shown as ∞ and null in JSON with a flag.
    @Test func noCorrectAnswerCostsInfinitely() throws {
        var comparison = try SettingsFixtures.effort()
        comparison.settings[0].correctAnswers = 0
        comparison.settings[0].tokensPerCorrect = .infinity
        #expect(SettingsReport.markdown(comparison).contains("| 125.00 ms | ∞ | frontier |"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(SettingsReport.json(comparison).utf8)) as? [String: Any])
        let low = try #require((object["settings"] as? [[String: Any]])?.first)
        #expect(low["tokens_per_correct"] is NSNull && low["no_correct_answers"] as? Bool == true)
    }

    @Test func terminalStartsWithTheHeadline() throws {
        let text = SettingsReport.terminal(try SettingsFixtures.effort())
        #expect(text.hasPrefix("reasoning_effort on aime25 (gpt-oss-20b, accuracy): high buys +20.0pp"))
        #expect(text.contains("SETTING          RUN     SCORE"))
        #expect(text.contains("excluded (not comparable):\n  run 6 (high): differs from run 3 (low) in temperature (0.6 → 1)\n"))
    }
}
