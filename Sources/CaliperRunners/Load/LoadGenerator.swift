import CaliperCore
import Foundation
import Synchronization

/// One load level of a sweep, as `evalscope perf` names them: `--parallel P --number N` is N
/// requests with at most P in flight (closed loop); with `--rate R` requests arrive as a Poisson
/// process of R per second (open loop), still at most P in flight.
public struct LoadLevel: Sendable, Equatable {
    public var parallel: Int
    public var requests: Int
    /// Requests per second; nil for closed loop.
    public var rate: Double?

    public init(parallel: Int, requests: Int, rate: Double? = nil) {
        self.parallel = parallel
        self.requests = requests
        self.rate = rate
    }
}

/// Sends one load level's requests through a ``StreamingHTTPClient`` and returns every exchange,
/// in completion order. Timing is the client's (taken on its transfer thread); this type only
/// decides when each request is handed over.
///
/// ```swift
/// let generator = LoadGenerator(client: client, url: url, headers: headers)
/// let exchanges = await generator.run(LoadLevel(parallel: 10, requests: 100), bodies: bodies) { done in
///     progress.update(done)
/// }
/// ```
public struct LoadGenerator: Sendable {
    public var client: StreamingHTTPClient
    public var url: String
    public var headers: [String]
    public var timeout: Double?
    /// Seeds the Poisson arrivals of open-loop levels.
    public var seed: UInt64

    public init(client: StreamingHTTPClient, url: String, headers: [String], timeout: Double? = nil, seed: UInt64 = 0) {
        self.client = client
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.seed = seed
    }

    /// Sends `bodies` (one per request) at `level`'s concurrency or rate; `completed` is called with
    /// the number done after each one.
    public func run(
        _ level: LoadLevel, bodies: [String], completed: @escaping @Sendable (Int) -> Void = { _ in }
    ) async -> [HTTPExchange] {
        let next = Counter(), done = Counter()
        let arrivals = level.rate.map { Self.poissonArrivals(count: bodies.count, rate: $0, seed: seed) }
        let origin = MonotonicClock.now()
        let exchanges = await withTaskGroup(of: [HTTPExchange].self) { group in
            for _ in 0..<Swift.max(1, Swift.min(level.parallel, bodies.count)) {
                group.addTask {
                    var mine: [HTTPExchange] = []
                    while true {
                        let index = next.increment() - 1
                        guard index < bodies.count else { return mine }
                        if let arrivals {
                            let wait = origin + arrivals[index] - MonotonicClock.now()
                            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                        }
                        mine.append(await client.send(HTTPRequest(
                            url: url, body: Array(bodies[index].utf8), headers: headers, timeout: timeout)))
                        completed(done.increment())
                    }
                }
            }
            var all: [HTTPExchange] = []
            for await part in group { all += part }
            return all
        }
        return exchanges.sorted { $0.end < $1.end }
    }

    /// A count shared by the level's workers.
    private final class Counter: Sendable {
        private let value = Atomic(0)

        /// Adds one and returns the new count.
        func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
    }

    /// Seconds from the level's start at which each request arrives: exponential gaps of mean 1/rate.
    static func poissonArrivals(count: Int, rate: Double, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        var time = 0.0
        return (0..<count).map { _ in
            let uniform = (Double(generator.next() >> 11) + 0.5) / Double(1 << 53)
            time += -log(uniform) / rate
            return time
        }
    }
}
