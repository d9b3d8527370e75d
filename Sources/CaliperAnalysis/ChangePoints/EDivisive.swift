/// Matteson & James' E-divisive means statistic with α = 1: the split of a segment at which the
/// energy distance between the two sides, scaled by their sizes, is largest. It proposes where a
/// segment most likely changes distribution; ``ChangePointDetector`` decides by a t-test whether
/// the change is real.
///
/// For a split of m points into τ and m − τ:
/// Q̂(τ) = τ(m−τ)/m · [ 2/(τ(m−τ)) Σ|xᵢ − yⱼ| − Σ_{i<k}|xᵢ − xₖ| / C(τ,2) − Σ_{j<k}|yⱼ − yₖ| / C(m−τ,2) ].
///
/// ```swift
/// EDivisive.bestSplit(of: [1, 1, 1, 1, 5, 5, 5, 5], in: 0..<8, minSegment: 2)?.index   // 4
/// ```
enum EDivisive {
    /// The split index (first index of the right side) of `series[range]` with the largest Q̂,
    /// each side at least `minSegment` (≥ 2) long; the first of equal maxima; nil when the
    /// range is too short to split.
    ///
    /// Cost O(m²) for m points, without the m × m distance matrix: moving the split one point
    /// right only moves that point's distances between the three sums, so one pass over its
    /// row updates them (a naive evaluation of every split would be O(m³)).
    static func bestSplit(of series: [Double], in range: Range<Int>, minSegment: Int) -> (index: Int, q: Double)? {
        let m = range.count
        guard minSegment >= 2, m >= 2 * minSegment else { return nil }
        return series.withUnsafeBufferPointer { whole in
            let x = UnsafeBufferPointer(rebasing: whole[range])
            // Split at τ = 0: everything is on the right.
            var right = 0.0
            for i in 0..<m {
                for k in (i + 1)..<m { right += abs(x[i] - x[k]) }
            }
            var left = 0.0, between = 0.0
            var best: (index: Int, q: Double)?
            let size = Double(m)
            for tau in 0...(m - minSegment) {
                if tau >= minSegment {
                    let nl = Double(tau), nr = Double(m - tau)
                    let within = left / (nl * (nl - 1) / 2) + right / (nr * (nr - 1) / 2)
                    let q = 2 * between / size - nl * nr / size * within
                    if best.map({ q > $0.q }) ?? true { best = (range.lowerBound + tau, q) }
                }
                // Move x[tau] from the right side to the left.
                var toLeft = 0.0, toRight = 0.0
                for i in 0..<tau { toLeft += abs(x[i] - x[tau]) }
                for k in (tau + 1)..<m { toRight += abs(x[tau] - x[k]) }
                left += toLeft
                right -= toRight
                between += toRight - toLeft
            }
            return best
        }
    }
}
