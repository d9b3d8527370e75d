/// One run's eval score over questions (repeats averaged first), with its interval: Wilson when
/// every question scored 0 or 1, else a t interval over the per-question means.
public struct ScoreEstimate: Sendable, Equatable, Codable {
    public var value: Double
    public var interval: ConfidenceInterval?
    public var method: ComparisonMethod
    public var questions: Int

    public init(value: Double, interval: ConfidenceInterval?, method: ComparisonMethod, questions: Int) {
        self.value = value
        self.interval = interval
        self.method = method
        self.questions = questions
    }

    /// The estimate over per-question scores (one value per question, repeats already averaged).
    public init(questionScores scores: [Double], level: Double = 0.95) {
        let n = scores.count
        let mean = Descriptive.mean(scores) ?? 0
        if n > 0, scores.allSatisfy({ $0 == 0 || $0 == 1 }) {
            self.init(
                value: mean, interval: .wilson(successes: mean * Double(n), trials: n, level: level),
                method: .wilson, questions: n)
        } else if let interval = ConfidenceInterval.studentT(scores, level: level) {
            self.init(value: mean, interval: interval, method: .tInterval, questions: n)
        } else {
            self.init(value: mean, interval: nil, method: .none, questions: n)
        }
    }
}
