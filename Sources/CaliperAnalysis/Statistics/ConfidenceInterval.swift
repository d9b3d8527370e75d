import Foundation

/// A two-sided confidence interval at a stated level (0.95 for 95 %).
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    public var level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }

    /// The Wilson score interval of a proportion: unlike the Wald interval it stays inside [0, 1]
    /// and keeps its coverage at 30 questions and near 0 % or 100 %.
    ///
    /// ```swift
    /// ConfidenceInterval.wilson(successes: 15, trials: 30)   // [0.332, 0.668]
    /// ```
    public static func wilson(successes: Double, trials: Int, level: Double = 0.95) -> ConfidenceInterval {
        precondition(trials > 0, "Wilson interval needs at least one trial")
        let n = Double(trials)
        let z = NormalDistribution.quantile(0.5 + level / 2)
        let p = successes / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return ConfidenceInterval(lower: Swift.max(0, centre - half), upper: Swift.min(1, centre + half), level: level)
    }

    /// Student's t interval of a mean, mean ± t(n − 1) · sd / √n: the interval of one sample's mean
    /// (requests of a run, questions of an eval, runs of a group). Nil below two values.
    ///
    /// ```swift
    /// ConfidenceInterval.studentT(mean: 10, standardDeviation: 2, count: 11)   // [8.656, 11.344]
    /// ```
    public static func studentT(mean: Double, standardDeviation: Double, count: Int, level: Double = 0.95) -> ConfidenceInterval? {
        guard count > 1, mean.isFinite, standardDeviation.isFinite else { return nil }
        let half = StudentTDistribution.quantile(0.5 + level / 2, degreesOfFreedom: Double(count - 1))
            * standardDeviation / Double(count).squareRoot()
        return ConfidenceInterval(lower: mean - half, upper: mean + half, level: level)
    }

    /// The t interval of the mean of `values`; nil below two values.
    public static func studentT(_ values: [Double], level: Double = 0.95) -> ConfidenceInterval? {
        guard let mean = Descriptive.mean(values), let sd = Descriptive.standardDeviation(values) else { return nil }
        return studentT(mean: mean, standardDeviation: sd, count: values.count, level: level)
    }
}
