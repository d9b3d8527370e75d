import CaliperCore
import Foundation

/// Runs a ``BenchPlan``: each level's warm-up, then its measured requests, each response measured
/// as `evalscope perf` measures it (``RequestMeasurement``) and the level aggregated into a
/// ``PerfPoint`` with EvalScope's definitions (``PerfPointAggregator``).
///
/// ```swift
/// let client = try StreamingHTTPClient()
/// let points = await Bench.run(plan, client: client) { print($0) }
/// client.shutdown()
/// ```
public enum Bench {
    /// What a progress display needs, sent after every measured request.
    public struct Progress: Sendable, Equatable {
        public var level: LoadLevel
        public var levelIndex: Int
        public var done: Int
        /// Seconds since the level's measured requests began.
        public var elapsed: Double

        /// Completed requests per second so far.
        public var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
    }

    public static func run(
        _ plan: BenchPlan, client: StreamingHTTPClient, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async -> [PerfPoint] {
        let generator = LoadGenerator(
            client: client, url: plan.url, headers: ["Content-Type: application/json"] + plan.headers,
            timeout: plan.timeout, seed: plan.seed)
        var points: [PerfPoint] = []
        for (index, level) in plan.levels.enumerated() {
            let prompts = plan.prompts.prompts(count: plan.warmup + level.requests)
            let bodies = prompts.map(plan.body.json(for:))
            if plan.warmup > 0 {
                _ = await generator.run(LoadLevel(parallel: level.parallel, requests: plan.warmup), bodies: Array(bodies.prefix(plan.warmup)))
            }
            let start = MonotonicClock.now()
            let exchanges = await generator.run(level, bodies: Array(bodies.dropFirst(plan.warmup))) { done in
                progress(Progress(level: level, levelIndex: index, done: done, elapsed: MonotonicClock.now() - start))
            }
            // EvalScope records an open-loop level's concurrency as -1: no fixed number in flight.
            points.append(PerfPointAggregator.aggregate(
                exchanges.map { measure($0, stream: plan.body.stream) },
                concurrency: level.rate == nil ? level.parallel : nil, requestRate: level.rate))
        }
        return points
    }

    /// One exchange, as EvalScope's client would have measured it.
    public static func measure(_ exchange: HTTPExchange, stream: Bool) -> MeasuredRequest {
        var measurement = RequestMeasurement(startTime: exchange.start, stream: stream)
        if let status = exchange.status {
            measurement.receiveHead(status: status, contentType: exchange.contentType)
        }
        for chunk in exchange.chunks where !measurement.isFinished {
            measurement.receive(chunk.bytes, at: chunk.time)
        }
        if let error = exchange.transportError {
            return measurement.fail(error, at: exchange.end)
        }
        return measurement.finish(at: exchange.end)
    }
}
