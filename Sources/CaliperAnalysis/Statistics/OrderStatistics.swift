/// Order statistics by selection: the k-th smallest value in O(n) expected time, so a p99 of
/// 10,000 requests costs one pass rather than a sort.
///
/// ```swift
/// var values = [5.0, 1, 4, 2, 3]
/// OrderStatistics.select(&values, ranks: [0, 2])   // [1, 3]
/// ```
public enum OrderStatistics {
    /// The values at 0-based `ranks` of `values` if it were sorted. `values` is reordered in place
    /// (a partial sort); ranks may come in any order and must lie in `0..<values.count`.
    public static func select(_ values: inout [Double], ranks: [Int]) -> [Double] {
        precondition(ranks.allSatisfy { values.indices.contains($0) }, "rank out of range")
        let sortedRanks = Array(Set(ranks)).sorted()
        values.withUnsafeMutableBufferPointer { buffer in
            selectAll(buffer, sortedRanks[...], low: 0, high: buffer.count - 1)
        }
        return ranks.map { values[$0] }
    }

    /// The 0-based nearest-rank index of percentile `p` (0...100) among `n` values, as
    /// ``Descriptive/percentile(sorted:_:)`` uses.
    public static func nearestRank(_ p: Double, count n: Int) -> Int {
        Swift.min(Swift.max(Int((p / 100 * Double(n)).rounded(.up)) - 1, 0), n - 1)
    }

    /// Selects the middle rank first, then recurses into the two sides it partitioned.
    private static func selectAll(
        _ buffer: UnsafeMutableBufferPointer<Double>, _ ranks: ArraySlice<Int>, low: Int, high: Int
    ) {
        guard !ranks.isEmpty else { return }
        let middle = ranks.startIndex + ranks.count / 2
        let rank = ranks[middle]
        select(buffer, rank, low: low, high: high)
        selectAll(buffer, ranks[..<middle], low: low, high: rank - 1)
        selectAll(buffer, ranks[(middle + 1)...], low: rank + 1, high: high)
    }

    /// Places the `rank`-th smallest of `buffer[low...high]` at `rank`, smaller values before it
    /// and larger after. Hoare partitions around a median of three (fast with many ties); after
    /// 2·log₂(n) rounds it falls back to sorting, which bounds the worst case at O(n log n).
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ rank: Int, low: Int, high: Int) {
        var low = low
        var high = high
        var budget = 2 * (Int.bitWidth - (high - low + 1).leadingZeroBitCount) + 4
        while high > low {
            if budget == 0 || high - low < 16 {
                var part = UnsafeMutableBufferPointer(rebasing: buffer[low...high])
                part.sort()
                return
            }
            budget -= 1
            let mid = low + (high - low) / 2
            if buffer[mid] < buffer[low] { buffer.swapAt(mid, low) }
            if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
            if buffer[high] < buffer[mid] { buffer.swapAt(high, mid) }
            let pivot = buffer[mid]
            var i = low - 1
            var j = high + 1
            while true {
                repeat { i += 1 } while buffer[i] < pivot
                repeat { j -= 1 } while buffer[j] > pivot
                if i >= j { break }
                buffer.swapAt(i, j)
            }
            // Now buffer[low...j] ≤ pivot ≤ buffer[j+1...high].
            if rank <= j { high = j } else { low = j + 1 }
        }
    }
}
