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
}
