import ArgumentParser
import CaliperAnalysis
import CaliperReports
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a candidate run with a baseline: deltas with 95% intervals and a verdict per metric.",
        discussion: """
            Runs are named by id or by a selector: 'latest model=gpt-oss-20b label.branch=main'. The \
            baseline may be a history, 'history model=gpt-oss-20b label.branch=main last=20': the candidate \
            is then compared with the prediction interval of the last 20 comparable runs. Perf runs \
            are compared per concurrency level, eval runs per dataset. Runs that differ in model, hardware, \
            workload or generation config are not comparable unless the differing key is allowed with \
            --allow-diff (e.g. --allow-diff reasoning_effort).

            The verdict line says what a gate would decide ("a gate would fail: …"); compare itself \
            succeeds whatever the verdicts. The terminal report fits 120 columns (long values cut with …); \
            --wide shows them whole. -o FILE takes its type from the extension unless --format is given.

            Exit codes: 0 compared (whatever the verdicts; use `caliper gate` to fail on a regression); \
            2 not comparable, nothing to compare, a selector that matches no run, or a usage error; \
            3 no baseline: a 'latest' or 'history' baseline selector matches no run.

            Example:
              caliper compare 'latest model=gpt-oss-20b label.branch=main' 42 -o diff.html
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var comparison: ComparisonOptions

    @Argument(help: ArgumentHelp(
        "The baseline: a run id, 'latest KEY=VALUE ...' or 'history KEY=VALUE ... last=N'.", valueName: "baseline"))
    var baseline: String

    @Argument(help: ArgumentHelp("The candidate: a run id or 'latest KEY=VALUE ...'.", valueName: "candidate"))
    var candidate: String

    @Option(help: "Output format (default: from the -o file's extension, else table).")
    var format: ReportFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write the report to a file instead of stdout (.md, .html, .json, .xml, .txt).", valueName: "file"))
    var output: String?

    @Flag(help: "Show long values whole in the terminal report instead of fitting 120 columns.")
    var wide = false

    func run() throws {
        let format = try ReportFormat.chosen(format, output: output, among: ReportFormat.allCases, report: "a comparison")
        var result: RunComparison
        do {
            result = try comparison.compare(baseline: baseline, candidate: candidate, store: try store.openForReading())
        } catch let missing as NoBaseline {
            throw missing.failure
        }
        result.advisory = true
        if let output {
            try format.write(result, to: output)
        } else {
            Console.print(try format.render(
                result, color: format == .table && Console.supportsColor, width: wide ? nil : TerminalText.defaultWidth))
        }
        if result.exitCode == 2 { throw ExitCode(2) }
    }
}
