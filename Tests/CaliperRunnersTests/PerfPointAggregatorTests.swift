import CaliperCore
import CaliperRunners
import Testing

/// Hand-built points whose figures are exact in binary, so every definition is checked exactly.
@Suite("Perf point aggregation")
struct PerfPointAggregatorTests {
    static func success(
        start: Double, latency: Double, ttft: Double, input: Int, output: Int, gaps: [Double], stream: Bool = true
    ) -> MeasuredRequest {
        MeasuredRequest(
            record: RequestRecord(
                sequence: 0, success: true, latency: latency, ttft: ttft,
                tpot: output > 1 ? (latency - ttft) / Double(output - 1) : 0,
                itlMean: gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count), itlCount: gaps.count,
                inputTokens: input, outputTokens: output, isStream: stream),
            gaps: gaps, startTime: start, endTime: start + latency)
    }

    static func failure(start: Double, end: Double, gaps: [Double] = [], error: String) -> MeasuredRequest {
        MeasuredRequest(
            record: RequestRecord(sequence: 0, success: false, itlCount: gaps.count, isStream: true, error: error),
            gaps: gaps, startTime: start, endTime: end)
    }

    /// Completion order: three streams (4, 2 and 1 output tokens), two failures, one non-stream.
    static let mixed: [MeasuredRequest] = [
        failure(start: 0, end: 0.125, error: "HTTP 500: boom"),
        success(start: 0, latency: 1, ttft: 0.25, input: 10, output: 4, gaps: [0.25, 0.25, 0.25]),
        success(start: 1, latency: 0.5, ttft: 0.5, input: 30, output: 1, gaps: []),
        success(start: 0.5, latency: 1.5, ttft: 0.5, input: 20, output: 2, gaps: [0.5]),
        success(start: 2, latency: 0.5, ttft: 0.5, input: 40, output: 8, gaps: [], stream: false),
        failure(start: 0.25, end: 3, gaps: [2], error: "in-band error: {}"),
    ]

    @Test("counts, duration over failed requests too, throughputs over successful ones")
    func countsAndThroughput() {
        let point = PerfPointAggregator.aggregate(Self.mixed, concurrency: 4)
        let metrics = point.metrics
        #expect(point.concurrency == 4)
        #expect(point.requestRate == nil)
        #expect(point.requests == 6)
        // The last failure ends at 3 s: it counts in the duration.
        #expect(point.durationSeconds == 3)
        #expect(metrics[.requests, .value] == 6)
        #expect(metrics[.failedRequests, .value] == 2)
        #expect(metrics[.successRate, .value] == 4.0 / 6)
        #expect(metrics[.requestThroughput, .value] == 4.0 / 3)
        #expect(metrics[.outputThroughput, .value] == 15.0 / 3)
        #expect(metrics[.totalThroughput, .value] == 115.0 / 3)
        #expect(metrics[.latency, .mean] == 3.5 / 4)
        #expect(metrics[.inputTokens, .mean] == 25)
        #expect(metrics[.outputTokens, .mean] == 3.75)
    }

    @Test("TTFT over streams, TPOT over streams with > 1 token, ITL pooled over gaps of successes")
    func streamAverages() {
        let metrics = PerfPointAggregator.aggregate(Self.mixed, concurrency: 4).metrics
        // The non-stream request's TTFT (its whole latency) is left out.
        #expect(metrics[.ttft, .mean] == 1.25 / 3)
        // The one-token reply has no decode phase.
        #expect(metrics[.tpot, .mean] == (0.25 + 1.0) / 2)
        // Σ gaps / # gaps = 1.25 / 4, not the mean of per-request means (0.375); the failure's gap is out.
        #expect(metrics[.itl, .mean] == 0.3125)
    }

    @Test("nearest-rank percentiles over EvalScope's sample sets")
    func percentiles() {
        let metrics = PerfPointAggregator.aggregate(Self.mixed, concurrency: 4).metrics
        // Latency: all successes, sorted [0.5, 0.5, 1, 1.5].
        #expect(metrics[.latency, .min] == 0.5)
        #expect(metrics[.latency, .p50] == 0.5)
        #expect(metrics[.latency, .p75] == 1)
        #expect(metrics[.latency, .p90] == 1.5)
        #expect(metrics[.latency, .max] == 1.5)
        // TTFT: streams only, [0.25, 0.5, 0.5].
        #expect(metrics[.ttft, .p25] == 0.25)
        #expect(metrics[.ttft, .p50] == 0.5)
        // TPOT: streams with TPOT > 0, [0.25, 1].
        #expect(metrics[.tpot, .min] == 0.25)
        #expect(metrics[.tpot, .p50] == 0.25)
        #expect(metrics[.tpot, .p75] == 1)
        // ITL: the pooled gaps of successes, [0.25, 0.25, 0.25, 0.5].
        #expect(metrics[.itl, .p50] == 0.25)
        #expect(metrics[.itl, .p90] == 0.5)
        #expect(metrics[.itl, .max] == 0.5)
        // Tokens: all successes.
        #expect(metrics[.outputTokens, .p50] == 2)
        #expect(metrics[.inputTokens, .max] == 40)
        // Every metric has exactly EvalScope's eleven statistics.
        for metric in [Metric.latency, .ttft, .tpot, .itl, .inputTokens, .outputTokens] {
            let statistics = metrics.entries.filter { $0.metric == metric && $0.statistic != .mean }.map(\.statistic)
            #expect(statistics == NearestRank.statistics, "\(metric)")
        }
    }

    @Test("records keep completion order, get their sequence and start offset, and keep errors")
    func records() {
        let point = PerfPointAggregator.aggregate(Self.mixed, concurrency: 4)
        #expect(point.records.map(\.sequence) == Array(0..<6))
        #expect(point.records.map(\.startOffset) == [0, 0, 1, 0.5, 2, 0.25])
        #expect(point.records.map(\.success) == [false, true, true, true, true, false])
        #expect(point.records[0].error == "HTTP 500: boom")
        #expect(point.records[5].itlCount == 1)
    }

    @Test("adding one by one gives the same point, at every step")
    func incremental() {
        var aggregator = PerfPointAggregator(concurrency: 4)
        for (count, request) in Self.mixed.enumerated() {
            aggregator.add(request)
            #expect(aggregator.point == PerfPointAggregator.aggregate(Self.mixed.prefix(count + 1), concurrency: 4))
        }
    }

    @Test("a pure non-stream point: TTFT is the latency, TPOT and ITL 0, no ITL percentiles")
    func nonStream() {
        let requests = [
            Self.success(start: 0, latency: 0.5, ttft: 0.5, input: 8, output: 48, gaps: [], stream: false),
            Self.success(start: 0.25, latency: 0.75, ttft: 0.75, input: 8, output: 48, gaps: [], stream: false),
        ]
        let metrics = PerfPointAggregator.aggregate(requests, concurrency: 2, requestRate: 4).metrics
        #expect(metrics[.ttft, .mean] == 0.625)
        #expect(metrics[.ttft, .max] == 0.75)
        #expect(metrics[.tpot, .mean] == 0)
        #expect(metrics[.tpot, .p50] == 0)
        #expect(metrics[.itl, .mean] == 0)
        #expect(metrics[.itl, .p50] == nil)
        #expect(PerfPointAggregator.aggregate(requests, concurrency: 2, requestRate: 4).requestRate == 4)
    }

    @Test("only one-token streams: TPOT mean 0 and no TPOT percentiles, as EvalScope")
    func oneTokenStreams() {
        let requests = [Self.success(start: 0, latency: 0.5, ttft: 0.25, input: 8, output: 1, gaps: [])]
        let metrics = PerfPointAggregator.aggregate(requests, concurrency: 1).metrics
        #expect(metrics[.tpot, .mean] == 0)
        #expect(metrics[.tpot, .p50] == nil)
        #expect(metrics[.ttft, .p50] == 0.25)
    }

    @Test("nothing succeeded: counts, duration and zero throughputs, no averages or percentiles")
    func allFailed() {
        let point = PerfPointAggregator.aggregate(
            [Self.failure(start: 1, end: 1.5, error: "x"), Self.failure(start: 1.25, end: 2, gaps: [0.25], error: "y")],
            concurrency: 2)
        #expect(point.durationSeconds == 1)
        #expect(point.metrics.entries.map { "\($0.metric.rawValue).\($0.statistic.rawValue)=\($0.value)" } == [
            "request_throughput.value=0.0", "output_throughput.value=0.0", "total_throughput.value=0.0",
            "success_rate.value=0.0", "requests.value=2.0", "failed_requests.value=2.0",
        ])
    }

    @Test("no requests, and requests without a valid interval, leave the duration out")
    func noInterval() {
        let empty = PerfPointAggregator(concurrency: 1).point
        #expect(empty.requests == 0)
        #expect(empty.durationSeconds == nil)
        #expect(empty.metrics[.requestThroughput, .value] == nil)
        #expect(empty.metrics[.requests, .value] == 0)
        #expect(empty.records.isEmpty)

        // An end before its start (a clock the caller got wrong) is left out, as EvalScope does.
        let point = PerfPointAggregator.aggregate(
            [Self.failure(start: 5, end: 4, error: "x"), Self.success(start: 1, latency: 0.5, ttft: 0.25, input: 1, output: 2, gaps: [0.25])],
            concurrency: 1)
        #expect(point.durationSeconds == 0.5)
        #expect(point.records.map(\.startOffset) == [4, 0])
    }

    @Test("a success without TTFT (a stream that carried no output) is left out of TTFT and TPOT only")
    func noOutput() {
        var silent = Self.success(start: 0, latency: 1, ttft: 0, input: 3, output: 0, gaps: [])
        silent.record.ttft = nil
        silent.record.tpot = nil
        let requests = [silent, Self.success(start: 0, latency: 0.5, ttft: 0.25, input: 3, output: 2, gaps: [0.25])]
        let metrics = PerfPointAggregator.aggregate(requests, concurrency: 2).metrics
        #expect(metrics[.latency, .mean] == 0.75)
        #expect(metrics[.ttft, .mean] == 0.25)
        #expect(metrics[.tpot, .mean] == 0.25)
        #expect(metrics[.outputTokens, .mean] == 1)
    }

    @Test("the nearest rank is EvalScope's index ceil(p/100 · n) − 1, in integers")
    func nearestRank() {
        #expect(NearestRank.index(percent: 90, count: 14) == 12)
        #expect(NearestRank.index(percent: 50, count: 14) == 6)
        #expect(NearestRank.index(percent: 0, count: 14) == 0)
        #expect(NearestRank.index(percent: 1, count: 100) == 0)
        #expect(NearestRank.index(percent: 99, count: 100) == 98)
        #expect(NearestRank.index(percent: 100, count: 7) == 6)
        #expect(NearestRank.index(percent: 50, count: 1) == 0)
        // The same as the floating-point form for EvalScope's percentiles, over a range of sizes.
        for count in 1...2_000 {
            for percent in [1, 5, 10, 25, 50, 75, 90, 95, 99] {
                let float = max(Int((Double(percent) / 100 * Double(count)).rounded(.up)) - 1, 0)
                #expect(NearestRank.index(percent: percent, count: count) == float)
            }
        }
        #expect(NearestRank.percentiles(of: []).isEmpty)
        #expect(NearestRank.percentiles(of: [.nan, 2, 1])[.min] == 1)
        #expect(NearestRank.percentiles(of: [.nan, 2, 1])[.max] == 2)
    }
}
