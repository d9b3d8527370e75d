import CaliperCore
import Foundation

/// The per-request arrays of a serving benchmark result (`vllm bench serve --save-detailed`,
/// SGLang `bench_serving --output-details`), one entry per request in the order they were sent,
/// turned into ``RequestRecord``s.
///
/// | key | unit | record field |
/// |---|---|---|
/// | `input_lens` | tokens | `inputTokens` (failed requests too: the prompt was sent) |
/// | `output_lens` | tokens | `outputTokens` (0 for a failed request: nil) |
/// | `ttfts` | s | `ttft` (0.0 for a failed request: nil) |
/// | `itls` | s, a list per request | `itlMean`, `itlCount` (chunk gaps of that request) |
/// | `latencies` | s | `latency` (vLLM ≥ 0.30; 0.0 for a failed request: nil) |
/// | `start_times` | s of `time.perf_counter()` | `startOffset`, from the earliest start |
/// | `errors` | text, `""` = ok | `success`, `error` |
///
/// A record's `tpot` is (latency − TTFT) / (output tokens − 1), the tools' own per-request TPOT,
/// when it has more than one output token and a latency. Which requests failed comes from
/// `errors` (non-empty = failed); a failure the tool wrote with an empty error text is found by
/// its zero TTFT and zero output, so that the failures agree with the tool's own count.
///
/// ```swift
/// let records = try ServingBenchmarkArrays.records(result, failed: 4)   // nil: no arrays
/// ```
enum ServingBenchmarkArrays {
    static let keys = ["input_lens", "output_lens", "ttfts", "itls", "latencies", "start_times", "errors"]

    /// How many requests the arrays describe; nil when the result has none of them.
    /// - Throws: when two arrays differ in length.
    static func length(_ result: ServingBenchmarkFields) throws -> Int? {
        var length: (key: String, count: Int)?
        for key in keys {
            guard let array = try result.optionalArray(key) else { continue }
            if let length, length.count != array.count {
                throw result.error(key, "\(array.count) entries, but \"\(length.key)\" has \(length.count)")
            }
            length = (key, array.count)
        }
        return length?.count
    }

    /// The records, in the order the requests were sent; nil when the result has no per-request
    /// arrays, or (without `errors`) when some requests failed and nothing says which.
    /// - Parameter failed: how many requests the tool counted as failed.
    /// - Throws: ``ImportError`` naming the array and entry that is not a valid value, or `errors`
    ///   when its failures do not match `failed`.
    static func records(_ result: ServingBenchmarkFields, failed: Int) throws -> [RequestRecord]? {
        guard let count = try length(result) else { return nil }
        let inputs = try tokenArray(result, "input_lens")
        let outputs = try tokenArray(result, "output_lens")
        let ttfts = try secondsArray(result, "ttfts")
        let latencies = try secondsArray(result, "latencies")
        let starts = try numberArray(result, "start_times", .finite)
        let itls = try gapArrays(result)
        let errors = try errorArray(result)

        func looksFailed(_ index: Int) -> Bool {
            ttfts?[index] == 0 && (outputs?[index] ?? 0) == 0
        }
        var success: [Bool]
        if let errors {
            success = errors.map(\.isEmpty)
            if success.count(where: { !$0 }) != failed {
                // A failure with an empty reason (`response.reason or ""`): zero TTFT, zero output.
                success = (0..<count).map { errors[$0].isEmpty && !looksFailed($0) }
                let found = success.count(where: { !$0 })
                guard found == failed else {
                    throw result.error("errors", "\(found) failed requests, but the result counts \(failed)")
                }
            }
        } else if failed == 0 {
            success = Array(repeating: true, count: count)
        } else {
            return nil
        }

        let firstStart = starts?.min()
        var records: [RequestRecord] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            let ok = success[index]
            var record = RequestRecord(sequence: index, success: ok)
            record.inputTokens = inputs?[index]
            if let starts, let firstStart {
                let offset = starts[index] - firstStart
                if let reason = ValueDomain.seconds.violation(offset) {
                    throw result.error("start_times", "entry \(index + 1): \(starts[index]): \(reason) from the first start")
                }
                record.startOffset = offset
            }
            if ok {
                record.outputTokens = outputs?[index]
                record.ttft = ttfts?[index]
                record.latency = latencies?[index]
                if let gaps = itls?[index] {
                    record.itlCount = gaps.count
                    record.itlMean = gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
                }
                if let latency = record.latency, let ttft = record.ttft, let output = record.outputTokens, output > 1 {
                    let tpot = (latency - ttft) / Double(output - 1)
                    if let reason = ValueDomain.seconds.violation(tpot) {
                        throw result.error("latencies", "entry \(index + 1): \(latency) s, less than its TTFT of \(ttft) s (\(reason) TPOT)")
                    }
                    record.tpot = tpot
                }
            } else {
                record.error = errors?[index]
            }
            records.append(record)
        }
        return records
    }

    // MARK: Arrays

    private static func numberArray(_ result: ServingBenchmarkFields, _ key: String, _ domain: ValueDomain) throws -> [Double]? {
        guard let array = try result.optionalArray(key) else { return nil }
        return try array.enumerated().map { index, value in
            try number(value, in: result, key: key, entry: "entry \(index + 1)", domain: domain)
        }
    }

    private static func secondsArray(_ result: ServingBenchmarkFields, _ key: String) throws -> [Double]? {
        try numberArray(result, key, .seconds)
    }

    private static func tokenArray(_ result: ServingBenchmarkFields, _ key: String) throws -> [Int]? {
        guard let array = try result.optionalArray(key) else { return nil }
        return try array.enumerated().map { index, value in
            guard let int = value.intValue else {
                throw result.error(key, "entry \(index + 1): expected a whole token count, found \(JSONFields.kind(of: value))")
            }
            if let reason = ValueDomain.tokenCount.violation(int) { throw result.error(key, "entry \(index + 1): \(int): \(reason)") }
            return int
        }
    }

    /// `itls`: a list of chunk gaps per request.
    private static func gapArrays(_ result: ServingBenchmarkFields) throws -> [[Double]]? {
        guard let array = try result.optionalArray("itls") else { return nil }
        return try array.enumerated().map { index, value in
            guard let gaps = value.arrayValue else {
                throw result.error("itls", "entry \(index + 1): expected a list of gaps, found \(JSONFields.kind(of: value))")
            }
            return try gaps.enumerated().map { gapIndex, gap in
                try number(gap, in: result, key: "itls", entry: "entry \(index + 1), gap \(gapIndex + 1)", domain: .seconds)
            }
        }
    }

    private static func errorArray(_ result: ServingBenchmarkFields) throws -> [String]? {
        guard let array = try result.optionalArray("errors") else { return nil }
        return try array.enumerated().map { index, value in
            if value.isNull { return "" }
            guard let text = value.stringValue else {
                throw result.error("errors", "entry \(index + 1): expected a string, found \(JSONFields.kind(of: value))")
            }
            return text
        }
    }

    private static func number(
        _ value: JSONValue, in result: ServingBenchmarkFields, key: String, entry: String, domain: ValueDomain
    ) throws -> Double {
        let number: Double
        switch value {
        case .int(let int): number = Double(int)
        case .double(let double): number = double
        default: throw result.error(key, "\(entry): expected a number, found \(JSONFields.kind(of: value))")
        }
        if let reason = domain.violation(number) { throw result.error(key, "\(entry): \(number): \(reason)") }
        return number
    }
}
