import CaliperAnalysis

/// Renders a ``RunComparison`` for people and machines: Markdown (PR comments, job summaries),
/// the terminal, a self-contained HTML page, JSON and JUnit XML. Every format reads its figures
/// from one ``ComparisonView``, so they never disagree.
///
/// ```swift
/// let comparison = RunComparator.compare(baseline: run41, candidate: run42, policy: .standard)
/// print(ComparisonReport.terminal(comparison, color: isatty(1) == 1))
/// try ComparisonReport.markdown(comparison).write(toFile: summaryPath, atomically: true, encoding: .utf8)
/// ```
public enum ComparisonReport {
    /// The longest Markdown report: ``MarkdownLimit/characters``, shared by every Markdown report.
    public static let markdownLimit = MarkdownLimit.characters

    /// GitHub-flavored Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`: the verdict line first,
    /// then both runs, the differences, invalid runs, one table per kind, one-sided points, notes
    /// and the policy.
    ///
    /// Stays within ``MarkdownLimit``: when every row does not fit, method details go first, then
    /// unchanged and informational rows (counted in a line), then the least important flagged
    /// rows (regressions are kept longest).
    public static func markdown(_ comparison: RunComparison) -> String {
        let view = ComparisonView(comparison)
        func render(hidingUnchanged: Bool, details: ComparisonSectionView.DetailRows, cap: Int? = nil) -> String {
            let sections = view.sections.map {
                $0.laidOut(hidingUnchanged: hidingUnchanged, details: details, keepingAtMost: cap)
            }
            return ReportTemplates.render(view.with(sections: sections), template: "comparison.md")
        }
        let fits = MarkdownLimit.fits

        let layouts: [(hidingUnchanged: Bool, details: ComparisonSectionView.DetailRows)] = [
            (false, .all), (false, .flagged), (true, .flagged), (true, .none),
        ]
        for layout in layouts {
            let text = render(hidingUnchanged: layout.hidingUnchanged, details: layout.details)
            if fits(text) { return text }
        }
        // Too many flagged rows: the largest number per section that fits.
        var best = render(hidingUnchanged: true, details: .none, cap: 0)
        var low = 1
        var high = view.sections.map { $0.gated.filter { $0.verdictValue != .unchanged }.count }.max() ?? 0
        while low <= high {
            let middle = (low + high) / 2
            let text = render(hidingUnchanged: true, details: .none, cap: middle)
            if fits(text) {
                best = text
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return MarkdownLimit.truncated(best)
    }
}
