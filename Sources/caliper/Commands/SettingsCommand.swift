import ArgumentParser
import CaliperAnalysis
import CaliperCore
import CaliperReports
import CaliperStore
import Foundation

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "What each value of a setting costs in tokens and latency, and buys in score, on one dataset.",
        discussion: """
            Takes the eval runs with the dataset that match the filters, one per value of the varied key \
            (the newest), all measured alike except in that key, and shows per value: the dataset's primary \
            score with its 95% interval, the difference from the reference value (paired by question when \
            both runs kept per-sample rows), mean output tokens, latency and TTFT per answer, output tokens \
            per correct answer, and which values are dominated (another scores at least as high for no \
            more output tokens). Runs that differ in another key that changes what is measured (model, \
            hardware, another generation setting) are listed as excluded, with the key.

            Example:
              caliper settings --model gpt-oss-20b --dataset aime25 \\
                  --vary reasoning_effort --format html -o effort.html

            Values are listed in natural order (none < minimal < low < medium < high, numbers numerically, \
            versions by their parts); the first is the reference unless --reference names another.

            Exit codes: 0 compared; 2 fewer than two comparable settings, no matching run, or a usage error.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Served model name.")
    var model: String?

    @Option(help: "The dataset whose primary score is compared (e.g. aime25).")
    var dataset: String

    @Option(help: ArgumentHelp(
        "The key to vary: reasoning_effort, temperature, max_tokens, top_p, any generation-config key, engine_version, hardware, or label.NAME.",
        valueName: "field"))
    var vary: String

    @Option(help: ArgumentHelp("The value differences are measured from (default: the first in natural order).", valueName: "value"))
    var reference: String?

    @Option(name: .customLong("where"), help: ArgumentHelp(
        "More conditions, as in run selectors: 'engine=vllm label.branch=main' (repeatable).", valueName: "KEY=VALUE ..."))
    var conditions: [String] = []

    @Option(help: "Output format: table, markdown (md), html or json. Default: from the -o extension, else table.")
    var format: ReportFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to a file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let format = try ReportFormat.chosen(format, output: output, among: ReportFormat.withoutJUnit, report: "a settings table")
        let report = try format.render(try comparison(in: try store.openForReading()))
        if let output {
            try ReportFile.write(report, to: output)
        } else {
            Console.print(report)
        }
    }

    /// The settings these options select, compared.
    func comparison(in store: Store) throws -> SettingsComparison {
        let field: SettingField
        do { field = try SettingField(vary) } catch { throw CommandFailure(message: "--vary: \(error)") }
        let candidates = try store.runs(matching: try filter())
        guard !candidates.isEmpty else {
            throw CommandFailure(message: "no eval run \(described) in \(store.location)")
        }
        let models = Set(candidates.map(\.run.model.name))
        guard models.count == 1 else {
            throw CommandFailure(message: "runs of \(models.count) models match (\(models.sorted().joined(separator: ", "))): pass --model")
        }
        var selection: SettingsSelection
        do {
            selection = try SettingsSelection.select(
                candidates.map { SettingsSelection.Candidate(id: $0.id, run: $0.run) }, field: field, dataset: dataset,
                reference: reference)
        } catch let error as SettingsError {
            throw CommandFailure(message: error.description)
        }
        try selection.load { id in
            guard let full = try store.run(id: id, detail: .full) else {
                throw CommandFailure(message: "run \(id) disappeared from \(store.location) while it was read")
            }
            return full.run
        }
        return SettingsComparison.compare(selection)
    }

    /// Eval runs with the dataset, of the model, under every --where condition.
    private func filter() throws -> RunFilter {
        var filter: RunFilter
        do {
            filter = try RunSelector.filter(conditions.flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) })
        } catch {
            throw CommandFailure(message: "--where: \(error)")
        }
        filter.require(.kind, equals: RunKind.eval.rawValue)
        filter.require(.dataset, equals: dataset)
        if let model { filter.require(.model, equals: model) }
        return filter
    }

    /// `of gpt-oss-20b on aime25 matching engine=vllm`.
    private var described: String {
        var text = (model.map { "of \($0) " } ?? "") + "on \(dataset)"
        if !conditions.isEmpty { text += " matching \(conditions.joined(separator: " "))" }
        return text
    }
}
