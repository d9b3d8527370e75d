import CaliperCore
import Foundation

/// Two eval runs on the same questions, compared question by question: the honest test for a
/// 30-question benchmark, where pairing removes the between-question variance.
///
/// Repeats are averaged per question first, then questions are paired by ID (questions on one side
/// only are counted and left out). The difference is the mean paired difference with a seeded
/// paired-bootstrap interval (expanded percentile, for small question counts). The test is exact McNemar when every per-question score is 0 or 1,
/// else a paired t test on the per-question differences (bounded differences, so the t is accurate
/// from about 20 questions). The per-side scores are over the paired questions.
///
/// ```swift
/// let r = PairedEvalComparison.compare(baseline: runA, candidate: runB)
/// r?.comparison.absoluteDelta   // -0.2: 20 pp lower
/// r?.comparison.pValue          // 0.004 (exact McNemar, 14 vs 2 flips)
/// ```
public struct PairedEvalComparison: Sendable, Equatable, Codable {
    /// Statistic `.mean`; values are fractions, so an absolute delta of 0.02 is 2 pp.
    public var comparison: Comparison
    public var baselineScore: ScoreEstimate
    public var candidateScore: ScoreEstimate
    public var pairedQuestions: Int
    public var baselineOnlyQuestions: Int
    public var candidateOnlyQuestions: Int
    /// Paired questions the candidate scored lower (regressed) and higher (improved) on; for 0/1
    /// scores these are McNemar's discordant counts.
    public var worseQuestions: Int
    public var betterQuestions: Int

    /// Nil when no question is on both sides.
    public static func compare(
        baseline: [EvalObservation], candidate: [EvalObservation], level: Double = 0.95,
        resamples: Int = 2_000, seed: UInt64 = 0xCA11_BE12
    ) -> PairedEvalComparison? {
        let base = questionMeans(baseline), cand = questionMeans(candidate)
        let shared = base.keys.filter { cand[$0] != nil }.sorted()
        guard !shared.isEmpty else { return nil }
        let b = shared.map { base[$0]! }, c = shared.map { cand[$0]! }
        let d = zip(c, b).map { $0 - $1 }
        let n = d.count
        let meanB = Descriptive.mean(b)!, meanC = Descriptive.mean(c)!
        let binary = (b + c).allSatisfy { $0 == 0 || $0 == 1 }
        let worse = d.filter { $0 < 0 }.count, better = d.filter { $0 > 0 }.count

        let pValue: Double?
        let test: ComparisonMethod
        if binary {
            test = .exactMcNemar
            pValue = BinomialDistribution.twoSidedFairPValue(successes: better, trials: better + worse)
        } else {
            test = .pairedT
            pValue = pairedTPValue(d)
        }

        // Paired bootstrap: resample questions, keep each question's pair together.
        var generator = SeededGenerator(seed: seed)
        var deltas = [Double](), ratios = [Double]()
        deltas.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sumB = 0.0, sumC = 0.0
            for _ in 0..<n {
                let q = generator.index(below: n)
                sumB += b[q]
                sumC += c[q]
            }
            deltas.append((sumC - sumB) / Double(n))
            if sumB > 0 { ratios.append(sumC / sumB - 1) }
        }
        let absolute = BootstrapReplicates(deltas)
        let relative = meanB > 0 && ratios.count == resamples ? BootstrapReplicates(ratios) : nil
        let comparison = Comparison(
            statistic: .mean, baseline: meanB, candidate: meanC, baselineCount: n, candidateCount: n,
            absoluteInterval: n > 1 ? absolute.expandedInterval(level: level, units: n) : nil,
            relativeInterval: n > 1 ? relative?.expandedInterval(level: level, units: n) : nil,
            standardError: n > 1 ? Descriptive.standardDeviation(d)! / Double(n).squareRoot() : nil,
            relativeStandardError: n > 1 ? relative?.standardError : nil,
            pValue: pValue, intervalMethod: .pairedBootstrap, testMethod: test,
            limitation: n > 1 ? nil : "one paired question")
        return PairedEvalComparison(
            comparison: comparison,
            baselineScore: ScoreEstimate(questionScores: b, level: level),
            candidateScore: ScoreEstimate(questionScores: c, level: level),
            pairedQuestions: n,
            baselineOnlyQuestions: base.count - n, candidateOnlyQuestions: cand.count - n,
            worseQuestions: worse, betterQuestions: better)
    }

    /// Each question's mean score over its repeats.
    static func questionMeans(_ observations: [EvalObservation]) -> [String: Double] {
        var sums: [String: (total: Double, count: Int)] = [:]
        for observation in observations where observation.score.isFinite {
            sums[observation.questionID, default: (0, 0)].total += observation.score
            sums[observation.questionID, default: (0, 0)].count += 1
        }
        return sums.mapValues { $0.total / Double($0.count) }
    }

    /// Two-sided paired t p-value; nil below two pairs. No spread: 1 if no difference, else 0.
    private static func pairedTPValue(_ d: [Double]) -> Double? {
        guard d.count > 1, let mean = Descriptive.mean(d), let sd = Descriptive.standardDeviation(d) else { return nil }
        guard sd > 0 else { return mean == 0 ? 1 : 0 }
        let t = mean / (sd / Double(d.count).squareRoot())
        return StudentTDistribution.twoSidedPValue(t, degreesOfFreedom: Double(d.count - 1))
    }
}
