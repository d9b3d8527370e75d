import Foundation

/// A linear axis over a data range, widened to round tick values (1, 2 or 5 × 10ⁿ).
///
/// ```swift
/// let scale = ChartScale(covering: [3.2, 87.5], ticks: 5, from: 10, to: 250)
/// scale.ticks                // [0, 20, 40, 60, 80, 100]
/// scale.position(of: 50)     // 130: halfway between 10 and 250
/// ```
struct ChartScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]
    /// Screen coordinates of `lower` and `upper` (for a vertical axis, `from` is the bottom).
    let from: Double
    let to: Double

    /// - Parameter values: everything the axis must show; non-finite values are ignored.
    init(covering values: [Double], ticks count: Int, from: Double, to: Double) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if low == high {
            // One value (or all equal): give it room on both sides.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = Self.niceStep((high - low) / Double(max(count, 1)))
        lower = (low / step).rounded(.down) * step
        upper = (high / step).rounded(.up) * step
        ticks = stride(from: lower, through: upper + step / 2, by: step).map { abs($0) < step / 1e6 ? 0 : $0 }
        self.from = from
        self.to = to
    }

    func position(of value: Double) -> Double {
        from + (value - lower) / (upper - lower) * (to - from)
    }

    /// The round step (1, 2, 5 × 10ⁿ) nearest above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }
}
