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
            than min_history runs every figure is inconclusive. The report lists the runs used and skipped.

            Policy (caliper.yaml; all keys optional, shown with their defaults):
              alpha: 0.05
              correction: holm            # holm | bh | none
              inconclusive: pass          # pass | fail
              max_failed_requests: 1%
              output_length_tolerance: 10%
              min_history: 5              # history baselines: fewer runs are inconclusive
              thresholds:                 # merged over these defaults; 'off' drops one
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
            2 not comparable, no data to compare, a selector that matches no run (a history with no \
            comparable run), or a usage error.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var comparison: ComparisonOptions

    @Option(help: ArgumentHelp(
        "The baseline: a run id, 'latest KEY=VALUE ...' or 'history KEY=VALUE ... last=N'.", valueName: "selector"))
    var baseline: String

    @Option(help: ArgumentHelp("The candidate: a run id or 'latest KEY=VALUE ...'.", valueName: "selector"))
    var candidate: String

    @Option(name: .customLong("report"), help: ArgumentHelp(
        "Write a report; the type follows the extension: .md (Markdown, e.g. $GITHUB_STEP_SUMMARY), .html, .json, .xml (JUnit). Repeatable.",
        valueName: "file"))
    var reports: [String] = []

    @Option(help: ArgumentHelp("Write a JUnit XML report (one test case per gated metric).", valueName: "file"))
    var junit: String?

    @Option(help: "What to print on stdout.")
    var format: ReportFormat = .table

    func run() throws {
        let formats = try reports.map { try ReportFormat(path: $0) }
        let result = try comparison.compare(baseline: baseline, candidate: candidate, store: try store.openForReading())
        for (format, path) in zip(formats, reports) { try format.write(result, to: path) }
        if let junit { try ReportFormat.junit.write(result, to: junit) }
        Console.print(try format.render(result, color: format == .table && Console.supportsColor))
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
