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

            Exit codes: 0 compared (whatever the verdicts; use `caliper gate` to fail on a regression); \
            2 not comparable, nothing to compare, a selector that matches no run, or a usage error.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var comparison: ComparisonOptions

    @Argument(help: ArgumentHelp(
        "The baseline: a run id, 'latest KEY=VALUE ...' or 'history KEY=VALUE ... last=N'.", valueName: "baseline"))
    var baseline: String

    @Argument(help: ArgumentHelp("The candidate: a run id or 'latest KEY=VALUE ...'.", valueName: "candidate"))
    var candidate: String

    @Option(help: "Output format.")
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to a file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let result = try comparison.compare(baseline: baseline, candidate: candidate, store: try store.openForReading())
        if let output {
            try format.write(result, to: output)
        } else {
            Console.print(try format.render(result, color: format == .table && Console.supportsColor))
        }
        if result.exitCode == 2 { throw ExitCode(2) }
    }
}
