import CaliperCore

/// Percentiles as `evalscope perf` writes them in `benchmark_percentile.json`: nearest rank, the
/// value at index ceil(p/100 · n) − 1 of the sorted sample (`perf/utils/db_util.py`,
/// `calculate_percentiles`), `min` the first and `max` the last.
///
/// ```swift
/// NearestRank.index(percent: 90, count: 14)   // 12 (ceil(12.6) − 1)
/// NearestRank.percentiles(of: [3, 1, 2])[.p50]   // 2
/// ```
///
/// CaliperAnalysis's `OrderStatistics.nearestRank` is the same rule (it computes p/100 · n in
/// floating point, which gives the same index for the integer percentiles used here); it is not
/// reachable from CaliperRunners, which depends on CaliperCore only.
public enum NearestRank {
    /// The statistics EvalScope writes, in its row order: min, 1 %, 5 %, 10 %, 25 %, 50 %, 75 %,
    /// 90 %, 95 %, 99 %, max.
    public static let statistics: [Statistic] = [.min, .p1, .p5, .p10, .p25, .p50, .p75, .p90, .p95, .p99, .max]

    /// The 0-based index of integer percentile `percent` (0…100) in a sorted sample of `count`.
    /// Integer arithmetic, as Python's `math.ceil(n * p / 100)` is exact for integer p.
    public static func index(percent: Int, count: Int) -> Int {
        precondition(count > 0, "no values")
        if percent >= 100 { return count - 1 }
        return max((count * percent + 99) / 100 - 1, 0)
    }

    /// Every statistic of ``statistics`` for `values`; empty for an empty sample (EvalScope
    /// writes NaN there). NaN values are left out, as EvalScope filters them before sorting.
    public static func percentiles(of values: [Double]) -> [Statistic: Double] {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return [:] }
        var result: [Statistic: Double] = [:]
        for statistic in statistics {
            let percent = Int(statistic.percentileRank!)
            result[statistic] = sorted[index(percent: percent, count: sorted.count)]
        }
        return result
    }
}
