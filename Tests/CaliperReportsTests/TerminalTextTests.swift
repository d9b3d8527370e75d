import CaliperAnalysis
import CaliperCore
import CaliperReports
import Testing

struct TerminalTextTests {
    @Test func escapesEscapeSequencesAndLineBreaks() {
        #expect(TerminalText.safe("x=a\u{1B}[2Jb\nc") == #"x=a\e[2Jb\nc"#)
        #expect(TerminalText.safe("\u{1B}]0;title\u{7}") == #"\e]0;title\u{7}"#)
        #expect(TerminalText.safe("a\tb\rc\0d\u{7F}") == #"a\tb\rc\0d\u{7f}"#)
    }

    @Test func escapesC1ControlsAndBidiOverrides() {
        #expect(TerminalText.safe("\u{9B}31m") == #"\u{9b}31m"#)
        #expect(TerminalText.safe("abc\u{202E}fed\u{2066}x\u{2069}") == #"abc\u{202e}fed\u{2066}x\u{2069}"#)
    }

    @Test func leavesOrdinaryTextAlone() {
        for text in ["gpt-oss-20b", "通义千问-7B", "模型 🚀 ✅", "é a\\b", "[-9.5%, -4.4%]", ""] {
            #expect(TerminalText.safe(text) == text)
        }
    }

    @Test func interpolationEscapesOnlyTheValue() {
        let model = "m\u{1B}[31m\nx"
        #expect("stored run 1: \(safe: model)\n" == "stored run 1: m\\e[31m\\nx\n")
    }
}

struct TextTableSafetyTests {
    @Test func aHostileCellStaysOnItsRowWithoutEscapes() {
        let table = TextTable(header: ["ID", "LABEL", "N"], rows: [["1", "\u{1B}[31mred\nnext", "5"], ["2", "ok", "6"]])
            .render()
        #expect(!table.unicodeScalars.contains("\u{1B}"))
        let lines = table.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1] == #"1   \e[31mred\nnext  5"#)
        #expect(lines[2].hasPrefix("2   ok "))
    }

    @Test func ownColorsSurviveAndAlign() {
        let table = TextTable(
            header: ["METRIC", "VERDICT", "X"], rows: [["ttft", "regression", "1"], ["tpot", "ok", "2"]],
            colors: [0: [1: "31"]]
        ).render()
        let lines = table.split(separator: "\n")
        #expect(lines[1] == "ttft    \u{1B}[31mregression\u{1B}[0m  1")
        #expect(lines[2] == "tpot    ok          2")
    }
}

struct ReportControlCharacterTests {
    @Test func markdownShowsControlsEscapedAndKeepsRowsWhole() {
        #expect(MarkdownEscape.escape("a\u{1B}[2Jb\nc") == #"a\e[2Jb c"#)
        #expect(MarkdownEscape.escape("x\u{202E}y") == #"x\u{202e}y"#)
    }

    @Test func htmlReplacesControlsButKeepsWhitespace() {
        #expect(HTMLEscape.escape("a\u{1B}[2Jb\u{85}\tc\nd") == "a\u{FFFD}[2Jb\u{FFFD}\tc\nd")
    }

    @Test func terminalReportsCarryNoRawEscape() throws {
        let hostile = "q\u{1B}[2J\nx"
        let runs: [(Int64, Run)] = [
            (2, SettingsFixtures.run("low", correct: 18, tokens: 120, labels: ["quant": hostile])),
            (1, SettingsFixtures.run("low", correct: 15, tokens: 100, labels: ["quant": "fp8"])),
        ]
        let settings = SettingsComparison.compare(try SettingsSelection.select(
            runs.map { SettingsSelection.Candidate(id: $0.0, run: $0.1) }, field: .label("quant"), dataset: "aime25"))
        let terminal = SettingsReport.terminal(settings)
        #expect(!terminal.unicodeScalars.contains("\u{1B}"))
        #expect(terminal.contains(#"q\e[2J\nx"#))
        let trend = TrendReport.terminal(TrendReportFixtures.series(branch: { _ in hostile }, groupedBy: RunKey("label.branch")), color: true)
        #expect(!trend.contains("\u{1B}[2J"))
        #expect(trend.contains(#"q\e[2J\nx"#))
    }
}
