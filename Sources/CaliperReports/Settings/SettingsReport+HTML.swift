import CaliperAnalysis

extension SettingsReport {
    /// One self-contained HTML page: the Markdown report's content and an inline SVG chart of score
    /// against output tokens (the Pareto view). Inline CSS only: no scripts, fonts, images or remote
    /// resources.
    ///
    /// ```swift
    /// try SettingsReport.html(result).write(toFile: "effort.html", atomically: true, encoding: .utf8)
    /// ```
    public static func html(_ comparison: SettingsComparison) -> String {
        let view = SettingsView(comparison)
        return ReportTemplates.render(view.with(chart: paretoChart(comparison, view: view) ?? ""), template: "settings.html")
    }

    /// The settings that recorded output tokens, placed by score and tokens; nil when none did.
    static func paretoChart(_ comparison: SettingsComparison, view: SettingsView) -> String? {
        let points = comparison.settings.indices.compactMap { index -> ParetoChart.Point? in
            let setting = comparison.settings[index]
            guard let tokens = setting.meanOutputTokens, setting.score.value.isFinite else { return nil }
            let row = view.rows[index]
            var tooltip = "\(row.settingWithRole), \(row.run): \(row.score) \(row.scoreInterval) at \(row.tokens) output tokens"
            if !setting.isReference { tooltip += ", Δ \(row.delta) \(row.deltaInterval), tokens \(row.tokensChange)" }
            tooltip += ", \(row.pareto)"
            return ParetoChart.Point(
                label: setting.label, tokens: tokens, score: setting.score.value * 100,
                interval: setting.score.interval.map { ($0.lower * 100, $0.upper * 100) },
                isDominated: !(setting.dominatedBy?.isEmpty ?? true), isReference: setting.isReference, tooltip: tooltip)
        }
        guard !points.isEmpty else { return nil }
        return ParetoChart(
            title: "\(comparison.dataset) \(comparison.metric) against output tokens, by \(comparison.field.name)",
            level: view.level, points: points
        ).svg()
    }
}
