import CaliperAnalysis
import Foundation

/// Synthetic samples for calibration tests, all drawn from `SeededGenerator`.
extension SeededGenerator {
    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u = 1 - unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    /// `n` log-normal latency-like values: median `scale`, log-sd `sigma`.
    mutating func logNormal(_ n: Int, scale: Double = 1, sigma: Double = 0.5) -> [Double] {
        (0..<n).map { _ in scale * exp(sigma * normal()) }
    }

    mutating func bernoulli(_ p: Double) -> Double {
        unit() < p ? 1 : 0
    }
}

/// Calibration bookkeeping: a rate over trials and the band it must fall in.
struct RateCounter {
    private(set) var hits = 0
    private(set) var trials = 0

    mutating func record(_ hit: Bool) {
        trials += 1
        if hit { hits += 1 }
    }

    var rate: Double { Double(hits) / Double(trials) }

    /// `nominal` ± max(0.03, 3.5 binomial standard errors at the trial count): wide enough that an
    /// honest method at its nominal rate fails with probability < 1e-3, narrow enough to catch a
    /// method at twice or half its nominal rate.
    func isNear(_ nominal: Double) -> Bool {
        let half = Swift.max(0.03, 3.5 * (nominal * (1 - nominal) / Double(trials)).squareRoot())
        return abs(rate - nominal) <= half
    }
}
