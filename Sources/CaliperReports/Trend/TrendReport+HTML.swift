import CaliperAnalysis

extension TrendReport {
    /// One self-contained HTML page: the Markdown report's content with inline SVG charts (runs in
    /// order with intervals, change points and segment means; groups when grouped). Inline CSS
    /// only: no scripts, fonts, images or remote resources.
    ///
    /// ```swift
    /// try TrendReport.html(series).write(toFile: "trend.html", atomically: true, encoding: .utf8)
    /// ```
    public static func html(_ series: TrendSeries) -> String {
        let view = TrendView(series)
        let charts = TrendCharts.svg(for: series, view: view)
        return ReportTemplates.render(view.keepingLast(htmlRows).with(charts: charts), template: "trend.html")
    }
}
