import CaliperAnalysis
import CaliperCore

/// One setting's line of the settings table, as display strings.
///
/// ```swift
/// let row = SettingRowView(comparison, index: 1)
/// row.setting          // "high"
/// row.score            // "80.00%"
/// row.delta            // "+17.5pp"
/// row.tokensChange     // "+277.6%"
/// row.pareto           // "frontier"
/// ```
public struct SettingRowView: Sendable, Equatable {
    /// The value as shown: `low`, `(unset)`.
    public let setting: String
    /// `low (reference)`.
    public let settingWithRole: String
    public let isReference: Bool
    /// `run 2`.
    public let run: String
    public let score: String
    /// `[51.23%, 73.77%]`.
    public let scoreInterval: String
    /// `t_interval over 30 questions`, `wilson over 120 samples (aggregate)`.
    public let scoreMethod: String
    /// Score minus the reference's: `+17.5pp`; `reference` on the reference's row.
    public let delta: String
    public let deltaInterval: String
    public let pValue: String
    /// `paired, 30 questions`, `unpaired`, or `-`.
    public let deltaMethod: String
    /// Mean output tokens per answer: `185`.
    public let tokens: String
    /// Relative to the reference's: `+277.6%`.
    public let tokensChange: String
    public let latency: String
    public let ttft: String
    /// `231.25`, `∞`, `-`.
    public let tokensPerCorrect: String
    /// `frontier`, `dominated by high`, or `-` (no tokens to place it by).
    public let pareto: String
    /// `frontier`, `dominated`, `unplaced`: the CSS class.
    public let paretoClass: String

    public init(_ comparison: SettingsComparison, index: Int) {
        let result = comparison.settings[index]
        let reference = comparison.reference
        setting = result.label
        settingWithRole = result.isReference ? "\(result.label) (reference)" : result.label
        isReference = result.isReference
        run = result.run.name
        score = Formatting.value(result.score.value, unit: .fraction)
        scoreInterval = Formatting.scoreInterval(result.score.interval)
        scoreMethod = result.score.method == .none
            ? "no interval"
            : "\(result.score.method.rawValue) over \(Formatting.count(result.score.questions)) "
                + (result.samples > 0 ? "questions" : "samples (aggregate)")
        if result.isReference {
            delta = "reference"
            deltaInterval = "-"
            pValue = "-"
            deltaMethod = "-"
        } else {
            let difference = result.versusReference
            delta = Formatting.change(difference?.absoluteDelta, .percentagePoints)
            deltaInterval = Formatting.interval(difference?.absoluteInterval, .percentagePoints)
            pValue = Formatting.pValue(difference?.pValue)
            deltaMethod = difference == nil ? "-"
                : result.pairedQuestions.map { "paired, \(Formatting.count($0)) questions" } ?? "unpaired"
        }
        tokens = Formatting.value(result.meanOutputTokens, unit: .tokens)
        tokensChange = result.isReference ? "-" : Formatting.change(
            SettingsView.relative(result.meanOutputTokens, to: reference.meanOutputTokens), .relative)
        latency = Formatting.value(result.meanLatency, unit: .seconds)
        ttft = Formatting.value(result.meanTTFT, unit: .seconds)
        tokensPerCorrect = Formatting.tokensPerCorrect(result.tokensPerCorrect)
        switch result.dominatedBy {
        case nil:
            pareto = "-"
            paretoClass = "unplaced"
        case let rivals? where rivals.isEmpty:
            pareto = "frontier"
            paretoClass = "frontier"
        case let rivals?:
            pareto = "dominated by " + rivals.map { comparison.settings[$0].label }.joined(separator: ", ")
            paretoClass = "dominated"
        }
    }
}
