import CaliperAnalysis
import CaliperCore
import Foundation

/// A ``SettingsComparison`` flattened into display strings once, so the terminal, Markdown, HTML
/// and JSON reports show identical figures and the templates hold no logic beyond loops.
///
/// Properties are stored because Mustache reads them by reflection; emptiness flags sit beside the
/// lists because a section over an empty list cannot print a heading.
///
/// ```swift
/// let view = SettingsView(comparison)
/// view.title      // "reasoning_effort on aime25"
/// view.headline   // "high buys +17.5pp [+5.8pp, +29.2pp] over low for +277.6% output tokens; no setting is dominated"
/// view.rows[1].tokensPerCorrect   // "231.25"
/// ```
public struct SettingsView: Sendable, Equatable {
    /// A run used for one setting.
    public struct RunLine: Sendable, Equatable {
        public let setting: String
        public let run: ComparedRunView
    }

    /// `reasoning_effort on aime25`.
    public let title: String
    /// The one-line verdict: what the best setting buys over the reference and for how many tokens,
    /// and which settings are dominated.
    public let headline: String
    public let model: String
    public let dataset: String
    public let metric: String
    public let field: String
    public let reference: String
    /// `95%`.
    public let level: String
    public let rows: [SettingRowView]
    /// `medium is dominated by high (+3.1pp [-2.0pp, +8.2pp], not significant, at -12.0% output tokens)`,
    /// or the one line saying none is.
    public let dominance: [String]
    /// `low → high`: the frontier, fewest tokens first; empty without output tokens.
    public let frontier: String
    public let runs: [RunLine]
    /// `engine_version: low 0.10.1 · high 0.11.0`.
    public let informative: [String]
    /// `run 3 (low): older than run 5, which is used`.
    public let notUsed: [String]
    /// `run 4 ((unset)): differs from run 2 (low) in temperature (0.6 → 0.0)`.
    public let excluded: [String]
    public let notes: [String]
    /// What each column means, for readers new to the report.
    public let legend: [String]
    /// The inline SVG Pareto chart, filled in by the HTML report only.
    public private(set) var chart: String

    public let hasFrontier: Bool
    public let hasInformational: Bool
    public let hasNotUsed: Bool
    public let hasExcluded: Bool
    public let hasNotes: Bool
    public private(set) var hasChart: Bool

    public init(_ comparison: SettingsComparison) {
        let reference = comparison.reference
        let settings = comparison.settings
        title = "\(comparison.field.name) on \(comparison.dataset)"
        headline = Self.headline(comparison)
        model = comparison.model
        dataset = comparison.dataset
        metric = comparison.metric
        field = comparison.field.name
        self.reference = reference.label
        level = Formatting.percent(comparison.level)
        rows = settings.indices.map { SettingRowView(comparison, index: $0) }
        dominance = Self.dominance(comparison)
        frontier = comparison.frontier.map { settings[$0].label }.joined(separator: " → ")
        runs = settings.map { RunLine(setting: $0.label, run: ComparedRunView(run: $0.run, role: $0.label)) }
        informative = comparison.informative.map { spread in
            "\(spread.field): " + zip(settings, spread.values).map { "\($0.label) \($1 ?? "unknown")" }.joined(separator: " · ")
        }
        let labelOf = { (id: Int64) in settings.first { $0.run.id == id }?.label }
        notUsed = comparison.notUsed.map { Self.skipped($0, field: comparison.field, labelOf: labelOf) }
        excluded = comparison.excluded.map { Self.skipped($0, field: comparison.field, labelOf: labelOf) }
        notes = comparison.notes
        legend = [
            "Score: \(comparison.metric) on \(comparison.dataset), the mean over questions (each question's repeats "
                + "averaged first), with its \(level) interval.",
            "Δ: the score minus \(reference.label)'s, paired by question when both runs kept per-sample rows "
                + "(paired bootstrap interval; exact McNemar test for 0/1 scores, else paired t), else unpaired (Newcombe).",
            "Output tokens, latency and TTFT: means per answer (one sample of one repeat), as the eval client "
                + "measured them; Δ tokens is relative to \(reference.label).",
            "Tokens per correct: all output tokens / correct answers (per-answer scores summed); ∞ when none is correct.",
            "Pareto: a setting is dominated when another scores at least as high for no more output tokens, "
                + "strictly better on one of the two.",
        ]
        chart = ""
        hasFrontier = !frontier.isEmpty
        hasInformational = !informative.isEmpty
        hasNotUsed = !notUsed.isEmpty
        hasExcluded = !excluded.isEmpty
        hasNotes = !notes.isEmpty
        hasChart = false
    }

    /// The same view with an inline SVG chart.
    func with(chart: String) -> SettingsView {
        var copy = self
        copy.chart = chart
        copy.hasChart = !chart.isEmpty
        return copy
    }

    /// `a / b − 1`, nil when either is missing or `b` is 0.
    static func relative(_ a: Double?, to b: Double?) -> Double? {
        guard let a, let b, b != 0 else { return nil }
        return a / b - 1
    }

    /// What the best setting buys over the reference (or, when the reference is best, how the next
    /// one compares), then which settings are dominated.
    static func headline(_ comparison: SettingsComparison) -> String {
        let settings = comparison.settings
        let reference = comparison.reference
        let best = settings[comparison.best]
        let tokens = { (setting: SettingResult) in
            Formatting.tokenChangePhrase(relative(setting.meanOutputTokens, to: reference.meanOutputTokens))
                .map { " " + $0 } ?? ""
        }
        let first: String
        if comparison.best != comparison.referenceIndex {
            // Every setting but the reference has a difference from it.
            let (difference, caveat) = Formatting.scoreDifference(best.versusReference!)
            let shown = difference + (caveat.map { " (\($0))" } ?? "")
            first = (best.versusReference?.absoluteDelta ?? 0) > 0
                ? "\(best.label) buys \(shown) over \(reference.label)\(tokens(best))"
                : "\(best.label) matches \(reference.label)'s score (\(shown))\(tokens(best))"
        } else {
            let next = settings[comparison.ranking[1]]
            let (difference, caveat) = Formatting.scoreDifference(next.versusReference!)
            first = "the reference \(reference.label) scores highest; the next best, \(next.label), is \(difference)"
                + (caveat.map { " (\($0))" } ?? "") + tokens(next)
        }
        let dominated = comparison.dominance.map { settings[$0.setting].label }
        let second: String = if comparison.frontier.isEmpty {
            "no output tokens per answer, so no Pareto view"
        } else if dominated.isEmpty {
            "no setting is dominated"
        } else {
            "\(listed(dominated)) \(dominated.count == 1 ? "is" : "are") dominated"
        }
        return "\(first); \(second)"
    }

    /// One sentence per dominated setting, or one saying none is.
    static func dominance(_ comparison: SettingsComparison) -> [String] {
        let settings = comparison.settings
        guard !comparison.frontier.isEmpty else {
            return ["No setting recorded output tokens per answer, so none can be placed on the Pareto frontier."]
        }
        guard !comparison.dominance.isEmpty else {
            return ["No setting is dominated: every setting that scores higher spends more output tokens."]
        }
        return comparison.dominance.map { verdict in
            let by = settings[verdict.by].label
            let (difference, caveat) = Formatting.scoreDifference(verdict.scoreDifference)
            var facts = [difference] + (caveat.map { [$0] } ?? [])
            if verdict.scoreDifference.absoluteInterval != nil && !verdict.paired { facts.append("unpaired") }
            if let tokens = Formatting.tokenChangePhrase(verdict.tokenChange) { facts.append(tokens) }
            let also = verdict.alsoBy.isEmpty ? "" : " (also by \(listed(verdict.alsoBy.map { settings[$0].label })))"
            return "\(settings[verdict.setting].label) is dominated by \(by)\(also): \(facts.joined(separator: ", "))"
        }
    }

    /// Why a run is not used, with the keys it differs in and their values.
    static func skipped(
        _ skipped: SettingsSelection.Skipped, field: SettingField, labelOf: (Int64) -> String?
    ) -> String {
        let name = "run \(skipped.id) (\(SettingField.label(skipped.value)))"
        switch skipped.reason {
        case .older(let newer):
            return "\(name): older than run \(newer), which is used"
        case .notComparable(let id, let differences):
            let keys = differences.map { difference in
                let change = ComparisonView.keyChange(difference, allowed: [])
                return "\(change.field) (\(change.baseline) → \(change.candidate))"
            }
            let other = "run \(id)" + (labelOf(id).map { " (\($0))" } ?? "")
            return keys.isEmpty
                ? "\(name): not comparable with \(other)"
                : "\(name): differs from \(other) in \(keys.joined(separator: ", "))"
        case .otherMetric(let metric, let expected):
            return "\(name): scores the dataset by \(metric), the others by \(expected)"
        case .noScore:
            return "\(name): no primary score for the dataset"
        }
    }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
