import CaliperCore
import Foundation

/// A point's throughput (output tok/s, total tok/s or requests/s) with an interval derived from
/// its per-request rows.
///
/// The point value is Σ tokens / wall time. Its sampling error comes from Little's law for a closed
/// loop: with C requests always in flight, throughput ≈ C · Σ yᵢ / Σ xᵢ (yᵢ a request's tokens, or
/// 1 for requests/s; xᵢ its latency). The relative standard error of that ratio estimator is, by the
/// delta method, sd(yᵢ − R·xᵢ) / (√n · ȳ) with R = Σy / Σx, and it is applied to the point value.
///
/// Assumptions: requests are independent draws from one steady state (ramp-up and drain are a
/// small part of the wall time); the error covers the randomness of which requests ran and how long
/// they took, not run-to-run drift of the server or host, which only repeated runs can measure.
///
/// ```swift
/// let a = ThroughputEstimate.estimate(metric: .outputThroughput, records: pointA.records,
///                                     pointValue: 1520.4, concurrency: 50)
/// let c = ThroughputEstimate.compare(baseline: a!, candidate: b!)
/// c.relativeDelta      // -0.07: 7 % less output tok/s
/// c.relativeInterval   // [-0.095, -0.044]
/// ```
public struct ThroughputEstimate: Sendable, Equatable, Codable {
    public var metric: Metric
    public var value: Double
    public var relativeStandardError: Double
    /// Log-normal interval value · exp(± z · relative SE): positive, and asymmetric as a rate's is.
    public var interval: ConfidenceInterval
    public var requests: Int

    /// From the point's records. Every request with a latency occupies a slot; failed ones add no
    /// tokens (and count as no completed request for requests/s). `pointValue` is the source's
    /// figure; without it the estimate is C · Σ y / Σ x, which needs `concurrency`.
    public static func estimate(
        metric: Metric, records: [RequestRecord], pointValue: Double?, concurrency: Int?, level: Double = 0.95
    ) -> ThroughputEstimate? {
        var tokens = [Double](), latencies = [Double]()
        tokens.reserveCapacity(records.count)
        latencies.reserveCapacity(records.count)
        for record in records {
            guard let latency = record.latency, latency.isFinite, latency > 0 else { continue }
            let output = Double(record.outputTokens ?? 0), input = Double(record.inputTokens ?? 0)
            let y: Double
            switch metric {
            case .outputThroughput: y = record.success ? output : 0
            case .totalThroughput: y = record.success ? input + output : 0
            case .requestThroughput: y = record.success ? 1 : 0
            default: return nil
            }
            tokens.append(y)
            latencies.append(latency)
        }
        return estimate(
            metric: metric, tokens: tokens, latencies: latencies, pointValue: pointValue,
            concurrency: concurrency, level: level)
    }

    /// From parallel arrays: `tokens[i]` (1 per request for requests/s) and `latencies[i]` in
    /// seconds. Nil with fewer than two requests, no tokens, or neither a point value nor a concurrency.
    public static func estimate(
        metric: Metric, tokens: [Double], latencies: [Double], pointValue: Double?, concurrency: Int?,
        level: Double = 0.95
    ) -> ThroughputEstimate? {
        precondition(tokens.count == latencies.count, "one token count per latency")
        let n = tokens.count
        guard n >= 2 else { return nil }
        let sumY = tokens.reduce(0, +), sumX = latencies.reduce(0, +)
        guard sumY > 0, sumX > 0 else { return nil }
        let ratio = sumY / sumX
        var squares = 0.0
        for i in 0..<n {
            let residual = tokens[i] - ratio * latencies[i]
            squares += residual * residual
        }
        return estimate(
            metric: metric, count: n, sumY: sumY, sumX: sumX, residualSquares: squares, pointValue: pointValue,
            concurrency: concurrency, level: level)
    }

    /// From the sums over the requests (``Sums``), for callers that aggregate in SQL rather than
    /// load every request (a trend over 10,000 runs). The same estimate as from the arrays, up to
    /// rounding: Σ(yᵢ − R·xᵢ)² is expanded into Σy² − 2R·Σxy + R²·Σx².
    public static func estimate(
        metric: Metric, sums: Sums, pointValue: Double?, concurrency: Int?, level: Double = 0.95
    ) -> ThroughputEstimate? {
        guard sums.count >= 2, sums.tokens > 0, sums.latency > 0 else { return nil }
        let ratio = sums.tokens / sums.latency
        let squares = sums.tokensSquared - 2 * ratio * sums.tokensTimesLatency + ratio * ratio * sums.latencySquared
        return estimate(
            metric: metric, count: sums.count, sumY: sums.tokens, sumX: sums.latency,
            residualSquares: Swift.max(0, squares), pointValue: pointValue, concurrency: concurrency, level: level)
    }

    /// Sums over a point's timed requests (latency > 0) of y (a request's tokens, 0 if it failed;
    /// for requests/s 1 if it succeeded) and x (its latency in seconds).
    public struct Sums: Sendable, Equatable {
        public var count: Int
        /// Σy, Σx, Σy², Σxy, Σx².
        public var tokens: Double
        public var latency: Double
        public var tokensSquared: Double
        public var tokensTimesLatency: Double
        public var latencySquared: Double

        public init(
            count: Int, tokens: Double, latency: Double, tokensSquared: Double, tokensTimesLatency: Double,
            latencySquared: Double
        ) {
            self.count = count
            self.tokens = tokens
            self.latency = latency
            self.tokensSquared = tokensSquared
            self.tokensTimesLatency = tokensTimesLatency
            self.latencySquared = latencySquared
        }
    }

    /// The delta-method estimate from n, Σy, Σx (both positive) and Σ(yᵢ − R·xᵢ)².
    private static func estimate(
        metric: Metric, count n: Int, sumY: Double, sumX: Double, residualSquares squares: Double, pointValue: Double?,
        concurrency: Int?, level: Double
    ) -> ThroughputEstimate? {
        let ratio = sumY / sumX
        guard let value = pointValue ?? concurrency.map({ Double($0) * ratio }), value > 0 else { return nil }
        let meanY = sumY / Double(n)
        let relativeSE = (squares / Double(n - 1)).squareRoot() / (Double(n).squareRoot() * meanY)
        let z = NormalDistribution.quantile(0.5 + level / 2)
        return ThroughputEstimate(
            metric: metric, value: value, relativeStandardError: relativeSE,
            interval: ConfidenceInterval(
                lower: value * exp(-z * relativeSE), upper: value * exp(z * relativeSE), level: level),
            requests: n)
    }

    /// Candidate against baseline on the log scale: the relative difference exp(log ratio ± z·SE) − 1
    /// with SE² the sum of the two relative variances; the test is the z of the log ratio.
    public static func compare(
        baseline: ThroughputEstimate, candidate: ThroughputEstimate, level: Double = 0.95
    ) -> Comparison {
        let z = NormalDistribution.quantile(0.5 + level / 2)
        let se = (baseline.relativeStandardError * baseline.relativeStandardError
            + candidate.relativeStandardError * candidate.relativeStandardError).squareRoot()
        let logRatio = log(candidate.value / baseline.value)
        let relative = ConfidenceInterval(lower: exp(logRatio - z * se) - 1, upper: exp(logRatio + z * se) - 1, level: level)
        let absoluteSE = ((baseline.value * baseline.relativeStandardError) * (baseline.value * baseline.relativeStandardError)
            + (candidate.value * candidate.relativeStandardError) * (candidate.value * candidate.relativeStandardError)).squareRoot()
        let p: Double = se > 0 ? NormalDistribution.twoSidedPValue(logRatio / se) : (logRatio == 0 ? 1 : 0)
        return Comparison(
            statistic: .value, baseline: baseline.value, candidate: candidate.value,
            baselineCount: baseline.requests, candidateCount: candidate.requests,
            absoluteInterval: ConfidenceInterval(
                lower: baseline.value * relative.lower, upper: baseline.value * relative.upper, level: level),
            relativeInterval: relative, standardError: absoluteSE,
            relativeStandardError: candidate.value / baseline.value * se, pValue: p,
            intervalMethod: .ratioDeltaMethod, testMethod: .ratioDeltaMethod)
    }
}
