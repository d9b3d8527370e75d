/// Descriptive statistics over samples. Empty input gives nil rather than NaN.
public enum Descriptive {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Sample variance (n − 1 denominator); nil for fewer than two values.
    public static func variance(_ values: [Double]) -> Double? {
        guard values.count > 1, let mean = mean(values) else { return nil }
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }

    public static func standardDeviation(_ values: [Double]) -> Double? {
        variance(values).map { $0.squareRoot() }
    }

    /// The `p`-th percentile (0...100) of already sorted values, nearest-rank, as EvalScope ≥ 1.12
    /// computes it: `sorted[ceil(p/100 · n) − 1]`, `min` at 0.
    public static func percentile(sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }

    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        percentile(sorted: values.sorted(), p)
    }
}
