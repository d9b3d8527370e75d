/// An eval score for one dataset, subset and metric.
///
/// Metric names are canonical across EvalScope versions (`accuracy`, `pass@2`, `rouge-l-r`,
/// `bleu-4`): see ``EvalMetricName``. `subset == nil` is the dataset-level figure.
public struct EvalScore: Sendable, Equatable, Codable {
    public var dataset: String
    public var subset: String?
    public var metric: String
    /// The metric's name in the source file (`mean_acc`, `AverageAccuracy`, …).
    public var sourceMetric: String
    /// A fraction in [0, 1] for accuracy-like metrics.
    public var score: Double
    /// Samples the score is over (sample × repeat, as the source counts).
    public var count: Int?
    /// Whether this is the dataset's headline metric.
    public var isPrimary: Bool

    public init(
        dataset: String, subset: String?, metric: String, sourceMetric: String, score: Double,
        count: Int?, isPrimary: Bool
    ) {
        self.dataset = dataset
        self.subset = subset
        self.metric = metric
        self.sourceMetric = sourceMetric
        self.score = score
        self.count = count
        self.isPrimary = isPrimary
    }
}

/// One scored answer: a question of a subset, one repeat of it.
public struct EvalSample: Sendable, Equatable, Codable {
    public var dataset: String
    public var subset: String
    /// The sample's id in the source (unique per question × repeat within a subset).
    public var sampleID: String
    /// The question the sample answers: the same across repeats and across runs, for pairing.
    public var questionID: String
    /// Repeat index from 0.
    public var repeatIndex: Int
    /// Canonical name of the metric ``score`` is for (the dataset's main per-sample metric).
    public var metric: String
    public var score: Double
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var latency: Double?
    public var ttft: Double?

    public init(
        dataset: String, subset: String, sampleID: String, questionID: String, repeatIndex: Int,
        metric: String, score: Double, inputTokens: Int? = nil, outputTokens: Int? = nil,
        latency: Double? = nil, ttft: Double? = nil
    ) {
        self.dataset = dataset
        self.subset = subset
        self.sampleID = sampleID
        self.questionID = questionID
        self.repeatIndex = repeatIndex
        self.metric = metric
        self.score = score
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latency = latency
        self.ttft = ttft
    }
}
