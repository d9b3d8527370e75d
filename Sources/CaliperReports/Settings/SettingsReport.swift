import CaliperAnalysis

/// Renders a ``SettingsComparison`` for people and machines: the terminal, GitHub Markdown, a
/// self-contained HTML page with a Pareto chart, and JSON. Every format reads its figures from one
/// ``SettingsView``, so they never disagree.
///
/// ```swift
/// let result = SettingsComparison.compare(selection)
/// print(SettingsReport.terminal(result))
/// try SettingsReport.html(result).write(toFile: "effort.html", atomically: true, encoding: .utf8)
/// ```
public enum SettingsReport {
    /// GitHub-flavored Markdown: the headline, the one table, the dominance verdicts, the runs used
    /// (and those left out, with why), notes, and what each column means. Cut at whole lines to
    /// stay within ``MarkdownLimit``.
    public static func markdown(_ comparison: SettingsComparison) -> String {
        MarkdownLimit.truncated(ReportTemplates.render(SettingsView(comparison), template: "settings.md"))
    }
}
