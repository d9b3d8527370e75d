import CaliperAnalysis
import CaliperCore

extension ComparisonReport {
    /// One self-contained HTML page: the Markdown report's content, every row with its method
    /// details, and inline SVG charts. Inline CSS only: no scripts, fonts, images or remote
    /// resources, so it can be archived as a CI artifact and opened offline.
    ///
    /// ```swift
    /// try ComparisonReport.html(comparison).write(toFile: "gate.html", atomically: true, encoding: .utf8)
    /// ```
    public static func html(_ comparison: RunComparison) -> String {
        let view = ComparisonView(comparison)
        let sections = view.sections.map { section in
            section.with(charts: RunKind(rawValue: section.kind).map { ComparisonCharts.svg(for: $0, in: comparison) } ?? [])
        }
        return ReportTemplates.render(view.with(sections: sections), template: "comparison.html")
    }
}
