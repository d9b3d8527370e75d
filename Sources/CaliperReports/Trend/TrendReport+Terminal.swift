import CaliperAnalysis
import CaliperCore

extension TrendReport {
    /// An aligned plain-text report for the terminal: the headline, every run with its interval
    /// (the first run of each new level marked), the change points with what changed, the groups,
    /// and notes. With `color`, change markers are green when the move is an improvement and red
    /// when it is a regression; nothing else is colored.
    ///
    /// ```swift
    /// print(TrendReport.terminal(series, color: isatty(1) == 1))
    /// // output_throughput at c=100: 120 runs · … · 1 change point
    /// ```
    public static func terminal(_ series: TrendSeries, color: Bool) -> String {
        let view = TrendView(series)
        var blocks: [String] = []
        blocks.append("\(safe: view.title): \(safe: view.summary)\n"
            + (view.hasFilters ? "runs matching \(safe: view.filters) · " : "") + "\(safe: view.direction)\n")
        let paint = { (index: Int) -> String? in
            guard color, let change = series.changes.first(where: { $0.changePoint.index == index }) else { return nil }
            let better = switch (series.subject.direction, change.changePoint.forwardChange) {
            case (.higherIsBetter, .increase), (.lowerIsBetter, .decrease): true
            case (.higherIsBetter, .decrease), (.lowerIsBetter, .increase): false
            default: Bool?.none
            }
            return better.map { $0 ? "32" : "31" }
        }
        blocks.append(TextTable(
            header: ["RUN", "TIME", view.keyHeader.uppercased(), view.metric.uppercased(), "\(view.level) CI", "N", "CHANGE"],
            rows: view.rows.enumerated().map { index, row in
                [row.runID, row.time, row.key, row.value, row.interval, row.count, row.change]
            },
            rightAligned: [0, 3, 4, 5],
            colors: TextTable.colors(column: 6, view.rows.indices.map(paint))
        ).render())
        if view.hasChanges {
            blocks.append("change points (\(safe: view.detector)):\n" + view.changes.map {
                "  \(safe: $0.run) at \(safe: $0.time): \(safe: $0.beforeAfter), \(safe: $0.change), p \(safe: $0.pValue)"
                    + " (\(safe: $0.counts))\n    changed since \(safe: $0.previousRun): \(safe: $0.changed)\n"
            }.joined())
        } else {
            blocks.append("\(safe: view.noChange)\n")
        }
        if view.hasGroups {
            blocks.append("by \(safe: view.grouping):\n" + TextTable(
                header: [view.grouping.uppercased(), "RUNS", "MEAN", "\(view.level) CI", "MEMBERS"],
                rows: view.groups.map { [$0.value, $0.runs, $0.mean, $0.interval, $0.members] },
                rightAligned: [1, 2, 3]
            ).render())
        }
        if view.hasLeftOut {
            blocks.append("\(safe: view.leftOutSummary)\n" + view.leftOut.map { wrapped("  \(safe: $0)") }.joined())
        }
        if view.hasNotes { blocks.append("notes:\n" + view.notes.map { "  \(safe: $0)\n" }.joined()) }
        return blocks.joined(separator: "\n")
    }

    /// A `;`-separated list within ``TerminalText/defaultWidth`` columns, continued lines indented.
    static func wrapped(_ line: String, width: Int = TerminalText.defaultWidth) -> String {
        var lines: [String] = []
        var current = ""
        for part in line.split(separator: "; ").map(String.init) {
            let next = current.isEmpty ? part : current + "; " + part
            if next.count > width, !current.isEmpty {
                lines.append(current + ";")
                current = "    " + part
            } else {
                current = next
            }
        }
        return (lines + [current]).joined(separator: "\n") + "\n"
    }
}
