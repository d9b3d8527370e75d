import ArgumentParser
import CaliperAnalysis
import CaliperReports
import Foundation

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail a deployment when the candidate regressed against the baseline beyond the policy's thresholds.",
        discussion: """
            Every gated figure gets one verdict: regression (worse beyond the threshold and significant), \
            improvement, unchanged, or inconclusive (too noisy to tell; the policy decides whether that \
            fails). Perf figures are tested on the per-request rows, eval scores question by question; \
            p-values are adjusted across all gated figures (Holm by default). A side with more failed \
            requests than the policy allows, or with outputs off a fixed length, is an invalid run.

            Runs are named by id, 'latest KEY=VALUE ...' (the newest match), or, for the baseline only, \
            'history KEY=VALUE ... last=N' (default N 20): the last N runs before the candidate that match, \
            are comparable with it and are valid. Each gated figure of the candidate is then tested \
            against the prediction interval of those runs' values (a Bencher-style t-test); with fewer \
            than min_history runs the candidate is compared request by request with the newest of them \
            (the two-run test), and every report says so. The report lists the runs used and skipped.

            A baseline selector that matches no run (the first run of a new branch or model) exits 3; \
            with --if-no-baseline pass the gate passes instead (exit 0) and its reports say that nothing \
            was compared (an invalid candidate still fails).

            Each gated figure says whether the run had enough requests per level to test it at its \
            threshold (a p99 needs at least 368 for any interval at alpha 0.05; a mean as many as its \
            spread asks). A figure the run was too small to test is inconclusive and listed as "not \
            tested"; the policy's inconclusive rule decides whether that fails.

            Reports: --report FILE takes its type from the extension (.md, .html, .json, .xml, .txt); a \
            file without one (e.g. $GITHUB_STEP_SUMMARY) gets --format if given, else Markdown. The step \
            summary is appended to, as GitHub intends; every other file is replaced. The terminal report \
            fits 120 columns (long values cut with …); --wide shows them whole.

            Policy (caliper.yaml; all keys optional, shown with their defaults):
              alpha: 0.05
              correction: holm            # holm | bh | none
              inconclusive: pass          # pass | fail
              max_failed_requests: 1%
              output_length_tolerance: 10%
              min_history: 5              # history baselines: fewer runs are inconclusive
              thresholds:                 # merged over these defaults; 'off' drops one;
                                          # a value needs its unit (+10%, -2pp, +50ms); a bare number is an error
                output_throughput: -5%
                request_throughput: -5%
                ttft.mean: +10%
                ttft.p99: +10%
                tpot.mean: +5%
                tpot.p99: +10%
                itl.mean: +5%
                latency.p99: +10%
                success_rate: -0.5pp
                score: -2pp               # score.DATASET for one dataset

            Exit codes: 0 pass; 1 regression, invalid run, or inconclusive under 'inconclusive: fail'; \
            2 not comparable, no data to compare, a run id or candidate that matches no run, a history \
            whose matching runs are all unusable, or a usage error; 3 no baseline: the baseline selector \
            matches no run (unless --if-no-baseline pass).

            Example:
              caliper gate --if-no-baseline pass \\
                --baseline 'history model=gpt-oss-20b label.branch=main' \\
                --candidate 'latest model=gpt-oss-20b label.branch=pr-42' \\
                --report "$GITHUB_STEP_SUMMARY" --report gate.xml
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var comparison: ComparisonOptions

    @Option(help: ArgumentHelp(
        "The baseline: a run id, 'latest KEY=VALUE ...' or 'history KEY=VALUE ... last=N'.", valueName: "selector"))
    var baseline: String

    @Option(help: ArgumentHelp("The candidate: a run id or 'latest KEY=VALUE ...'.", valueName: "selector"))
    var candidate: String

    @Option(name: .customLong("report"), help: ArgumentHelp(
        "Write a report: .md, .html, .json, .xml (JUnit) or .txt by extension; no extension (e.g. $GITHUB_STEP_SUMMARY, appended to): --format, else Markdown. Repeatable.",
        valueName: "file"))
    var reports: [String] = []

    @Option(help: ArgumentHelp("Write a JUnit XML report (one test case per gated metric).", valueName: "file"))
    var junit: String?

    @Option(help: "What to print on stdout (default: table); also the type of a --report file without an extension.")
    var format: ReportFormat?

    @Option(name: .customLong("if-no-baseline"), help: ArgumentHelp(
        "When the baseline selector matches no run: fail (exit 3) or pass (exit 0, the reports say nothing was compared).",
        valueName: "pass|fail"))
    var ifNoBaseline: NoBaselineRule = .fail

    @Flag(help: "Show long values whole in the terminal report instead of fitting 120 columns.")
    var wide = false

    enum NoBaselineRule: String, ExpressibleByArgument, CaseIterable {
        case pass
        case fail
    }

    func run() throws {
        let formats = try reports.map { try ReportFormat.forReport($0, format: format) }
        let result: RunComparison
        do {
            result = try comparison.compare(baseline: baseline, candidate: candidate, store: try store.openForReading())
        } catch let missing as NoBaseline {
            result = missing.comparison(passing: ifNoBaseline == .pass)
        }
        for (format, path) in zip(formats, reports) { try format.write(result, to: path) }
        if let junit { try ReportFormat.junit.write(result, to: junit) }
        let shown = format ?? .table
        Console.print(try shown.render(
            result, color: shown == .table && Console.supportsColor, width: wide ? nil : TerminalText.defaultWidth))
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
