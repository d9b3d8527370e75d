import CaliperAnalysis
import CaliperCore

/// The JSON form of a settings comparison (`caliper settings --format json`): snake_case keys,
/// numbers in canonical units (fractions, tokens, seconds), absent values as `null`, one object per
/// setting in natural order.
///
/// Each setting also carries the `display` strings the other reports print.
///
/// ```swift
/// let json = try SettingsReport.json(result)
/// // { "dataset" : "aime25", "field" : "reasoning_effort", "headline" : "high buys …", "settings" : [ … ], … }
/// ```
struct SettingsDocument: Encodable, Sendable {
    typealias Interval = ComparisonDocument.Interval
    typealias Method = ComparisonDocument.Method

    struct Score: Encodable, Sendable {
        @Nullable var value: Double?
        @Nullable var interval: Interval?
        var method: String
        /// Questions the score is over; for an aggregate, its samples.
        var n: Int
        var from_samples: Bool
    }

    struct Difference: Encodable, Sendable {
        @Nullable var delta: Double?
        @Nullable var relative_delta: Double?
        @Nullable var interval: Interval?
        @Nullable var relative_interval: Interval?
        @Nullable var p_value: Double?
        var method: Method
        var paired: Bool
        @Nullable var paired_questions: Int?
        @Nullable var significant: Bool?
    }

    struct Display: Encodable, Sendable {
        var score: String
        var score_interval: String
        var delta: String
        var delta_interval: String
        var p_value: String
        var output_tokens: String
        var output_tokens_change: String
        var latency: String
        var ttft: String
        var tokens_per_correct: String
        var pareto: String
    }

    struct Setting: Encodable, Sendable {
        @Nullable var value: String?
        var label: String
        var reference: Bool
        var run: ComparisonDocument.Run
        var samples: Int
        var score: Score
        @Nullable var versus_reference: Difference?
        @Nullable var mean_output_tokens: Double?
        @Nullable var output_tokens_versus_reference: Difference?
        @Nullable var mean_latency_s: Double?
        @Nullable var mean_ttft_s: Double?
        var answers_with_tokens: Int
        @Nullable var correct_answers: Double?
        @Nullable var total_output_tokens: Double?
        /// Null when unknown, and when no answer was correct (then `no_correct_answers` is true).
        @Nullable var tokens_per_correct: Double?
        var no_correct_answers: Bool
        /// `frontier`, `dominated`, or `unplaced` (no output tokens).
        var pareto: String
        var dominated_by: [String]
        var display: Display
    }

    struct Dominance: Encodable, Sendable {
        var setting: String
        var dominated_by: String
        var also_dominated_by: [String]
        var score_difference: Difference
        @Nullable var relative_output_tokens: Double?
        var sentence: String
    }

    struct Skipped: Encodable, Sendable {
        var run_id: Int64
        @Nullable var value: String?
        /// `older`, `not_comparable`, `other_metric`, `no_score`.
        var reason: String
        var differences: [ComparisonDocument.Difference]
        var description: String
    }

    struct Spread: Encodable, Sendable {
        var field: String
        /// Per setting label, its value (null when unknown).
        var values: [String: String?]
    }

    var title: String
    var headline: String
    var model: String
    var dataset: String
    var metric: String
    var field: String
    var reference: String
    var level: Double
    var settings: [Setting]
    var dominance: [Dominance]
    /// Setting labels on the frontier, fewest output tokens first.
    var frontier: [String]
    var best: String
    var informative_differences: [Spread]
    var runs_not_used: [Skipped]
    var runs_excluded: [Skipped]
    var notes: [String]

    init(_ comparison: SettingsComparison) {
        let view = SettingsView(comparison)
        let settings = comparison.settings
        title = view.title
        headline = view.headline
        model = comparison.model
        dataset = comparison.dataset
        metric = comparison.metric
        field = comparison.field.name
        reference = comparison.reference.label
        level = comparison.level
        self.settings = settings.indices.map { Self.setting(comparison, index: $0, row: view.rows[$0]) }
        dominance = zip(comparison.dominance, view.dominance).map { verdict, sentence in
            Dominance(
                setting: settings[verdict.setting].label, dominated_by: settings[verdict.by].label,
                also_dominated_by: verdict.alsoBy.map { settings[$0].label },
                score_difference: Self.difference(verdict.scoreDifference, paired: verdict.paired, questions: nil),
                relative_output_tokens: ComparisonDocument.finite(verdict.tokenChange), sentence: sentence)
        }
        frontier = comparison.frontier.map { settings[$0].label }
        best = settings[comparison.best].label
        informative_differences = comparison.informative.map { spread in
            Spread(field: spread.field, values: Dictionary(
                zip(settings.map(\.label), spread.values).map { ($0, $1) }, uniquingKeysWith: { first, _ in first }))
        }
        let labelOf = { (id: Int64) in settings.first { $0.run.id == id }?.label }
        let skipped = { (skipped: SettingsSelection.Skipped) in
            Self.skipped(skipped, description: SettingsView.skipped(skipped, field: comparison.field, labelOf: labelOf))
        }
        runs_not_used = comparison.notUsed.map(skipped)
        runs_excluded = comparison.excluded.map(skipped)
        notes = comparison.notes
    }

    static func setting(_ comparison: SettingsComparison, index: Int, row: SettingRowView) -> Setting {
        let setting = comparison.settings[index]
        let pareto = switch setting.dominatedBy {
        case nil: "unplaced"
        case let rivals? where rivals.isEmpty: "frontier"
        default: "dominated"
        }
        return Setting(
            value: setting.value, label: setting.label, reference: setting.isReference,
            run: ComparisonDocument.run(setting.run), samples: setting.samples,
            score: Score(
                value: ComparisonDocument.finite(setting.score.value),
                interval: ComparisonDocument.interval(setting.score.interval), method: setting.score.method.rawValue,
                n: setting.score.questions, from_samples: setting.samples > 0),
            versus_reference: setting.versusReference.map {
                difference($0, paired: setting.pairedQuestions != nil, questions: setting.pairedQuestions)
            },
            mean_output_tokens: ComparisonDocument.finite(setting.meanOutputTokens),
            output_tokens_versus_reference: setting.outputTokensVersusReference.map {
                difference($0, paired: false, questions: nil)
            },
            mean_latency_s: ComparisonDocument.finite(setting.meanLatency),
            mean_ttft_s: ComparisonDocument.finite(setting.meanTTFT),
            answers_with_tokens: setting.answersWithTokens, correct_answers: setting.correctAnswers,
            total_output_tokens: setting.totalOutputTokens,
            tokens_per_correct: ComparisonDocument.finite(setting.tokensPerCorrect),
            no_correct_answers: setting.tokensPerCorrect == .infinity, pareto: pareto,
            dominated_by: (setting.dominatedBy ?? []).map { comparison.settings[$0].label },
            display: Display(
                score: row.score, score_interval: row.scoreInterval, delta: row.delta, delta_interval: row.deltaInterval,
                p_value: row.pValue, output_tokens: row.tokens, output_tokens_change: row.tokensChange,
                latency: row.latency, ttft: row.ttft, tokens_per_correct: row.tokensPerCorrect, pareto: row.pareto))
    }

    static func difference(_ comparison: Comparison, paired: Bool, questions: Int?) -> Difference {
        Difference(
            delta: ComparisonDocument.finite(comparison.absoluteDelta),
            relative_delta: ComparisonDocument.finite(comparison.relativeDelta),
            interval: ComparisonDocument.interval(comparison.absoluteInterval),
            relative_interval: ComparisonDocument.interval(comparison.relativeInterval),
            p_value: ComparisonDocument.finite(comparison.pValue),
            method: Method(interval: comparison.intervalMethod.rawValue, test: comparison.testMethod.rawValue),
            paired: paired, paired_questions: questions,
            significant: comparison.absoluteInterval.map { !$0.contains(0) })
    }

    static func skipped(_ skipped: SettingsSelection.Skipped, description: String) -> Skipped {
        let (reason, differences): (String, [KeyDifference]) = switch skipped.reason {
        case .older: ("older", [])
        case .notComparable(_, let differences): ("not_comparable", differences)
        case .otherMetric: ("other_metric", [])
        case .noScore: ("no_score", [])
        }
        return Skipped(
            run_id: skipped.id, value: skipped.value, reason: reason,
            differences: differences.map {
                ComparisonDocument.Difference(
                    field: $0.field, baseline: $0.baseline, candidate: $0.candidate, blocking: $0.blocking, allowed: false)
            },
            description: description)
    }
}
