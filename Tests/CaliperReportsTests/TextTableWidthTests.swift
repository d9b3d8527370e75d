import CaliperCore
import CaliperReports
import Testing

/// Terminal tables and `show` fit 120 columns, long cells cut with `…`; nothing is cut without a width.
struct TextTableWidthTests {
    @Test func theWidestShrinkingColumnsAreCutFirst() {
        let table = TextTable(
            header: ["ID", "MODEL", "LABELS"],
            rows: [["1", String(repeating: "m", count: 30), String(repeating: "l", count: 60)]])
        let fitted = table.render(width: 50, shrinking: [1, 2])
        let lines = fitted.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 50 })
        #expect(lines[1] == "1   " + String(repeating: "m", count: 21) + "…  " + String(repeating: "l", count: 21) + "…")
        #expect(table.render(width: nil, shrinking: [1, 2]) == table.render())
        #expect(TextTable.fit("abcdef", width: 4) == "abc…")
        #expect(TextTable.fit("abc", width: 4) == "abc")
    }

    @Test func escapedCellsAreCutAfterEscaping() {
        let table = TextTable(header: ["A"], rows: [["\u{1B}[31m" + String(repeating: "x", count: 20)]])
        let line = table.render(width: 10, shrinking: [0]).split(separator: "\n")[1]
        #expect(line == "\\e[31mxxx…")
    }

    @Test func showFitsTheWidthWithLongLabels() {
        var run = Run(
            kind: .perf, model: ModelIdentity(name: String(repeating: "model-", count: 30)),
            labels: ["note": String(repeating: "n", count: 300)], source: SourceInfo(tool: "evalscope"), contentHash: "h")
        run.source.path = String(repeating: "/deep", count: 40)
        let edit = RunEditRecord(
            runID: 1, editedAt: "2026-12-07T19:00:00Z", editedBy: "ana@box", field: "label.note", oldValue: nil,
            newValue: String(repeating: "n", count: 300))
        let text = RunListing.text(
            id: 1, ingestedAt: "2026-12-07T18:00:00Z", run: run, requestRows: [], sampleCount: 0, edits: [edit],
            width: TerminalText.defaultWidth)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 120 })
        #expect(text.contains("edits:\nEDITED AT (UTC)"))
        #expect(RunListing.edit(edit).hasPrefix("label.note (unset) → nnn"))
        let wide = RunListing.text(
            id: 1, ingestedAt: "2026-12-07T18:00:00Z", run: run, requestRows: [], sampleCount: 0, edits: [edit])
        #expect(wide.contains(String(repeating: "n", count: 300)))
    }
}
