import CaliperAnalysis

/// Change-point detection over a 1,000-point series with shifts at 250, 500 and 750 in seeded
/// normal noise (target < 100 ms).
enum ChangePointBenchmark {
    static func run() {
        var generator = SeededGenerator(seed: 4)
        let levels = [100.0, 110, 104, 96]
        // Normal noise by inverse transform: sd 2 around each level.
        let series = (0..<1_000).map {
            levels[$0 / 250] + 2 * NormalDistribution.quantile(Double.random(in: 1e-9..<1, using: &generator))
        }
        var times: [Double] = []
        var found: [ChangePoint] = []
        for _ in 0..<101 {
            times.append(seconds { found = ChangePointDetector().changePoints(in: series) } * 1_000)
        }
        let indices = found.map(\.index)
        precondition(
            indices.count == 3 && zip(indices, [250, 500, 750]).allSatisfy { abs($0 - $1) <= 2 },
            "change points at \(indices)")
        times.sort()
        // Median of 101; the series' shifts are found at these indices.
        report("change points, 1,000 points, found at \(indices.map(String.init).joined(separator: ","))", times[50], "ms", target: "< 100")
    }
}
