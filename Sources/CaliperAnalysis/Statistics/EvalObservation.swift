import CaliperCore

/// One scored answer of an eval run: a question, which repeat of it, and its score
/// (0/1 for right/wrong, or a fraction).
public struct EvalObservation: Sendable, Equatable, Codable {
    public var questionID: String
    public var repeatIndex: Int
    public var score: Double

    public init(questionID: String, repeatIndex: Int = 0, score: Double) {
        self.questionID = questionID
        self.repeatIndex = repeatIndex
        self.score = score
    }

    /// A stored sample as an observation. The question is named within its subset, because
    /// question ids restart in each subset of a dataset.
    ///
    /// ```swift
    /// EvalObservation(sample).questionID   // "arithmetic/3"
    /// ```
    public init(_ sample: EvalSample) {
        self.init(questionID: "\(sample.subset)/\(sample.questionID)", repeatIndex: sample.repeatIndex, score: sample.score)
    }
}
