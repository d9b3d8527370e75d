import CaliperAnalysis

/// Renders a ``TrendSeries`` for people and machines: the terminal, GitHub Markdown, a
/// self-contained HTML page with SVG charts, and JSON. Every format reads its figures from one
/// ``TrendView``, so they never disagree.
///
/// ```swift
/// let series = TrendSeries(try store.trend(query), subject: query.subject, groupedBy: RunKey("engine_version"))
/// print(TrendReport.terminal(series, color: false))
/// try TrendReport.markdown(series).write(toFile: "trend.md", atomically: true, encoding: .utf8)
/// ```
public enum TrendReport {
    /// The Markdown report lists at most this many runs (the newest); every other format lists all.
    public static let markdownRows = 100
    /// The HTML report's table lists at most this many runs (the newest); its chart shows all.
    public static let htmlRows = 2_000

    /// GitHub-flavored Markdown for a PR comment or a step summary: the headline, the change points
    /// with what changed at each, the groups, and the newest runs with their intervals. Stays within
    /// ``MarkdownLimit`` by listing fewer runs, then by cutting whole lines.
    public static func markdown(_ series: TrendSeries) -> String {
        let view = TrendView(series)
        var limit = markdownRows
        while true {
            let text = ReportTemplates.render(view.keepingLast(limit), template: "trend.md")
            if MarkdownLimit.fits(text) { return text }
            if limit == 0 { return MarkdownLimit.truncated(text) }
            limit /= 2
        }
    }
}
