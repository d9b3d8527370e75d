import CaliperAnalysis

extension ComparisonReport {
    /// JUnit XML (`caliper gate --junit FILE`), accepted by GitHub, GitLab and Jenkins test-report
    /// parsers; see ``JUnitReportView`` for how verdicts map to test outcomes.
    ///
    /// ```swift
    /// try ComparisonReport.junit(comparison).write(toFile: "caliper-junit.xml", atomically: true, encoding: .utf8)
    /// ```
    public static func junit(_ comparison: RunComparison) -> String {
        ReportTemplates.render(JUnitReportView(comparison), template: "junit.xml")
    }
}
