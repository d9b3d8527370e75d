import CaliperCore

/// Aggregates the measured requests of one load level into a ``PerfPoint`` whose metric table has
/// the figures the EvalScope importer reads from `benchmark_summary.json` and
/// `benchmark_percentile.json`, computed with `evalscope perf` 1.14.1's definitions
/// (`MetricsAccumulator` in `perf/utils/benchmark_util.py`, `get_percentile_results` in
/// `perf/utils/db_util.py`), in the store's canonical units (seconds, tokens/s, requests/s).
///
/// | figure | definition |
/// |---|---|
/// | duration | max(end) − min(start) over all requests, failed ones included |
/// | request / output / total throughput `value` | successful requests, Σ completion, Σ (prompt + completion) tokens of successful requests, over the duration |
/// | `requests`, `failed_requests`, `success_rate` | counts over all requests |
/// | latency, input / output tokens `mean` | over successful requests |
/// | ttft `mean` | over successful stream requests; over all successful ones when none streamed |
/// | tpot `mean` | over successful stream requests with > 1 output token (0 if none); over all successful ones when none streamed |
/// | itl `mean` | pooled: Σ gaps / number of gaps of successful requests; 0 when there are none |
/// | percentiles `min` … `max` | nearest rank (``NearestRank``); TTFT and TPOT over stream requests (TPOT > 0 only) unless none streamed, ITL over the pooled gaps, the rest over all successful requests |
///
/// Requests are added in completion order, as EvalScope accumulates them (sums then round the
/// same way). Averages are left out when nothing succeeded, where EvalScope writes −1.
///
/// ```swift
/// var aggregator = PerfPointAggregator(concurrency: 4)
/// for measured in completed { aggregator.add(measured) }
/// let point = aggregator.point
/// point.metrics[.outputThroughput, .value]   // tokens/s over the point's duration
/// point.metrics[.ttft, .p99]                 // seconds
/// ```
public struct PerfPointAggregator: Sendable {
    public var concurrency: Int?
    public var requestRate: Double?

    private var records: [RequestRecord] = []
    private var startTimes: [Double] = []
    private var wallStart: Double?
    private var wallEnd: Double?

    private var successes = 0
    private var streamSuccesses = 0
    private var totalLatency = 0.0
    private var totalPromptTokens = 0
    private var totalCompletionTokens = 0
    /// TTFT and TPOT sums over all successful requests and over stream ones, with their counts.
    private var ttftAll = Sum()
    private var ttftStream = Sum()
    private var tpotAll = Sum()
    private var tpotStream = Sum()
    private var gapSum = Sum()

    /// Percentile samples.
    private var latencies: [Double] = []
    private var inputTokens: [Double] = []
    private var outputTokens: [Double] = []
    private var ttftSampleAll: [Double] = []
    private var ttftSampleStream: [Double] = []
    private var tpotSampleAll: [Double] = []
    private var tpotSampleStream: [Double] = []
    /// Every gap of every successful request: ITL percentiles are over chunks, not requests.
    private var pooledGaps: [Double] = []

    private struct Sum {
        var total = 0.0
        var count = 0

        mutating func add(_ value: Double) {
            total += value
            count += 1
        }

        var mean: Double? { count > 0 ? total / Double(count) : nil }
    }

    /// - Parameters:
    ///   - concurrency: requests in flight (closed loop); nil in open loop.
    ///   - requestRate: the arrival rate asked for, in requests/s; nil when unlimited.
    public init(concurrency: Int?, requestRate: Double? = nil) {
        self.concurrency = concurrency
        self.requestRate = requestRate
    }

    /// The point of `requests`, given in completion order.
    public static func aggregate(
        _ requests: some Sequence<MeasuredRequest>, concurrency: Int?, requestRate: Double? = nil
    ) -> PerfPoint {
        var aggregator = PerfPointAggregator(concurrency: concurrency, requestRate: requestRate)
        for request in requests { aggregator.add(request) }
        return aggregator.point
    }

    /// Adds the next completed request.
    public mutating func add(_ request: MeasuredRequest) {
        var record = request.record
        record.sequence = records.count
        records.append(record)
        startTimes.append(request.startTime)
        // As EvalScope: a request whose end precedes its start has no valid interval.
        if request.endTime >= request.startTime {
            wallStart = min(wallStart ?? request.startTime, request.startTime)
            wallEnd = max(wallEnd ?? request.endTime, request.endTime)
        }

        guard record.success, let latency = record.latency,
              let prompt = record.inputTokens, let completion = record.outputTokens
        else { return }
        let stream = record.isStream ?? false
        successes += 1
        if stream { streamSuccesses += 1 }
        totalLatency += latency
        totalPromptTokens += prompt
        totalCompletionTokens += completion
        latencies.append(latency)
        inputTokens.append(Double(prompt))
        outputTokens.append(Double(completion))

        // A stream that carried no output has no TTFT (EvalScope would count 0 s).
        if let ttft = record.ttft {
            ttftAll.add(ttft)
            ttftSampleAll.append(ttft)
            if stream {
                ttftStream.add(ttft)
                ttftSampleStream.append(ttft)
            }
        }
        if let tpot = record.tpot {
            tpotAll.add(tpot)
            tpotSampleAll.append(tpot)
            // A one-token reply has no decode phase, so no TPOT to average.
            if stream, completion > 1 { tpotStream.add(tpot) }
            if stream, tpot > 0 { tpotSampleStream.append(tpot) }
        }
        // Per-request sum first, then the total: EvalScope's order of additions.
        gapSum.total += request.gaps.reduce(0, +)
        gapSum.count += request.gaps.count
        pooledGaps.append(contentsOf: request.gaps)
    }

    /// Wall time of the point: max(end) − min(start); nil before any request with a valid interval.
    public var durationSeconds: Double? {
        guard let wallStart, let wallEnd else { return nil }
        return max(wallEnd - wallStart, 0)
    }

    /// The point so far: metrics, and the records in completion order with their start offsets.
    public var point: PerfPoint {
        PerfPoint(
            concurrency: concurrency, requestRate: requestRate, requests: records.count,
            durationSeconds: durationSeconds, metrics: metrics, records: placedRecords)
    }

    private var placedRecords: [RequestRecord] {
        guard let firstStart = startTimes.min() else { return [] }
        return zip(records, startTimes).map { record, start in
            var record = record
            record.startOffset = start - firstStart
            return record
        }
    }

    private var metrics: MetricTable {
        var table = MetricTable()
        let total = records.count
        table[.requests, .value] = Double(total)
        table[.failedRequests, .value] = Double(total - successes)
        if total > 0 { table[.successRate, .value] = Double(successes) / Double(total) }

        if let duration = durationSeconds, duration > 0 {
            table[.requestThroughput, .value] = Double(successes) / duration
            table[.outputThroughput, .value] = Double(totalCompletionTokens) / duration
            table[.totalThroughput, .value] = Double(totalPromptTokens + totalCompletionTokens) / duration
        }
        guard successes > 0 else { return table }

        let n = Double(successes)
        table[.latency, .mean] = totalLatency / n
        table[.inputTokens, .mean] = Double(totalPromptTokens) / n
        table[.outputTokens, .mean] = Double(totalCompletionTokens) / n
        // Stream-only when anything streamed: a non-stream TTFT is the whole latency, its TPOT 0.
        let streamed = streamSuccesses > 0
        table[.ttft, .mean] = streamed ? ttftStream.mean : ttftAll.mean
        table[.tpot, .mean] = streamed ? (tpotStream.mean ?? 0) : tpotAll.mean
        table[.itl, .mean] = gapSum.mean ?? 0

        let samples: [(Metric, [Double])] = [
            (.latency, latencies),
            (.ttft, streamed ? ttftSampleStream : ttftSampleAll),
            (.tpot, streamed ? tpotSampleStream : tpotSampleAll),
            (.itl, pooledGaps),
            (.inputTokens, inputTokens),
            (.outputTokens, outputTokens),
        ]
        for (metric, sample) in samples {
            for (statistic, value) in NearestRank.percentiles(of: sample) {
                table[metric, statistic] = value
            }
        }
        return table
    }
}
