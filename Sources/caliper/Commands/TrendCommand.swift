import ArgumentParser
import CaliperAnalysis
import CaliperCore
import CaliperReports
import CaliperStore
import Foundation

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "A metric across runs, each with its interval, with change-point detection and what changed there.",
        discussion: """
            One value per run: a perf figure at one load level (--concurrency or --rate; needed when the \
            runs measured several) or an eval dataset's primary score (--metric score). Each run's 95% \
            interval comes from its own rows: a t interval over requests for means, an order-statistic \
            interval for percentiles, the ratio estimator for throughputs, Wilson or t over questions \
            for scores. Change points (E-divisive split, t-test, Otava's merge) name the run where the \
            level moved, the means before and after, the p-value, and the keys that changed at that run.

            Only runs comparable with the newest matching run are in the series, as `compare` would \
            compare them (model, hardware, workload, generation config; the engine version may differ), \
            from the same label.branch; the others are listed with why. --allow-diff FIELD keeps runs \
            that differ in FIELD (e.g. --allow-diff label.branch, --allow-diff stream).

            Examples:
              caliper trend --model gpt-oss-20b --metric output_throughput \\
                  --concurrency 100 --by engine_version -o trend.html
              caliper trend --model gpt-oss-20b --dataset aime25 --metric score \\
                  --format md
              caliper trend --metric ttft --stat p99 --last 50 \\
                  --where 'hardware=H20 label.branch=main'
              caliper trend --model mock-model --dataset random \\
                  --metric output_throughput --concurrency 2 --by label.evalscope \\
                  --allow-diff source_format,seed

            Exit codes: 0 the trend was reported (change points or not); 2 no run matches, no run has \
            the figure, the runs have several load levels or datasets and none was chosen, or a usage error.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Served model name.")
    var model: String?

    @Option(help: "Dataset: the perf prompt source (random, openqa) or the eval dataset whose score to follow.")
    var dataset: String?

    @Option(name: .customLong("where"), help: ArgumentHelp(
        "More conditions, as in run selectors: 'KEY=VALUE ...' with keys \(TrendCommand.filterKeys) (repeatable).",
        valueName: "conditions"))
    var conditions: [String] = []

    @Option(help: ArgumentHelp(
        "The figure: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")), or score (an eval dataset's primary score).",
        valueName: "metric"))
    var metric: String

    @Option(help: ArgumentHelp(
        "The statistic of a per-request metric: mean (default), std, min, max, p1 … p99. Throughputs and the success rate are one value per point (mean and value both name it).",
        valueName: "stat"))
    var stat: String?

    @Option(help: "The perf point's concurrency.")
    var concurrency: Int?

    @Option(help: ArgumentHelp("The perf point's request rate (requests/s, open loop).", valueName: "rate"))
    var rate: Double?

    @OptionGroup var differences: AllowDiffOptions

    @Option(help: ArgumentHelp(
        "Group the runs by a key: \(TrendCommand.groupKeys), or label.NAME.", valueName: "field"))
    var by: String?

    @Option(help: "run-time: by when each run ran (run_at, else ingest time); ingest: in ingest order.")
    var order: Order = .runTime

    @Option(help: ArgumentHelp("Only the newest N runs (after --order).", valueName: "N"))
    var last: Int?

    @Option(name: .customLong("p-value"), help: ArgumentHelp(
        "Change points: the largest p-value reported.", valueName: "p"))
    var pValue: Double = 0.001

    @Option(help: ArgumentHelp("Change points: runs per E-divisive window (at least 6).", valueName: "runs"))
    var window: Int = 50

    @Option(name: .customLong("min-magnitude"), help: ArgumentHelp(
        "Change points: the smallest relative change reported, as a fraction or a percentage (0.02 or 2%).",
        valueName: "change"))
    var minMagnitude: String = "0"

    @Option(help: "Output format; md is markdown (default: table on stdout; with -o, from the file's extension).")
    var format: ReportFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write the report to a file (.md, .html, .json, .txt) instead of stdout.", valueName: "file"))
    var output: String?

    enum Order: String, ExpressibleByArgument, CaseIterable {
        case runTime = "run-time"
        case ingest

        var order: TrendOrder {
            switch self {
            case .runTime: .runTime
            case .ingest: .ingest
            }
        }
    }

    /// What --metric and --stat name before the store says which point or dataset.
    enum Figure {
        case perf(Metric, Statistic)
        case score
    }

    static let filterKeys = RunFilter.Field.allCases.map(\.rawValue).joined(separator: ", ") + ", label.NAME"
    static let groupKeys = RunFilter.Field.allCases.filter { $0 != .id }.map(\.rawValue).joined(separator: ", ")

    func run() throws {
        let format = try ReportFormat.chosen(format, output: output, among: ReportFormat.withoutJUnit, report: "a trend")
        let series = try series(in: try store.openForReading())
        if let output {
            try ReportFile.write(format.render(series), to: output)
        } else {
            Console.print(format.render(series, color: format == .table && Console.supportsColor))
        }
    }

    /// The series these options select, with its change points.
    func series(in store: Store) throws -> TrendSeries {
        let figure = try parseFigure()
        let detector = try detectorOptions()
        let grouping = try parseGrouping()
        if let last, last < 1 { throw CommandFailure(message: "--last must be at least 1, not \(last)") }
        var (filter, described) = try parseFilter()

        let subject: TrendSubject
        let matching = described.isEmpty ? "" : " matching \(described.joined(separator: " "))"
        switch figure {
        case .perf(let metric, let statistic):
            filter.require(.kind, equals: RunKind.perf.rawValue)
            let (concurrency, requestRate) = try level(in: try store.pointLevels(matching: filter), matching: matching)
            subject = .perf(metric: metric, statistic: statistic, concurrency: concurrency, requestRate: requestRate)
        case .score:
            filter.require(.kind, equals: RunKind.eval.rawValue)
            subject = .score(dataset: try scoreDataset(in: try store.scoreDatasets(matching: filter), matching: matching))
        }

        // The guard needs every matching run before --last keeps the newest comparable ones.
        let matched = try store.trend(TrendQuery(filter: filter, subject: subject, order: order.order))
        let allowed = differences.allowed
        let split = TrendGuard.split(matched, allowing: allowed)
        var observations = split.kept
        var excluded = split.excluded
        if let last, observations.count > last {
            observations.removeFirst(observations.count - last)
            // Runs older than the oldest kept one are outside the window, not left out.
            let window = Set(matched.drop { $0.runID != observations[0].runID }.map(\.runID))
            excluded = excluded.filter { window.contains($0.runID) }
        }
        let series = TrendSeries(
            observations, subject: subject, order: order.order, filters: described, detector: detector,
            groupedBy: grouping, excluded: excluded, reference: split.reference, allowed: allowed)
        guard !series.points.isEmpty else {
            throw CommandFailure(message: matched.isEmpty
                ? "no run\(matching) measured \(Self.describe(subject))"
                : "none of the \(observations.count) matching runs reported \(subject.label) or kept rows to compute it")
        }
        return series
    }

    private func parseFigure() throws -> Figure {
        if metric == "score" {
            guard stat == nil || stat == "mean" || stat == "value" else {
                throw CommandFailure(message: "--stat \(stat!) does not apply to score: it is each run's primary metric of the dataset")
            }
            guard concurrency == nil, rate == nil else {
                throw CommandFailure(message: "--concurrency and --rate choose a perf point; score is an eval figure")
            }
            return .score
        }
        guard let metric = Metric(rawValue: metric) else {
            throw CommandFailure(message: "unknown metric \"\(metric)\" (known: "
                + Metric.allCases.map(\.rawValue).joined(separator: ", ") + ", score)")
        }
        if TrendSubject.pointMetrics.contains(metric) {
            guard stat == nil || stat == "mean" || stat == "value" else {
                throw CommandFailure(message: "\(metric.rawValue) is one figure per point: leave out --stat (or write mean or value), not \(stat!)")
            }
            return .perf(metric, .value)
        }
        guard let statistic = Statistic(rawValue: stat ?? "mean"), statistic != .value else {
            let known = Statistic.allCases.filter { $0 != .value }.map(\.rawValue).joined(separator: ", ")
            throw CommandFailure(message: "unknown statistic \"\(stat ?? "")\" for \(metric.rawValue) (known: \(known))")
        }
        return .perf(metric, statistic)
    }

    private func detectorOptions() throws -> ChangePointDetector.Options {
        guard pValue > 0, pValue < 1 else { throw CommandFailure(message: "--p-value must be between 0 and 1, not \(pValue)") }
        guard window >= 6 else {
            throw CommandFailure(message: "--window must be at least 6 (two segments of 3 runs), not \(window)")
        }
        let text = minMagnitude.trimmingCharacters(in: .whitespaces)
        let percent = text.hasSuffix("%")
        guard let number = Double(percent ? String(text.dropLast()) : text), number >= 0, number.isFinite else {
            throw CommandFailure(message: "--min-magnitude must be a non-negative fraction or percentage (0.02 or 2%), not \"\(minMagnitude)\"")
        }
        return ChangePointDetector.Options(
            maxPValue: pValue, window: window, minMagnitude: percent ? number / 100 : number)
    }

    private func parseGrouping() throws -> RunKey? {
        guard let by else { return nil }
        let key = RunKey(by)
        if case .field(let name) = key {
            guard let field = RunFilter.Field(rawValue: name), field != .id else {
                throw CommandFailure(message: "cannot group by \"\(by)\" (known: \(Self.groupKeys), label.NAME)")
            }
        }
        return key
    }

    /// The filter from --model, --dataset and --where, and the conditions as the user wrote them.
    private func parseFilter() throws -> (RunFilter, [String]) {
        var filter = RunFilter()
        var described: [String] = []
        if let model {
            filter.require(.model, equals: model)
            described.append("model=\(model)")
        }
        if let dataset {
            filter.require(.dataset, equals: dataset)
            described.append("dataset=\(dataset)")
        }
        let words = conditions.flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        let parsed: RunFilter
        do { parsed = try RunSelector.filter(words) } catch { throw CommandFailure(message: "--where: \(error)") }
        for condition in parsed.conditions {
            switch condition {
            case .field(let field, let value): filter.require(field, equals: value)
            case .label(let key, let value): filter.require(label: key, equals: value)
            }
        }
        return (filter, described + words)
    }

    /// The one load level the runs share, or the one --concurrency / --rate picks out.
    private func level(
        in levels: [(concurrency: Int?, requestRate: Double?, runs: Int)], matching: String
    ) throws -> (Int?, Double?) {
        guard !levels.isEmpty else { throw CommandFailure(message: "no perf run\(matching) in \(store.location)") }
        let chosen = levels.filter {
            (concurrency == nil || $0.concurrency == concurrency) && (rate == nil || $0.requestRate == rate)
        }
        let present = levels.map {
            "\(LoadLevel(concurrency: $0.concurrency, requestRate: $0.requestRate)) (\($0.runs) run\($0.runs == 1 ? "" : "s"))"
        }.joined(separator: ", ")
        if chosen.count == 1 { return (chosen[0].concurrency, chosen[0].requestRate) }
        if chosen.isEmpty {
            let asked = LoadLevel(concurrency: concurrency, requestRate: rate)
            throw CommandFailure(message: "no matching run has a point at \(asked); levels present: \(present)")
        }
        throw CommandFailure(message: "the matching runs have several load levels; choose one with --concurrency or --rate: \(present)")
    }

    /// --dataset, or the one dataset the eval runs score.
    private func scoreDataset(in datasets: [(dataset: String, runs: Int)], matching: String) throws -> String {
        if let dataset { return dataset }
        switch datasets.count {
        case 0: throw CommandFailure(message: "no eval run\(matching) has a dataset score in \(store.location)")
        case 1: return datasets[0].dataset
        default:
            let present = datasets.map { "\($0.dataset) (\($0.runs) run\($0.runs == 1 ? "" : "s"))" }.joined(separator: ", ")
            throw CommandFailure(message: "the matching runs score several datasets; choose one with --dataset: \(present)")
        }
    }

    static func describe(_ subject: TrendSubject) -> String {
        switch subject {
        case .perf(_, _, let concurrency, let requestRate):
            "\(subject.label) at \(LoadLevel(concurrency: concurrency, requestRate: requestRate))"
        case .score(let dataset):
            "a \(dataset) score"
        }
    }
}
