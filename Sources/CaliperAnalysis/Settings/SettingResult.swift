import CaliperCore

/// One setting's figures in a settings comparison: the score it reached, what it cost per answer,
/// and how it compares with the reference setting.
///
/// ```swift
/// let high = comparison.settings[1]
/// high.label                        // "high"
/// high.score.value                  // 0.8
/// high.versusReference?.absoluteDelta   // 0.175: +17.5 pp over low, paired by question
/// high.meanOutputTokens             // 185
/// high.tokensPerCorrect             // 231.25
/// ```
public struct SettingResult: Sendable, Equatable {
    /// The varied key's value; nil when the run leaves it unset.
    public var value: String?
    /// The value as shown: `low`, or `(unset)`.
    public var label: String
    /// The run measured with this setting, its keys and labels.
    public var run: ComparedRun
    public var isReference: Bool
    /// The dataset's primary score over questions (repeats averaged first), or the run's aggregate
    /// when it kept no per-sample rows.
    public var score: ScoreEstimate
    /// Per-sample rows behind the score (questions × repeats); 0 when the score is the aggregate.
    public var samples: Int
    /// This setting's score minus the reference's: paired by question when both have per-sample
    /// rows, else unpaired from the aggregates (Newcombe), else the point values without an
    /// interval; nil for the reference itself.
    public var versusReference: Comparison?
    /// Questions paired with the reference; nil when the difference is not paired.
    public var pairedQuestions: Int?
    /// Mean output tokens per answer (one sample of one repeat); nil when no answer recorded them.
    public var meanOutputTokens: Double?
    /// Mean output tokens per answer against the reference's (Welch over answers).
    public var outputTokensVersusReference: Comparison?
    /// Mean client-side latency and time to first token per answer, in seconds.
    public var meanLatency: Double?
    public var meanTTFT: Double?
    /// Answers that recorded output tokens, and their score summed: correct answers, with partial
    /// credit counted as its fraction.
    public var answersWithTokens: Int
    public var correctAnswers: Double?
    public var totalOutputTokens: Double?
    /// Output tokens spent per correct answer: ``totalOutputTokens`` / ``correctAnswers``;
    /// `.infinity` when no answer is correct, nil without output tokens.
    public var tokensPerCorrect: Double?
    /// The settings (indices into ``SettingsComparison/settings``) that dominate this one: empty on
    /// the Pareto frontier, nil when it has no output tokens to place it by.
    public var dominatedBy: [Int]?

    public init(
        value: String?, run: ComparedRun, isReference: Bool, score: ScoreEstimate, samples: Int,
        versusReference: Comparison? = nil, pairedQuestions: Int? = nil, meanOutputTokens: Double? = nil,
        outputTokensVersusReference: Comparison? = nil, meanLatency: Double? = nil, meanTTFT: Double? = nil,
        answersWithTokens: Int = 0, correctAnswers: Double? = nil, totalOutputTokens: Double? = nil,
        dominatedBy: [Int]? = nil
    ) {
        self.value = value
        self.label = SettingField.label(value)
        self.run = run
        self.isReference = isReference
        self.score = score
        self.samples = samples
        self.versusReference = versusReference
        self.pairedQuestions = pairedQuestions
        self.meanOutputTokens = meanOutputTokens
        self.outputTokensVersusReference = outputTokensVersusReference
        self.meanLatency = meanLatency
        self.meanTTFT = meanTTFT
        self.answersWithTokens = answersWithTokens
        self.correctAnswers = correctAnswers
        self.totalOutputTokens = totalOutputTokens
        self.tokensPerCorrect = Self.tokensPerCorrect(total: totalOutputTokens, correct: correctAnswers)
        self.dominatedBy = dominatedBy
    }

    /// Tokens per correct answer; infinite when none is correct.
    static func tokensPerCorrect(total: Double?, correct: Double?) -> Double? {
        guard let total, let correct else { return nil }
        return correct > 0 ? total / correct : .infinity
    }

    /// On the frontier: placed, and nothing dominates it.
    public var isOnFrontier: Bool { dominatedBy?.isEmpty ?? false }
}
