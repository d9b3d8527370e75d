import CaliperCore

/// One run in a trend: its figure with the interval the run's own rows give it.
///
/// Intervals, at `level`:
/// - a mean of requests (latency, TTFT, TPOT, ITL, tokens): Student's t from the requests' count,
///   mean and variance;
/// - a percentile: the order-statistic interval of ``QuantileEstimate`` (distribution-free), when
///   at least 5 requests lie beyond it; none for ITL percentiles (rows keep each request's mean gap);
/// - a throughput: ``ThroughputEstimate`` from the requests' sums (ratio estimator, delta method);
/// - the success rate: Wilson over the requests;
/// - an eval score: ``ScoreEstimate`` over per-question means (Wilson for 0/1 questions, else t),
///   else Wilson over the score and its sample count when only those were stored. That count is
///   samples × repeats as the source counts them, so with repeats this interval is narrower than
///   the questions warrant; per-sample rows avoid it.
///
/// The half-widths of the t and order-statistic intervals come from the requests and are centred on
/// the source's figure, which is what the trend plots. Without rows there is no interval, and
/// ``limitation`` says why.
///
/// ```swift
/// let point = TrendPoint(observation, subject: .perf(metric: .ttft, statistic: .mean, concurrency: 8, requestRate: nil))
/// point?.value      // 0.0687
/// point?.interval   // [0.0652, 0.0722]
/// point?.method     // .tInterval
/// ```
public struct TrendPoint: Sendable, Equatable {
    public var runID: Int64
    /// When the run ran (`run_at`), else when it was ingested.
    public var time: String
    /// The run's keys and labels.
    public var run: Run
    /// The figure, in the subject's canonical unit.
    public var value: Double
    public var interval: ConfidenceInterval?
    /// Requests or questions behind the interval; without rows, what the source counted.
    public var count: Int?
    public var method: ComparisonMethod
    /// Why there is no interval, when there is none.
    public var limitation: String?
    /// Eval: the primary metric the score is (`accuracy`).
    public var scoreMetric: String?

    public init(
        runID: Int64, time: String, run: Run, value: Double, interval: ConfidenceInterval? = nil, count: Int? = nil,
        method: ComparisonMethod = .none, limitation: String? = nil, scoreMetric: String? = nil
    ) {
        self.runID = runID
        self.time = time
        self.run = run
        self.value = value
        self.interval = interval
        self.count = count
        self.method = method
        self.limitation = limitation
        self.scoreMetric = scoreMetric
    }

    /// The point of one observation; nil when neither the source's figure nor the rows give a
    /// finite value.
    public init?(_ observation: TrendObservation, subject: TrendSubject, level: Double = 0.95) {
        let estimate: Estimate? = switch subject {
        case .perf(let metric, let statistic, let concurrency, _):
            Self.perf(metric, statistic, concurrency: concurrency, observation, level: level)
        case .score:
            Self.score(observation, level: level)
        }
        guard let estimate, estimate.value.isFinite else { return nil }
        self.init(
            runID: observation.runID, time: observation.time, run: observation.run, value: estimate.value,
            interval: estimate.interval, count: estimate.count, method: estimate.method,
            limitation: estimate.interval == nil ? estimate.limitation : nil, scoreMetric: observation.scoreMetric)
    }

    private struct Estimate {
        var value: Double
        var interval: ConfidenceInterval?
        var count: Int?
        var method: ComparisonMethod = .none
        var limitation: String?
    }

    private static func perf(
        _ metric: Metric, _ statistic: Statistic, concurrency: Int?, _ observation: TrendObservation, level: Double
    ) -> Estimate? {
        let reported = observation.value
        let why = switch (metric, statistic) {
        case (.requests, _), (.failedRequests, _): "a count of requests has no interval"
        case (_, .min), (_, .max), (_, .std): "an extreme or a spread has no calibrated interval"
        default: "no per-request rows"
        }
        let bare = reported.map { Estimate(value: $0, count: observation.count, limitation: why) }
        switch observation.evidence {
        case .successes(let successes, let trials) where trials > 0:
            return Estimate(
                value: reported ?? Double(successes) / Double(trials),
                interval: .wilson(successes: Double(successes), trials: trials, level: level), count: trials,
                method: .wilson)
        case .ratioSums(let count, let y, let x, let yy, let xy, let xx):
            let sums = ThroughputEstimate.Sums(
                count: count, tokens: y, latency: x, tokensSquared: yy, tokensTimesLatency: xy, latencySquared: xx)
            guard let estimate = ThroughputEstimate.estimate(
                metric: metric, sums: sums, pointValue: reported, concurrency: concurrency, level: level)
            else {
                return bare.map { var bare = $0; bare.limitation = "fewer than two timed requests"; return bare }
            }
            return Estimate(
                value: estimate.value, interval: estimate.interval, count: estimate.requests, method: .ratioDeltaMethod)
        case .requestMoments(let count, let mean, let variance) where statistic == .mean:
            let value = reported ?? mean
            let interval = ConfidenceInterval.studentT(
                mean: value, standardDeviation: variance.squareRoot(), count: count, level: level)
            return Estimate(
                value: value, interval: interval, count: count, method: interval == nil ? .none : .tInterval,
                limitation: "one request")
        case .requestValues(let values):
            guard let rank = statistic.percentileRank, !values.isEmpty else { return bare }
            if metric == .itl {
                return bare.map {
                    var bare = $0
                    bare.limitation = "ITL percentiles are over token gaps; rows keep each request's mean gap"
                    return bare
                }
            }
            guard let quantile = QuantileEstimate.estimate(values, p: rank / 100, level: level) else {
                return Estimate(
                    value: reported ?? Descriptive.percentile(values, rank)!, count: values.count,
                    limitation: "too few requests beyond the \(statistic.rawValue) for an interval")
            }
            let value = reported ?? quantile.value
            let half = quantile.interval.upper - quantile.value
            return Estimate(
                value: value, interval: ConfidenceInterval(lower: value - half, upper: value + half, level: level),
                count: values.count, method: .orderStatistic)
        case .none, .successes, .requestMoments, .questionScores:
            return bare
        }
    }

    private static func score(_ observation: TrendObservation, level: Double) -> Estimate? {
        let reported = observation.value
        switch observation.evidence {
        case .questionScores(let scores) where !scores.isEmpty:
            let estimate = ScoreEstimate(questionScores: scores, level: level)
            return Estimate(
                value: reported ?? estimate.value, interval: estimate.interval, count: estimate.questions,
                method: estimate.method, limitation: "one question")
        default:
            guard let reported else { return nil }
            // Without per-sample rows, a proportion's interval still follows from how many samples it is over.
            if let count = observation.count, count > 0, reported >= 0, reported <= 1 {
                return Estimate(
                    value: reported, interval: .wilson(successes: reported * Double(count), trials: count, level: level),
                    count: count, method: .wilson)
            }
            return Estimate(value: reported, count: observation.count, limitation: "no per-sample rows or sample count")
        }
    }
}
