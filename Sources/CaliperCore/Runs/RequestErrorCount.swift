import Foundation

/// One distinct error text of a run's failed requests and how many requests failed with it.
///
/// ```swift
/// run.requestErrors   // [10 × Couldn't connect to server]
/// ```
public struct RequestErrorCount: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The error text as the request recorded it; failed requests without one count under
    /// ``missingText``.
    public var error: String
    public var count: Int

    public init(error: String, count: Int) {
        self.error = error
        self.count = count
    }

    public static let missingText = "(no error text)"

    public var description: String { "\(count) × \(error)" }
}

extension RequestErrorCount {
    /// The failed requests' error texts, most frequent first (ties by text), so that a run whose
    /// every request failed says why: `100 × Couldn't connect to server`. A missing or blank text
    /// counts under ``missingText``.
    public static func tally(_ records: [RequestRecord]) -> [RequestErrorCount] {
        var counts: [String: Int] = [:]
        for record in records where !record.success {
            let text = record.error?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            counts[text.isEmpty ? missingText : text, default: 0] += 1
        }
        return counts.map { RequestErrorCount(error: $0.key, count: $0.value) }
            .sorted { ($0.count, $1.error) > ($1.count, $0.error) }
    }
}

extension Run {
    /// The distinct error texts of the failed request rows (``RequestErrorCount/tally(_:)``); empty
    /// when no stored request failed or the rows are not loaded.
    public var requestErrors: [RequestErrorCount] {
        RequestErrorCount.tally(points.flatMap(\.records))
    }
}
