import CaliperMockServer
import Foundation

/// A client's view of one stream's timing against the truth the server injected into it, in seconds.
///
/// Errors are measured two ways: from the client's send (what a load generator reports) and from the
/// server's `arrival` (the origin of the injected schedule). Their difference is the intake: the time
/// the request took to reach the handler, which grows when many requests arrive at once.
///
/// ```swift
/// let timing = try StreamTiming(exchange, record: server.records[0])
/// timing.ttftError   // measured TTFT − injected TTFT
/// ```
struct StreamTiming {
    /// Time from send to the first output-carrying chunk (role-only chunk excluded).
    var ttft: Double
    /// Gaps between consecutive output chunks.
    var gaps: [Double]
    /// Send → request at the server's handler.
    var intake: Double
    var ttftError: Double
    /// TTFT error counted from the server's arrival rather than the client's send.
    var ttftErrorFromArrival: Double
    var gapErrors: [Double]
    /// Last output chunk against `ttft + (n − 1) · delay`, from the send.
    var totalError: Double
    /// When the server handed the first and the last chunk to the connection, against their schedule.
    var serverFirstLateness: Double
    var serverLastLateness: Double
    /// Receipt of the first and the last output chunk, from the server's arrival.
    var firstReceivedAfterArrival: Double
    var lastReceivedAfterArrival: Double
    var firstSent: Double
    var lastSent: Double

    init(_ exchange: HTTPExchange, record: MockRequestRecord) throws {
        let output = exchange.outputEvents()
        guard let first = output.first, let last = output.last, let firstSent = record.firstTokenSentAfter,
            let lastSent = record.lastTokenSentAfter
        else { throw RawHTTPClient.Failure(description: "no output in the stream") }
        ttft = first.offset
        gaps = zip(output.dropFirst(), output).map { $0.offset - $1.offset }
        intake = (record.arrival - exchange.sentAt).inSeconds
        ttftError = ttft - record.ttft
        ttftErrorFromArrival = ttftError - intake
        gapErrors = gaps.map { $0 - record.interTokenDelay }
        totalError = last.offset - record.scheduledOffset(ofToken: output.count - 1)
        serverFirstLateness = firstSent - record.ttft
        serverLastLateness = lastSent - record.scheduledOffset(ofToken: record.tokensSent - 1)
        firstReceivedAfterArrival = first.offset - intake
        lastReceivedAfterArrival = last.offset - intake
        self.firstSent = firstSent
        self.lastSent = lastSent
    }

    /// Double ↔ Duration rounding of deadlines and offsets: far below any real latency.
    static let rounding = 1e-6

    /// What no load can change (one process, one clock): the server sent no chunk before its
    /// deadline, and the client received none before the server sent it.
    var isCausal: Bool {
        serverFirstLateness >= -Self.rounding && serverLastLateness >= -Self.rounding
            && firstReceivedAfterArrival >= firstSent - Self.rounding
            && lastReceivedAfterArrival >= lastSent - Self.rounding
    }

    /// The request number the server gave this answer, read from its `id` (`…-mock-N`).
    static func number(of exchange: HTTPExchange) throws -> Int {
        guard let event = exchange.outputEvents().first, let id = try event.json()["id"] as? String,
            let number = id.split(separator: "-").last.flatMap({ Int($0) })
        else { throw RawHTTPClient.Failure(description: "no numbered output in the stream") }
        return number
    }

    /// Pairs every exchange with the server's record of it.
    static func all(_ exchanges: [HTTPExchange], records: [MockRequestRecord]) throws -> [StreamTiming] {
        try exchanges.map { try StreamTiming($0, record: records[number(of: $0) - 1]) }
    }
}

/// The figures a timing test prints, over many streams (their bounds are benchmark targets).
struct TimingReport: CustomStringConvertible {
    var intake: [Double]
    var ttftError: [Double]
    var ttftErrorFromArrival: [Double]
    var gapErrors: [Double]
    var totalError: [Double]
    var serverFirstLateness: [Double]
    var serverLastLateness: [Double]

    init(_ timings: [StreamTiming]) {
        intake = timings.map(\.intake)
        ttftError = timings.map(\.ttftError)
        ttftErrorFromArrival = timings.map(\.ttftErrorFromArrival)
        gapErrors = timings.flatMap(\.gapErrors)
        totalError = timings.map(\.totalError)
        serverFirstLateness = timings.map(\.serverFirstLateness)
        serverLastLateness = timings.map(\.serverLastLateness)
    }

    var description: String {
        "TTFT error median \(ms(ttftError.median)) p90 \(ms(ttftError.percentile(90))) max \(ms(ttftError.max() ?? .nan))"
            + " | intake median \(ms(intake.median)) max \(ms(intake.max() ?? .nan))"
            + " | TTFT error from arrival median \(ms(ttftErrorFromArrival.median)) max \(ms(ttftErrorFromArrival.max() ?? .nan))"
            + " | ITL error mean \(ms(gapErrors.mean)) |p50| \(ms(gapErrors.map(abs).median)) |p99| \(ms(gapErrors.map(abs).percentile(99)))"
            + " | last-token error median \(ms(totalError.median)) max \(ms(totalError.max() ?? .nan))"
            + " | server lateness first median \(ms(serverFirstLateness.median)) max \(ms(serverFirstLateness.max() ?? .nan)),"
            + " last median \(ms(serverLastLateness.median)) max \(ms(serverLastLateness.max() ?? .nan))"
    }
}

/// Order statistics for the summaries the timing tests print.
extension Array where Element == Double {
    /// Nearest-rank percentile, `p` in 0…100.
    func percentile(_ p: Double) -> Double {
        let sorted = self.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    var median: Double { percentile(50) }
    var mean: Double { isEmpty ? .nan : reduce(0, +) / Double(count) }
}

/// Milliseconds with two decimals, for the printed summaries.
func ms(_ seconds: Double) -> String {
    String(format: "%.2f ms", seconds * 1000)
}
