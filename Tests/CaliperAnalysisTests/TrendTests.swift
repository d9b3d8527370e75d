import CaliperAnalysis
import CaliperCore
import Foundation
import Testing

/// Observations built in code, as `Store.trend` returns them.
enum TrendFixtures {
    static func observation(
        _ id: Int64, value: Double?, kind: RunKind = .perf, engineVersion: String = "0.10.0",
        labels: [String: String] = ["branch": "main"], count: Int? = 20, scoreMetric: String? = nil,
        evidence: TrendObservation.Evidence = .none
    ) -> TrendObservation {
        let run = Run(
            kind: kind, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: engineVersion),
            hardware: Hardware(name: "H20", count: 1, memoryGB: 96), workload: Workload(dataset: "random"),
            labels: labels, source: SourceInfo(tool: "evalscope", version: "1.14.1"),
            runAt: RunTime(seconds: 1_767_225_600 + Int64(id) * 3600, offsetSeconds: nil, origin: nil), contentHash: "run-\(id)")
        return TrendObservation(
            runID: id, ingestedAt: "2026-02-01T00:00:00Z", run: run, value: value, count: count, scoreMetric: scoreMetric,
            evidence: evidence)
    }

    static let throughput = TrendSubject.perf(metric: .outputThroughput, statistic: .value, concurrency: 100, requestRate: nil)

    /// The ratio sums `Store.trend` computes for output throughput: timed requests, no tokens for a failed one.
    static func ratioSums(_ records: [RequestRecord]) -> TrendObservation.Evidence {
        let timed = records.filter { ($0.latency ?? 0) > 0 }
        let y = timed.map { $0.success ? Double($0.outputTokens ?? 0) : 0 }, x = timed.map { $0.latency! }
        return .ratioSums(
            count: timed.count, y: y.reduce(0, +), x: x.reduce(0, +), yy: y.map { $0 * $0 }.reduce(0, +),
            xy: zip(y, x).map { $0 * $1 }.reduce(0, +), xx: x.map { $0 * $0 }.reduce(0, +))
    }
}

struct TrendIntervalTests {
    @Test func oneSampleTIntervalIsMeanPlusMinusTTimesTheStandardError() throws {
        let interval = try #require(ConfidenceInterval.studentT(mean: 10, standardDeviation: 2, count: 11))
        let half = 2.228138851986274 * 2 / 11.0.squareRoot()
        #expect(abs(interval.lower - (10 - half)) < 1e-9 && abs(interval.upper - (10 + half)) < 1e-9)
        #expect(ConfidenceInterval.studentT([3]) == nil)
    }

    /// A mean: Student's t from the requests' count, mean and variance, centred on the source's figure.
    @Test func meanOfRequestsHasATIntervalAroundTheReportedValue() throws {
        let values = [0.060, 0.072, 0.065, 0.081, 0.058, 0.069, 0.074, 0.063]
        let subject = TrendSubject.perf(metric: .ttft, statistic: .mean, concurrency: 8, requestRate: nil)
        let moments = TrendObservation.Evidence.requestMoments(
            count: 8, mean: Descriptive.mean(values)!, variance: Descriptive.variance(values)!)
        let point = try #require(TrendPoint(
            TrendFixtures.observation(1, value: 0.0685, evidence: moments), subject: subject))
        let sd = try #require(Descriptive.standardDeviation(values))
        let half = StudentTDistribution.quantile(0.975, degreesOfFreedom: 7) * sd / 8.0.squareRoot()
        let interval = try #require(point.interval)
        #expect(point.value == 0.0685)
        #expect(abs(interval.lower - (0.0685 - half)) < 1e-12 && abs(interval.upper - (0.0685 + half)) < 1e-12)
        #expect(point.method == .tInterval && point.count == 8)

        // Without a reported figure the rows give the value too.
        let computed = try #require(TrendPoint(TrendFixtures.observation(2, value: nil, evidence: moments), subject: subject))
        #expect(computed.value == Descriptive.mean(values)!)
        // One request: a value, no interval.
        let one = try #require(TrendPoint(
            TrendFixtures.observation(3, value: nil, evidence: .requestMoments(count: 1, mean: 0.07, variance: 0)),
            subject: subject))
        #expect(one.value == 0.07 && one.interval == nil && one.limitation == "one request")
    }

    /// A percentile: the distribution-free order-statistic interval, when enough requests lie beyond it.
    @Test func percentileHasAnOrderStatisticIntervalOnlyWithATail() throws {
        var rng = SeededGenerator(seed: 7)
        let values = rng.logNormal(2_000, scale: 0.07, sigma: 0.4)
        let subject = TrendSubject.perf(metric: .ttft, statistic: .p99, concurrency: 8, requestRate: nil)
        let point = try #require(TrendPoint(
            TrendFixtures.observation(1, value: nil, evidence: .requestValues(values)), subject: subject))
        let estimate = try #require(QuantileEstimate.estimate(values, p: 0.99))
        #expect(point.value == Descriptive.percentile(values, 99))
        #expect(point.value == estimate.value)
        #expect(point.interval == estimate.interval)
        #expect(point.method == .orderStatistic)
        #expect(try #require(point.interval).contains(point.value))

        // 100 requests hold one beyond the p99: no calibrated interval, and the report says why.
        let few = try #require(TrendPoint(
            TrendFixtures.observation(2, value: 0.2, evidence: .requestValues(Array(values.prefix(100)))), subject: subject))
        #expect(few.interval == nil && few.value == 0.2)
        #expect(few.limitation == "too few requests beyond the p99 for an interval")

        // ITL rows keep each request's mean gap, which says nothing about the gaps' p99.
        let itl = TrendSubject.perf(metric: .itl, statistic: .p99, concurrency: 8, requestRate: nil)
        let gaps = try #require(TrendPoint(
            TrendFixtures.observation(3, value: 0.01, evidence: .requestValues(values)), subject: itl))
        #expect(gaps.interval == nil && gaps.limitation?.contains("token gaps") == true)
    }

    /// The sums path gives the gate's estimate: Σ(y − R·x)² expanded equals the two-pass sum.
    @Test func throughputFromSumsMatchesTheEstimateFromRecords() throws {
        var rng = SeededGenerator(seed: 9)
        let records = (0..<500).map {
            RequestRecord(sequence: $0, success: $0 % 50 != 7, latency: $0 == 3 ? nil : 1.5 * exp(0.3 * rng.normal()),
                          inputTokens: 1024, outputTokens: 200 + Int(rng.unit() * 100))
        }
        let fromRecords = try #require(ThroughputEstimate.estimate(
            metric: .outputThroughput, records: records, pointValue: nil, concurrency: 64))
        guard case .ratioSums(let n, let y, let x, let yy, let xy, let xx) = TrendFixtures.ratioSums(records) else {
            Issue.record("no sums")
            return
        }
        let fromSums = try #require(ThroughputEstimate.estimate(
            metric: .outputThroughput,
            sums: .init(count: n, tokens: y, latency: x, tokensSquared: yy, tokensTimesLatency: xy, latencySquared: xx),
            pointValue: nil, concurrency: 64))
        #expect(fromSums.requests == fromRecords.requests && fromSums.requests == 499)
        #expect(abs(fromSums.value / fromRecords.value - 1) < 1e-12)
        #expect(abs(fromSums.relativeStandardError / fromRecords.relativeStandardError - 1) < 1e-9)
    }

    @Test func throughputUsesTheRatioEstimatorAndSuccessRateWilson() throws {
        let records = (0..<40).map {
            RequestRecord(sequence: $0, success: $0 % 10 != 9, latency: 1 + Double($0 % 7) * 0.1, inputTokens: 512,
                          outputTokens: 128 + $0 % 5)
        }
        let point = try #require(TrendPoint(
            TrendFixtures.observation(1, value: 1_200, evidence: TrendFixtures.ratioSums(records)),
            subject: TrendFixtures.throughput))
        let expected = try #require(ThroughputEstimate.estimate(
            metric: .outputThroughput, records: records, pointValue: 1_200, concurrency: 100))
        let interval = try #require(point.interval)
        #expect(point.value == 1_200 && point.method == .ratioDeltaMethod && point.count == 40)
        #expect(abs(interval.lower - expected.interval.lower) < 1e-9 && abs(interval.upper - expected.interval.upper) < 1e-9)

        let success = TrendSubject.perf(metric: .successRate, statistic: .value, concurrency: 100, requestRate: nil)
        let rate = try #require(TrendPoint(
            TrendFixtures.observation(2, value: 0.9, evidence: .successes(36, of: 40)), subject: success))
        #expect(rate.interval == ConfidenceInterval.wilson(successes: 36, trials: 40))
        #expect(rate.method == .wilson && rate.count == 40)

        // Without rows: the figure alone, and why.
        let bare = try #require(TrendPoint(TrendFixtures.observation(3, value: 1_100), subject: TrendFixtures.throughput))
        #expect(bare.interval == nil && bare.limitation == "no per-request rows")
        let maximum = TrendSubject.perf(metric: .ttft, statistic: .max, concurrency: 100, requestRate: nil)
        #expect(TrendPoint(TrendFixtures.observation(5, value: 0.3), subject: maximum)?.limitation
            == "an extreme or a spread has no calibrated interval")
        #expect(TrendPoint(TrendFixtures.observation(4, value: nil), subject: TrendFixtures.throughput) == nil)
    }

    @Test func scoreFromQuestionsElseFromItsSampleCount() throws {
        let subject = TrendSubject.score(dataset: "aime25")
        let binary = (0..<30).map { Double($0 % 4 == 0 ? 0 : 1) }
        let wilson = try #require(TrendPoint(
            TrendFixtures.observation(1, value: 0.7333, kind: .eval, evidence: .questionScores(binary)), subject: subject))
        #expect(wilson.interval == ConfidenceInterval.wilson(successes: 22, trials: 30))
        #expect(wilson.method == .wilson && wilson.count == 30)

        let repeats = (0..<30).map { Double($0 % 5) / 4 }
        let t = try #require(TrendPoint(
            TrendFixtures.observation(2, value: 0.5, kind: .eval, evidence: .questionScores(repeats)), subject: subject))
        #expect(t.interval == ScoreEstimate(questionScores: repeats).interval && t.method == .tInterval)

        let counted = try #require(TrendPoint(
            TrendFixtures.observation(3, value: 0.8, kind: .eval, count: 120), subject: subject))
        #expect(counted.interval == ConfidenceInterval.wilson(successes: 96, trials: 120))

        let bare = try #require(TrendPoint(
            TrendFixtures.observation(4, value: 31.5, kind: .eval, count: 120), subject: subject))
        #expect(bare.interval == nil)
    }
}

struct TrendSeriesTests {
    /// 60 runs on engine 0.10.0, then 60 on 0.10.1 at a 10 % lower level: the change point is the
    /// first 0.10.1 run, and what changed names the version and the commit label.
    static func stepped(noValueAt missing: Int64? = nil) -> [TrendObservation] {
        var rng = SeededGenerator(seed: 11)
        return (1...120).map { (id: Int64) -> TrendObservation in
            let after = id > 60
            let level = after ? 1_350.0 : 1_500.0
            let value: Double? = id == missing ? nil : level + 15 * rng.normal()
            return TrendFixtures.observation(
                id, value: value,
                engineVersion: after ? "0.10.1" : "0.10.0",
                labels: ["branch": "main", "commit": after ? "9be01d2" : "3f2a9c1"])
        }
    }

    @Test func changePointIsAtTheFirstRunOfTheNewLevelWithTheChangedKeys() throws {
        let series = TrendSeries(Self.stepped(), subject: TrendFixtures.throughput)
        #expect(series.points.count == 120)
        let change = try #require(series.changes.first)
        #expect(series.changes.count == 1)
        #expect(change.runID == 61 && change.previousRunID == 60)
        #expect(change.changePoint.index == 60)
        #expect(abs(change.changePoint.before - 1_500) < 10 && abs(change.changePoint.after - 1_350) < 10)
        #expect(abs(try #require(change.changePoint.relativeChange) + 0.10) < 0.01)
        #expect(change.changePoint.pValue < 0.001)
        #expect(change.time == "2026-01-03T13:00:00Z")
        let changed = Dictionary(uniqueKeysWithValues: change.differences.map { ($0.field, ($0.baseline, $0.candidate)) })
        #expect(changed.keys.sorted() == ["engine_version", "label.commit"])
        #expect(changed["engine_version"]! == ("0.10.0", "0.10.1"))
        #expect(changed["label.commit"]! == ("3f2a9c1", "9be01d2"))

        // Segments: the two levels, each the mean of its runs.
        #expect(series.segments.map(\.range) == [0..<60, 60..<120])
        let values = series.points.map(\.value)
        #expect(abs(series.segments[1].mean - Descriptive.mean(Array(values[60...]))!) < 1e-9)
    }

    @Test func runsWithoutAFigureAreLeftOutAndNamed() {
        let series = TrendSeries(Self.stepped(noValueAt: 30), subject: TrendFixtures.throughput)
        #expect(series.points.count == 119)
        #expect(series.leftOut == [30])
        #expect(series.changes.first?.runID == 61)
    }

    @Test func flatSeriesHasNoChangeAndOneSegment() {
        let observations = (1...40).map { TrendFixtures.observation(Int64($0), value: 100 + Double($0 % 3)) }
        let series = TrendSeries(observations, subject: TrendFixtures.throughput)
        #expect(series.changes.isEmpty)
        #expect(series.segments.map(\.range) == [0..<40])
    }

    @Test func detectorOptionsApply() {
        // A 3 % step, significant, is dropped under a 5 % minimum magnitude.
        var rng = SeededGenerator(seed: 3)
        let observations = (1...100).map {
            TrendFixtures.observation(Int64($0), value: ($0 > 50 ? 97 : 100) + 0.5 * rng.normal())
        }
        #expect(TrendSeries(observations, subject: TrendFixtures.throughput).changes.count == 1)
        let strict = ChangePointDetector.Options(minMagnitude: 0.05)
        #expect(TrendSeries(observations, subject: TrendFixtures.throughput, detector: strict).changes.isEmpty)
    }

    @Test func versionsSortNumerically() {
        let versions = ["0.10.1", "0.9.2", "0.10.1+gptoss", "0.10.0", "0.10.1rc1", "0.10.10"]
        #expect(versions.sorted(by: VersionOrder.precedes) == ["0.9.2", "0.10.0", "0.10.1rc1", "0.10.1", "0.10.1+gptoss", "0.10.10"])
        #expect(VersionOrder.isVersion("1.14.1") && !VersionOrder.isVersion("nightly"))
    }

    @Test func groupsByVersionWithMeansAndIntervalsAcrossRuns() throws {
        let values: [(String, Double)] = [("0.10.1", 90), ("0.9.2", 100), ("0.10.0", 95), ("0.9.2", 102), ("0.10.1", 92), ("0.9.2", 101)]
        let observations = values.enumerated().map { index, entry in
            TrendFixtures.observation(Int64(index + 1), value: entry.1, engineVersion: entry.0)
        }
        let series = TrendSeries(observations, subject: TrendFixtures.throughput, groupedBy: RunKey("engine_version"))
        #expect(series.groups.map(\.value) == ["0.9.2", "0.10.0", "0.10.1"])
        #expect(series.groups.map(\.runIDs) == [[2, 4, 6], [3], [1, 5]])
        #expect(series.groups[0].mean == 101)
        #expect(series.groups[0].interval == ConfidenceInterval.studentT([100, 102, 101]))
        #expect(series.groups[1].interval == nil)
    }

    @Test func groupsOtherwiseInOrderOfFirstAppearanceWithUnsetLast() {
        let branches: [String?] = ["main", nil, "release", "main", "feature"]
        let observations = branches.enumerated().map { index, branch in
            TrendFixtures.observation(Int64(index + 1), value: 100, labels: branch.map { ["branch": $0] } ?? [:])
        }
        let series = TrendSeries(observations, subject: TrendFixtures.throughput, groupedBy: RunKey("label.branch"))
        #expect(series.groups.map(\.value) == ["main", "release", "feature", nil])
        #expect(RunKey("label.branch") == .label("branch"))
        #expect(RunKey("hardware").value(in: observations[0].run) == "H20 96GB x 1")
    }

    @Test func aChangedPrimaryMetricIsNamedAmongWhatChanged() throws {
        let observations = (1...12).map { (id: Int64) -> TrendObservation in
            let later = id > 6
            let value = (later ? 0.4 : 0.8) + 0.001 * Double(id % 2)
            return TrendFixtures.observation(
                id, value: value, kind: .eval, count: nil, scoreMetric: later ? "pass@2" : "accuracy")
        }
        let series = TrendSeries(observations, subject: .score(dataset: "aime25"), detector: .init(maxPValue: 0.01))
        #expect(series.scoreMetrics == ["accuracy", "pass@2"])
        let change = try #require(series.changes.first)
        #expect(change.differences.map(\.field) == ["score_metric"])
    }
}
