import CaliperCore
import Testing

/// The domains every stored number is checked against, and the whole-run check the store makes.
struct ValidationTests {
    @Test func domainsRefuseImpossibleValues() {
        #expect(ValueDomain.seconds.violation(0.068) == nil)
        #expect(ValueDomain.seconds.violation(0) == nil)
        #expect(ValueDomain.seconds.violation(-1.5) == "negative")
        #expect(ValueDomain.seconds.violation(.infinity) == "not finite")
        #expect(ValueDomain.seconds.violation(.nan) == "not a number (NaN)")
        #expect(ValueDomain.seconds.violation(1e308) == "above 10000000")
        #expect(ValueDomain.positiveSeconds.violation(0) == "zero, must be positive")
        #expect(ValueDomain.fraction.violation(7.5) == "above 1")
        #expect(ValueDomain.fraction.violation(1) == nil)
        #expect(ValueDomain.tokenCount.violation(1024.7) == "not a whole number")
        #expect(ValueDomain.tokenCount.violation(Int.max) == "above 1000000000")
        #expect(ValueDomain.tokenCount.violation(-3) == "negative")
        #expect(ValueDomain.finite.violation(-4.2) == nil)
    }

    @Test func metricsAndScoresHaveTheirUnitsDomain() {
        #expect(Metric.ttft.domain(.p99) == .seconds)
        #expect(Metric.successRate.domain(.value) == .fraction)
        #expect(Metric.requests.domain(.value) == .count)
        #expect(Metric.outputTokens.domain(.mean) == .tokenStatistic)
        #expect(EvalMetricName.domain("accuracy") == .fraction)
        #expect(EvalMetricName.domain("pass@4") == .fraction)
        #expect(EvalMetricName.domain("rouge-l-r") == .fraction)
        #expect(EvalMetricName.domain("perplexity") == .finite)
    }

    static func point(requests: Int = 2, records: [RequestRecord]? = nil) -> PerfPoint {
        var metrics = MetricTable()
        metrics[.requests, .value] = Double(requests)
        metrics[.failedRequests, .value] = 0
        metrics[.successRate, .value] = 1
        metrics[.ttft, .mean] = 0.05
        let rows = records ?? (0..<requests).map { RequestRecord(sequence: $0, success: true, latency: 0.5, ttft: 0.05, outputTokens: 64) }
        return PerfPoint(concurrency: 2, requests: requests, durationSeconds: 1.5, metrics: metrics, records: rows)
    }

    static func run(points: [PerfPoint]) -> Run {
        Run(kind: .perf, model: ModelIdentity(name: "m"), source: SourceInfo(tool: "test", path: "outputs/x"), contentHash: "h", points: points)
    }

    @Test func aValidRunHasNoViolation() throws {
        #expect(RunValidation.violations(of: Self.run(points: [Self.point()])).isEmpty)
        try RunValidation.check(Self.run(points: [Self.point()]))
    }

    @Test func violationsNameThePointRequestAndField() {
        var bad = Self.point()
        bad.records[1].latency = -0.5
        bad.records[0].outputTokens = Int.max
        bad.metrics[.ttft, .p99] = 1e308
        bad.durationSeconds = 0
        let found = RunValidation.violations(of: Self.run(points: [Self.point(), bad])).map(\.description)
        #expect(found == [
            "point 2 (c=2): duration = 0.0: zero, must be positive",
            "point 2 (c=2): ttft.p99 = 1e+308: above 10000000",
            "point 2 (c=2), request 1: output tokens = \(Int.max): above 1000000000",
            "point 2 (c=2), request 2: latency = -0.5: negative",
        ])
    }

    @Test func countsMustAgree() {
        var point = Self.point(requests: 8, records: [])
        point.metrics[.failedRequests, .value] = 800
        point.metrics[.successRate, .value] = 0.5
        var rows = Self.point(requests: 3)
        rows.requests = 8
        rows.metrics[.requests, .value] = 8
        let found = RunValidation.violations(of: Self.run(points: [point, rows])).map(\.description)
        #expect(found.contains("point 1 (c=2): failed_requests.value = 800.0: more than the 8 requests"))
        #expect(found.contains("point 2 (c=2): request rows = 3: the point has 8 requests"))
        #expect(found.contains { $0.hasPrefix("point 1 (c=2): success_rate.value = 0.5: 800 of 8 requests failed") })
    }

    @Test func evalScoresAreSharesAndUnique() {
        let score = EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "acc", score: 7.5, count: 30, isPrimary: true)
        var other = score
        other.score = 0.5
        other.metric = "pass@2"
        let sample = EvalSample(dataset: "aime25", subset: "default", sampleID: "1", questionID: "1", repeatIndex: 0, metric: "accuracy", score: 1)
        var run = Run(kind: .eval, model: ModelIdentity(name: "m"), source: SourceInfo(tool: "t"), contentHash: "h",
                      scores: [score, other], samples: [sample, sample])
        let found = RunValidation.violations(of: run).map(\.description)
        #expect(found == [
            "score aime25 accuracy = 7.5: above 1",
            "dataset aime25 = 2 primary metrics: a dataset has one primary metric",
            "sample aime25/default/1 = 1: given twice",
        ])
        run.scores = [other]
        run.samples = [sample]
        #expect(RunValidation.violations(of: run).isEmpty)
    }
}
