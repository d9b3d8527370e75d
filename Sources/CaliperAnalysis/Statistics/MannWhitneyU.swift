import Foundation

/// The Mann–Whitney U test of a shift between two request distributions: does a random candidate
/// request tend to be slower (or faster) than a random baseline one? Normal approximation with
/// tie and continuity correction, which is accurate from about 20 requests per side.
///
/// ```swift
/// let test = MannWhitneyU.test(baseline: latencyA, candidate: latencyB)
/// test?.probabilityCandidateGreater   // 0.56: candidate slower in 56 % of pairs
/// test?.pValue                        // 0.003
/// ```
public struct MannWhitneyU: Sendable, Equatable, Codable {
    /// Pairs (baseline, candidate) with the candidate larger, ties counted one half.
    public var u: Double
    public var z: Double
    public var pValue: Double
    /// U / (n_baseline · n_candidate): P(candidate > baseline) + ½ P(tie). 0.5 means no shift.
    public var probabilityCandidateGreater: Double
    public var baselineCount: Int
    public var candidateCount: Int
    public var method: ComparisonMethod { .mannWhitney }

    /// Nil when a side has no finite value. Cost: two sorts and a merge, O(n log n).
    public static func test(baseline: [Double], candidate: [Double]) -> MannWhitneyU? {
        let base = baseline.filter(\.isFinite).sorted()
        let cand = candidate.filter(\.isFinite).sorted()
        guard !base.isEmpty, !cand.isEmpty else { return nil }
        let nb = Double(base.count), nc = Double(cand.count), total = nb + nc
        // Walk both sorted sides as one pooled order; each run of equal values shares its mean rank.
        var i = 0, j = 0
        var rankSumCandidate = 0.0
        var tieTerm = 0.0
        var position = 0.0
        while i < base.count || j < cand.count {
            let value = j >= cand.count || (i < base.count && base[i] <= cand[j]) ? base[i] : cand[j]
            var inBase = 0, inCand = 0
            while i < base.count, base[i] == value { i += 1; inBase += 1 }
            while j < cand.count, cand[j] == value { j += 1; inCand += 1 }
            let t = Double(inBase + inCand)
            let meanRank = position + (t + 1) / 2
            rankSumCandidate += Double(inCand) * meanRank
            tieTerm += t * t * t - t
            position += t
        }
        let u = rankSumCandidate - nc * (nc + 1) / 2
        let mean = nb * nc / 2
        let variance = nb * nc / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        var z = 0.0
        var p = 1.0
        if variance > 0 {
            let distance = Swift.max(abs(u - mean) - 0.5, 0)
            z = (u >= mean ? distance : -distance) / variance.squareRoot()
            p = NormalDistribution.twoSidedPValue(z)
        }
        return MannWhitneyU(
            u: u, z: z, pValue: p, probabilityCandidateGreater: u / (nb * nc),
            baselineCount: base.count, candidateCount: cand.count)
    }
}
