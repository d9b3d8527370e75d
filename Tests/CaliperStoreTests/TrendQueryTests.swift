import CaliperCore
import CaliperStore
import CaliperTestSupport
import Foundation
import Testing

/// `Store.trend`: one observation per matching run, oldest first, with only the rows a trend needs.
struct TrendQueryTests {
    /// A perf run with points at `levels`, 10 requests each; request 3 failed.
    static func perf(
        _ tag: String, runAt: RunTime?, engineVersion: String = "0.10.1", levels: [Int] = [1, 8],
        labels: [String: String] = ["branch": "main"], ttftP99: Double = 0.09
    ) -> Run {
        let points = levels.map { level in
            var metrics = MetricTable()
            metrics[.outputThroughput, .value] = 100 * Double(level)
            metrics[.ttft, .p99] = ttftP99
            let records = (0..<10).map { (index: Int) -> RequestRecord in
                let failed = index == 3
                let latency: Double = 0.8 + 0.01 * Double(index)
                let ttft: Double? = failed ? nil : 0.05 + 0.001 * Double(index)
                return RequestRecord(
                    sequence: index, success: !failed, latency: latency, ttft: ttft, inputTokens: 1024,
                    outputTokens: failed ? 0 : 128)
            }
            return PerfPoint(concurrency: level, requests: 10, metrics: metrics, records: records)
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: engineVersion),
            hardware: Hardware(description: "NVIDIA H20 96GB", count: 1),
            generationConfig: GenerationConfig(["max_tokens": .int(128), "reasoning_effort": .string("low")]),
            workload: Workload(endpoint: "/v1/completions", dataset: "random", outputLength: 128),
            labels: labels, source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "perf-G"),
            runAt: runAt, contentHash: tag, points: points)
    }

    /// An eval run scoring aime25 (primary accuracy) over 30 questions × 4 repeats, and general_mcq.
    static func eval(_ tag: String, runAt: RunTime, score: Double, samples: Bool = true) -> Run {
        Run(
            kind: .eval, model: ModelIdentity(name: "gpt-oss-20b"), workload: Workload(dataset: "aime25,general_mcq"),
            source: SourceInfo(tool: "evalscope", version: "1.14.1"), runAt: runAt, contentHash: tag,
            scores: [
                EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "mean_acc", score: score, count: 120, isPrimary: true),
                EvalScore(dataset: "aime25", subset: nil, metric: "pass@4", sourceMetric: "mean_acc_pass@4", score: 0.9, count: 120, isPrimary: false),
                EvalScore(dataset: "aime25", subset: "default", metric: "accuracy", sourceMetric: "mean_acc", score: score, count: 120, isPrimary: true),
                EvalScore(dataset: "general_mcq", subset: nil, metric: "accuracy", sourceMetric: "mean_acc", score: 0.5, count: 20, isPrimary: true),
            ],
            samples: samples ? (0..<30).flatMap { question in
                (0..<4).map { repeatIndex in
                    EvalSample(dataset: "aime25", subset: "default", sampleID: "\(question)-\(repeatIndex)",
                               questionID: String(question), repeatIndex: repeatIndex, metric: "accuracy",
                               score: repeatIndex < question % 5 ? 0 : 1)
                }
            } : [])
    }

    static let ttftP99 = TrendSubject.perf(metric: .ttft, statistic: .p99, concurrency: 8, requestRate: nil)

    @Test(arguments: StoreEngine.allCases)
    func perfTrendIsOldestFirstWithTheStoredFigureKeysAndOneRequestColumn(engine: StoreEngine) throws {
        let store = try newStore(engine)
        _ = try store.ingest(Self.perf("a", runAt: "2026-11-24T19:00:00", engineVersion: "0.10.1", ttftP99: 0.095))
        _ = try store.ingest(Self.perf("b", runAt: "2026-11-23T19:00:00", engineVersion: "0.10.0", ttftP99: 0.090))
        _ = try store.ingest(Self.perf("c", runAt: nil, labels: ["branch": "main", "commit": "9be01d2"], ttftP99: 0.1))

        let observations = try store.trend(TrendQuery(subject: Self.ttftP99))
        // Run 3 has no run_at: its ingest time (now) sorts it last.
        #expect(observations.map(\.runID) == [2, 1, 3])
        #expect(observations.map(\.value) == [0.090, 0.095, 0.1])
        #expect(observations.map(\.count) == [10, 10, 10])
        #expect(observations[0].run.engine == EngineIdentity(name: "vllm", version: "0.10.0"))
        #expect(observations[0].run.hardware == Hardware(name: "H20", count: 1, memoryGB: 96))
        #expect(observations[0].run.generationConfig.reasoningEffort == "low")
        #expect(observations[0].run.workload.outputLength == 128)
        #expect(observations[0].run.source.format == "perf-G")
        #expect(observations[0].run.points.isEmpty)
        #expect(observations[0].time == "2026-11-23T19:00:00Z")
        #expect(observations[2].run.labels == ["branch": "main", "commit": "9be01d2"])
        #expect(observations[2].time == observations[2].ingestedAt)
        // The TTFT of the 9 successful requests, in completion order.
        let expected = (0..<10).filter { $0 != 3 }.map { 0.05 + 0.001 * Double($0) }
        #expect(observations[0].evidence == .requestValues(expected))
    }

    @Test(arguments: StoreEngine.allCases)
    func ingestOrderAndLastKeepTheNewestOldestFirst(engine: StoreEngine) throws {
        let store = try newStore(engine)
        for (tag, day) in [("a", 24), ("b", 22), ("c", 23), ("d", 21)] {
            _ = try store.ingest(Self.perf(tag, runAt: RunTime(stringLiteral: "2026-11-\(day)T12:00:00")))
        }
        #expect(try store.trend(TrendQuery(subject: Self.ttftP99)).map(\.runID) == [4, 2, 3, 1])
        #expect(try store.trend(TrendQuery(subject: Self.ttftP99, last: 2)).map(\.runID) == [3, 1])
        #expect(try store.trend(TrendQuery(subject: Self.ttftP99, order: .ingest)).map(\.runID) == [1, 2, 3, 4])
        #expect(try store.trend(TrendQuery(subject: Self.ttftP99, order: .ingest, last: 3)).map(\.runID) == [2, 3, 4])
    }

    /// Means, rates and throughputs get sums over the requests, not the requests.
    @Test(arguments: StoreEngine.allCases)
    func meansRatesAndThroughputsGetSumsOverTheRequests(engine: StoreEngine) throws {
        let store = try newStore(engine)
        _ = try store.ingest(Self.perf("a", runAt: "2026-11-24T19:00:00"))
        func evidence(_ metric: Metric, _ statistic: Statistic) throws -> TrendObservation.Evidence {
            let subject = TrendSubject.perf(metric: metric, statistic: statistic, concurrency: 1, requestRate: nil)
            return try #require(try store.trend(TrendQuery(subject: subject)).first).evidence
        }

        // Mean TTFT over the 9 successful requests: 0.05 + 0.001 · i.
        let ttfts = (0..<10).filter { $0 != 3 }.map { 0.05 + 0.001 * Double($0) }
        guard case .requestMoments(let count, let mean, let variance) = try evidence(.ttft, .mean) else {
            Issue.record("expected moments")
            return
        }
        let expectedMean = ttfts.reduce(0, +) / 9
        let expectedVariance = ttfts.map { ($0 - expectedMean) * ($0 - expectedMean) }.reduce(0, +) / 8
        #expect(count == 9 && abs(mean - expectedMean) < 1e-15 && abs(variance - expectedVariance) < 1e-15)

        // Output throughput: all 10 timed requests, the failed one adding no tokens.
        let latencies = (0..<10).map { 0.8 + 0.01 * Double($0) }
        let tokens = (0..<10).map { $0 == 3 ? 0.0 : 128 }
        guard case .ratioSums(let n, let y, let x, let yy, let xy, let xx) = try evidence(.outputThroughput, .value) else {
            Issue.record("expected ratio sums")
            return
        }
        #expect(n == 10 && y == 9 * 128 && yy == 9 * 128 * 128)
        #expect(abs(x - latencies.reduce(0, +)) < 1e-12)
        #expect(abs(xy - zip(tokens, latencies).map { $0 * $1 }.reduce(0, +)) < 1e-9)
        #expect(abs(xx - latencies.map { $0 * $0 }.reduce(0, +)) < 1e-12)
        guard case .ratioSums(_, let requests, _, _, _, _) = try evidence(.requestThroughput, .value) else {
            Issue.record("expected ratio sums")
            return
        }
        #expect(requests == 9)

        #expect(try evidence(.successRate, .value) == .successes(9, of: 10))
        // min, max and std have no interval: nothing is read for them.
        #expect(try evidence(.ttft, .max) == .none)
    }

    @Test(arguments: StoreEngine.allCases)
    func onlyMatchingRunsWithThePointAreRead(engine: StoreEngine) throws {
        let store = try newStore(engine)
        _ = try store.ingest(Self.perf("a", runAt: "2026-11-21T12:00:00"))
        _ = try store.ingest(Self.perf("b", runAt: "2026-11-22T12:00:00", levels: [1]))
        _ = try store.ingest(Self.perf("c", runAt: "2026-11-23T12:00:00", labels: ["branch": "dev"]))
        _ = try store.ingest(Self.eval("e", runAt: "2026-11-24T12:00:00", score: 0.8))

        #expect(try store.trend(TrendQuery(subject: Self.ttftP99)).map(\.runID) == [1, 3])
        var filter = RunFilter()
        filter.require(label: "branch", equals: "main")
        #expect(try store.trend(TrendQuery(filter: filter, subject: Self.ttftP99)).map(\.runID) == [1])

        let levels = try store.pointLevels(matching: RunFilter())
        #expect(levels.map(\.concurrency) == [1, 8])
        #expect(levels.map(\.runs) == [3, 2])
        #expect(levels.allSatisfy { $0.requestRate == nil })
        #expect(try store.scoreDatasets(matching: RunFilter()).map(\.dataset) == ["aime25", "general_mcq"])
    }

    @Test(arguments: StoreEngine.allCases)
    func scoreTrendAveragesEachQuestionsRepeats(engine: StoreEngine) throws {
        let store = try newStore(engine)
        _ = try store.ingest(Self.eval("a", runAt: "2026-11-24T12:00:00", score: 0.6))
        _ = try store.ingest(Self.eval("b", runAt: "2026-11-23T12:00:00", score: 0.7, samples: false))
        _ = try store.ingest(Self.perf("p", runAt: "2026-11-22T12:00:00"))

        let observations = try store.trend(TrendQuery(subject: .score(dataset: "aime25")))
        #expect(observations.map(\.runID) == [2, 1])
        #expect(observations.map(\.value) == [0.7, 0.6])
        #expect(observations.map(\.count) == [120, 120])
        #expect(observations.map(\.scoreMetric) == ["accuracy", "accuracy"])
        #expect(observations[0].evidence == .none)
        // Question q scored 0 on its first q % 5 repeats of 4.
        let questions = (0..<30).sorted { String($0) < String($1) }
        let expected = questions.map { (question: Int) -> Double in 1 - Double(question % 5) / 4 }
        #expect(observations[1].evidence == .questionScores(expected))
        #expect(try store.trend(TrendQuery(subject: .score(dataset: "gsm8k"))).isEmpty)
    }
}
