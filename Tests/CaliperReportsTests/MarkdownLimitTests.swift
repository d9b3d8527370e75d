import CaliperAnalysis
import CaliperCore
import CaliperReports
import Testing

struct MarkdownLimitTests {
    static let sentenceStart = "*Report truncated at 65,000 characters: "

    @Test func settingsWithLongLabelsAreCutAndSaySo() throws {
        let runs: [(Int64, Run)] = (1...20).map { index in
            let label = "q\(index)-" + String(repeating: "x", count: 6_000)
            return (Int64(index), SettingsFixtures.run("low", correct: 10 + index % 10, tokens: 100 + index, labels: ["quant": label]))
        }
        let comparison = SettingsComparison.compare(try SettingsSelection.select(
            runs.map { SettingsSelection.Candidate(id: $0.0, run: $0.1) }, field: .label("quant"), dataset: "aime25"))
        let markdown = SettingsReport.markdown(comparison)
        #expect(markdown.utf16.count <= MarkdownLimit.characters)
        #expect(markdown.hasPrefix("## "))
        let last = try #require(markdown.split(separator: "\n").last)
        #expect(last.hasPrefix(Self.sentenceStart))
        #expect(last.contains("table rows") && last.contains("the section"))
        #expect(last.contains(" left out; "))
        #expect(last.hasSuffix("; the JSON and HTML reports are complete.*"))
        // Cut at a whole line: every table row that is kept is complete.
        for line in markdown.split(separator: "\n") where line.hasPrefix("|") { #expect(line.hasSuffix("|")) }
    }

    @Test func trendWithLongLabelsIsCutTheSameWay() throws {
        let series = TrendReportFixtures.series(
            branch: { "b\($0)-" + String(repeating: "y", count: 2_000) }, groupedBy: RunKey("label.branch"))
        let markdown = TrendReport.markdown(series)
        #expect(markdown.utf16.count <= MarkdownLimit.characters)
        let last = try #require(markdown.split(separator: "\n").last)
        #expect(last.hasPrefix(Self.sentenceStart))
        #expect(last.hasSuffix("left out; the JSON and HTML reports are complete.*"))
    }

    @Test func theSentenceCountsWhatWasCut() {
        let rows = (1...40).map { "| \($0) | x |\n" }.joined()
        let text = "## Title\n\n" + String(repeating: String(repeating: "z", count: 12_940) + "\n", count: 5) + "\n### Runs\n\n| A | B |\n|---|---|\n" + rows
            + "\n### Notes\n\n- note\n"
        let cut = MarkdownLimit.truncated(text)
        #expect(cut.utf16.count <= MarkdownLimit.characters)
        let kept = cut.split(separator: "\n").filter { $0.hasPrefix("| ") && $0 != "| A | B |" }.count
        #expect(kept > 0 && kept < 40)
        #expect(cut.hasSuffix("|\n\n*Report truncated at 65,000 characters: \(40 - kept) table rows, 1 list item and the section"
            + " Notes left out; the JSON and HTML reports are complete.*\n"))
        #expect(MarkdownLimit.truncated("short\n") == "short\n")
        let long = MarkdownLimit.truncated("## " + String(repeating: "w", count: 70_000) + "\n\nend\n")
        #expect(long.hasPrefix("## www"))
        #expect(long.hasSuffix("…\n\nend\n\n*Report truncated at 65,000 characters: 1 line over 16,250 characters cut short;"
            + " the JSON and HTML reports are complete.*\n"))
    }
}
