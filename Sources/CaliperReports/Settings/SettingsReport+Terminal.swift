import CaliperAnalysis

extension SettingsReport {
    /// An aligned plain-text report for the terminal: the headline, the table, dominance, the runs
    /// used and left out, and notes.
    ///
    /// ```swift
    /// print(SettingsReport.terminal(result))
    /// // reasoning_effort on aime25 (gpt-oss-20b, accuracy): high buys +17.5pp …
    /// ```
    public static func terminal(_ comparison: SettingsComparison) -> String {
        let view = SettingsView(comparison)
        var blocks: [String] = []
        blocks.append("\(safe: view.title) (\(safe: view.model), \(safe: view.metric)): \(safe: view.headline)\n")
        blocks.append(TextTable(
            header: ["SETTING", "RUN", "SCORE", "\(view.level) CI", "Δ VS \(view.reference.uppercased())", "\(view.level) CI",
                     "P", "OUT TOKENS", "Δ TOKENS", "LATENCY", "TTFT", "TOKENS/CORRECT", "PARETO"],
            rows: view.rows.map {
                [$0.settingWithRole, $0.run, $0.score, $0.scoreInterval, $0.delta, $0.deltaInterval, $0.pValue, $0.tokens,
                 $0.tokensChange, $0.latency, $0.ttft, $0.tokensPerCorrect, $0.pareto]
            },
            rightAligned: Set(2...11)
        ).render())
        blocks.append("dominance:\n" + view.dominance.map { "  \(safe: $0)\n" }.joined()
            + (view.hasFrontier ? "  Pareto frontier, fewest tokens first: \(safe: view.frontier)\n" : ""))
        blocks.append("runs:\n" + TextTable(
            header: ["  SETTING", "RUN", "ENGINE", "GENERATION", "LABELS", "RUN AT", "MEASURED"],
            rows: view.runs.map {
                ["  " + $0.setting, $0.run.name, $0.run.engine, $0.run.generation, $0.run.labels, $0.run.runAt,
                 $0.run.measured]
            }
        ).render())
        if view.hasInformational {
            blocks.append("informative differences (not blocking):\n" + view.informative.map { "  \(safe: $0)\n" }.joined())
        }
        if view.hasNotUsed { blocks.append("not used:\n" + view.notUsed.map { "  \(safe: $0)\n" }.joined()) }
        if view.hasExcluded { blocks.append("excluded (not comparable):\n" + view.excluded.map { "  \(safe: $0)\n" }.joined()) }
        if view.hasNotes { blocks.append("notes:\n" + view.notes.map { "  \(safe: $0)\n" }.joined()) }
        return blocks.joined(separator: "\n")
    }
}
