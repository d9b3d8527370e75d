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
        blocks.append("\(view.title): \(view.summary)\n"
            + (view.hasFilters ? "runs matching \(view.filters) · " : "") + "\(view.direction)\n")
        let paint = { (text: String, index: Int) -> String in
            guard color, let change = series.changes.first(where: { $0.changePoint.index == index }) else { return text }
            let better = switch (series.subject.direction, change.changePoint.forwardChange) {
            case (.higherIsBetter, .increase), (.lowerIsBetter, .decrease): true
            case (.higherIsBetter, .decrease), (.lowerIsBetter, .increase): false
            default: Bool?.none
            }
            guard let better else { return text }
            return "\u{1B}[\(better ? "32" : "31")m\(text)\u{1B}[0m"
        }
        blocks.append(TextTable(
            header: ["RUN", "TIME", view.keyHeader.uppercased(), view.metric.uppercased(), "\(view.level) CI", "N", "CHANGE"],
            rows: view.rows.enumerated().map { index, row in
                [row.runID, row.time, row.key, row.value, row.interval, row.count, paint(row.change, index)]
            },
            rightAligned: [0, 3, 4, 5]
        ).render())
        if view.hasChanges {
            blocks.append("change points (\(view.detector)):\n" + view.changes.map {
                "  \($0.run) at \($0.time): \($0.beforeAfter), \($0.change), p \($0.pValue) (\($0.counts))\n"
                    + "    changed since \($0.previousRun): \($0.changed)\n"
            }.joined())
        } else {
            blocks.append(view.noChange + "\n")
        }
        if view.hasGroups {
            blocks.append("by \(view.grouping):\n" + TextTable(
                header: [view.grouping.uppercased(), "RUNS", "MEAN", "\(view.level) CI", "MEMBERS"],
                rows: view.groups.map { [$0.value, $0.runs, $0.mean, $0.interval, $0.members] },
                rightAligned: [1, 2, 3]
            ).render())
        }
        if view.hasNotes { blocks.append("notes:\n" + view.notes.map { "  \($0)\n" }.joined()) }
        return blocks.joined(separator: "\n")
    }
}
