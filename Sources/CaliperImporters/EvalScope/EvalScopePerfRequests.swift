import CaliperCore
import Foundation
import GRDB

/// Reads `benchmark_data.db` (table `result`, one row per request, in completion order) into
/// ``RequestRecord``s. Columns differ by version, so the query is built from the ones that exist.
enum EvalScopePerfRequests {
    /// The records of one point, and the table's columns (version evidence).
    struct Table {
        var columns: Set<String>
        var records: [RequestRecord]
    }

    /// - Parameter streamDefault: the run's `stream` argument, for rows that do not say.
    static func read(_ url: URL, streamDefault: Bool?) throws -> Table {
        var configuration = Configuration()
        configuration.readonly = true
        // Timing arrays are most of the file: map it rather than copy it page by page.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
        do {
            let queue = try DatabaseQueue(path: url.path(percentEncoded: false), configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                // A view could compute rows without end: only a table is EvalScope's.
                let isTable = try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'result'")
                guard isTable == true else { throw ImportError(file: url, reason: "no table \"result\"") }
                let columns = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(result)").compactMap { $0["name"] as String? })
                guard !columns.isEmpty else { throw ImportError(file: url, reason: "no table \"result\"") }
                guard columns.contains("success") else {
                    throw ImportError(file: url, field: "success", reason: "column missing from table \"result\"")
                }
                return Table(columns: columns, records: try records(db, columns: columns, streamDefault: streamDefault, url: url))
            }
        } catch let error as ImportError {
            throw error
        } catch let error as DatabaseError {
            throw ImportError(file: url, reason: "not a readable SQLite database: \(error.message ?? "\(error.resultCode)")")
        } catch {
            throw ImportError(file: url, reason: "not a readable SQLite database: \(SourceFiles.describe(error))")
        }
    }

    /// Column order of ``query(columns:timing:)``.
    private enum Column: Int, CaseIterable {
        case success, startTime, latency, ttft, inputTokens, outputTokens, tpot, timings, isStream
    }

    private static func records(
        _ db: Database, columns: Set<String>, streamDefault: Bool?, url: URL
    ) throws -> [RequestRecord] {
        let timing = columns.contains("inter_token_latencies") ? "inter_token_latencies"
            : columns.contains("chunk_times") ? "chunk_times" : nil
        let timingsAreGaps = timing == "inter_token_latencies"
        let (sql, names) = query(columns: columns, timing: timing)
        var records: [RequestRecord] = []
        let cursor = try Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() {
            let cells = Cells(row: row, names: names, number: records.count + 1, file: url)
            guard let success = try cells.flag(.success) else {
                throw cells.error(.success, "NULL", "missing: every request row says whether it succeeded")
            }
            let gaps = try cells.numberArray(.timings)
            let itl: (mean: Double?, count: Int)? = gaps.map { array in
                if timingsAreGaps {
                    return (array.count > 0 ? array.sum / Double(array.count) : nil, array.count)
                }
                // chunk_times are timestamps: the mean of consecutive gaps telescopes to (last − first)/(n − 1).
                let count = max(array.count - 1, 0)
                return (count > 0 ? (array.last - array.first) / Double(count) : nil, count)
            }
            if let mean = itl?.mean { _ = try cells.check(mean, .seconds, .timings, what: "mean gap") }
            records.append(RequestRecord(
                sequence: records.count,
                success: success,
                startOffset: try cells.number(.startTime, .finite),
                latency: try cells.number(.latency, .seconds),
                ttft: try cells.number(.ttft, .seconds),
                tpot: try cells.number(.tpot, .seconds),
                itlMean: itl?.mean,
                itlCount: itl?.count,
                inputTokens: try cells.count(.inputTokens),
                outputTokens: try cells.count(.outputTokens),
                isStream: try cells.flag(.isStream) ?? streamDefault,
                error: nil))
        }
        // Start times are perf_counter readings: only the offset from the point's first start means anything.
        if let firstStart = records.lazy.compactMap(\.startOffset).min() {
            for index in records.indices { records[index].startOffset? -= firstStart }
        }
        return records
    }

    /// The cells of one `result` row, read as the format types them: numbers (INTEGER or REAL) or
    /// NULL. Text in a numeric column is an error, never read as 0.
    private struct Cells {
        let row: Row
        let names: [String]
        /// 1-based row number, for messages.
        let number: Int
        let file: URL

        func error(_ column: Column, _ value: String, _ reason: String) -> ImportError {
            ImportError.invalid(file: file, field: "result row \(number): \(names[column.rawValue])", value: value, reason: reason)
        }

        func check(_ value: Double, _ domain: ValueDomain, _ column: Column, what: String? = nil) throws -> Double {
            if let reason = domain.violation(value) {
                throw error(column, "\(value)", what.map { "\($0) \(reason)" } ?? reason)
            }
            return value
        }

        func number(_ column: Column, _ domain: ValueDomain) throws -> Double? {
            let value: DatabaseValue = row[column.rawValue]
            switch value.storage {
            case .null: return nil
            case .int64(let int): return try check(Double(int), domain, column)
            case .double(let double): return try check(double, domain, column)
            case .string(let text): throw error(column, "'\(text)'", "text, expected a number")
            case .blob: throw error(column, "a blob", "expected a number")
            }
        }

        /// A token count: whole and in ``ValueDomain/tokenCount``.
        func count(_ column: Column) throws -> Int? {
            guard let value = try number(column, .tokenCount) else { return nil }
            return Int(value)  // whole and at most 1e9: checked above
        }

        /// A 0/1 flag (Python writes booleans as integers).
        func flag(_ column: Column) throws -> Bool? {
            let value: DatabaseValue = row[column.rawValue]
            switch value.storage {
            case .null: return nil
            case .int64(let int) where int == 0 || int == 1: return int == 1
            case .double(let double) where double == 0 || double == 1: return double == 1
            case .int64(let int): throw error(column, "\(int)", "expected 0 or 1")
            case .double(let double): throw error(column, "\(double)", "expected 0 or 1")
            case .string(let text): throw error(column, "'\(text)'", "text, expected 0 or 1")
            case .blob: throw error(column, "a blob", "expected 0 or 1")
            }
        }

        /// A JSON array of numbers stored as text; nil when NULL.
        func numberArray(_ column: Column) throws -> EvalScopePerfNumberArray.Summary? {
            let value: DatabaseValue = row[column.rawValue]
            let bytes: Data
            switch value.storage {
            case .null: return nil
            case .string(let text): bytes = Data(text.utf8)
            case .blob(let data): bytes = data
            case .int64, .double: throw error(column, "\(value)", "expected a JSON array of numbers")
            }
            let shown = "'\(String(decoding: bytes.prefix(40), as: UTF8.self))'"
            guard let summary = bytes.withUnsafeBytes({ EvalScopePerfNumberArray.scan($0) }) else {
                throw error(column, shown, "not a JSON array of numbers")
            }
            guard summary.sum.isFinite, summary.first.isFinite, summary.last.isFinite else {
                throw error(column, shown, "holds a number that is not finite")
            }
            return summary
        }
    }

    /// The SELECT for the columns this version wrote, in ``Column`` order (absent ones are NULL),
    /// and the source column each result column comes from, for messages.
    private static func query(columns: Set<String>, timing: String?) -> (sql: String, names: [String]) {
        func column(_ name: String) -> String { columns.contains(name) ? name : "NULL" }
        // EvalScope ≥ 0.17.1: (latency − TTFT) / (completion_tokens − 1), 0 for ≤ 1 token. Before,
        // derived here; its inputs are checked first, so text never reaches the arithmetic.
        let storedTPOT = columns.contains("time_per_output_token")
        let tpot = storedTPOT ? "time_per_output_token"
            : """
            CASE WHEN typeof(\(column("latency"))) IN ('text', 'blob')
                      OR typeof(\(column("first_chunk_latency"))) IN ('text', 'blob')
                      OR typeof(\(column("completion_tokens"))) IN ('text', 'blob') THEN NULL
                 WHEN \(column("completion_tokens")) > 1
                 THEN (\(column("latency")) - \(column("first_chunk_latency"))) / (\(column("completion_tokens")) - 1)
                 WHEN \(column("latency")) IS NOT NULL AND \(column("completion_tokens")) IS NOT NULL THEN 0.0 END
            """
        // 1.1.1 – 1.9.x store the request as JSON (before: base64 pickle) but have no is_stream.
        let stream = columns.contains("is_stream") ? "is_stream"
            : columns.contains("request") ? "CASE WHEN json_valid(request) THEN request ->> '$.stream' END"
            : "NULL"
        let sql = """
            SELECT success, \(column("start_time")), \(column("latency")), \(column("first_chunk_latency")),
                   \(column("prompt_tokens")), \(column("completion_tokens")), \(tpot), \(timing ?? "NULL"), \(stream)
            FROM result ORDER BY rowid
            """
        let names = [
            "success", "start_time", "latency", "first_chunk_latency", "prompt_tokens", "completion_tokens",
            storedTPOT ? "time_per_output_token" : "TPOT from latency, first_chunk_latency and completion_tokens",
            timing ?? "timings", "is_stream",
        ]
        return (sql, names)
    }
}

/// Count, sum, first and last of a JSON array of numbers, scanned from its bytes.
///
/// The per-request timing arrays (`inter_token_latencies`, `chunk_times`) are most of a perf
/// database; SQLite's `json_each` sums them at ~12 µs a row (64 gaps), this scan ~10× faster.
/// A cell that is not a flat number array is an error of the row that holds it (see `Cells`).
enum EvalScopePerfNumberArray {
    struct Summary: Equatable {
        var count = 0
        var sum = 0.0
        var first = 0.0
        var last = 0.0
    }

    /// Nil when the bytes are not a flat JSON array of numbers.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> Summary? {
        var index = 0
        skipSpace(bytes, &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var summary = Summary()
        skipSpace(bytes, &index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return summary }
        while true {
            skipSpace(bytes, &index)
            guard let value = number(bytes, &index) else { return nil }
            if summary.count == 0 { summary.first = value }
            summary.last = value
            summary.sum += value
            summary.count += 1
            skipSpace(bytes, &index)
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): return summary
            default: return nil
            }
        }
    }

    @inline(__always)
    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    /// A JSON number; exact (one rounding) for up to 15–16 significant digits, as Python writes
    /// perf_counter values and gaps, and within an ulp beyond.
    @inline(__always)
    static func number(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Double? {
        let end = bytes.count
        var cursor = index
        let negative = cursor < end && bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        // Fast path: at most 19 significant digits fit in the mantissa without overflow.
        var mantissa: UInt64 = 0
        let integerStart = cursor
        accumulateDigits(bytes, &cursor, &mantissa)
        var digits = cursor - integerStart
        var significant = mantissa == 0 ? 0 : digits
        var exponent = 0
        if cursor < end, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            let fractionStart = cursor
            if mantissa == 0 {
                while cursor < end, bytes[cursor] == UInt8(ascii: "0") { cursor += 1 }
            }
            let significantStart = cursor
            accumulateDigits(bytes, &cursor, &mantissa)
            exponent = fractionStart - cursor
            digits += cursor - fractionStart
            significant += cursor - significantStart
        }
        guard digits > 0 else { return nil }
        guard significant <= 19 else { return slowNumber(bytes, &index) }
        if cursor < end, bytes[cursor] | 0x20 == UInt8(ascii: "e") {
            guard let written = exponentPart(bytes, &cursor) else { return nil }
            exponent += written
        }
        index = cursor
        return scaled(mantissa, exponent, negative: negative)
    }

    /// Appends the decimal digits at `cursor` to `mantissa` (wrapping: callers count digits),
    /// eight at a time where it can: a digit-by-digit loop is one long multiply-add chain.
    @inline(__always)
    private static func accumulateDigits(_ bytes: UnsafeRawBufferPointer, _ cursor: inout Int, _ mantissa: inout UInt64) {
        let end = bytes.count
        while cursor + 8 <= end {
            let chunk = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: cursor, as: UInt64.self))
            // All eight bytes are '0'…'9' (the fast_float test).
            guard ((chunk &+ 0x4646_4646_4646_4646) | (chunk &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0 else { break }
            var value = chunk &- 0x3030_3030_3030_3030
            value = (value &* 10) &+ (value >> 8)
            let mask: UInt64 = 0x0000_00FF_0000_00FF
            value = (((value & mask) &* 0x000F_4240_0000_0064) &+ (((value >> 16) & mask) &* 0x0000_2710_0000_0001)) >> 32
            mantissa = mantissa &* 100_000_000 &+ (value & 0xFFFF_FFFF)
            cursor += 8
        }
        while cursor < end, case let digit = bytes[cursor] &- UInt8(ascii: "0"), digit < 10 {
            mantissa = mantissa &* 10 &+ UInt64(digit)
            cursor += 1
        }
    }

    /// The digits after `e`/`E`, with their sign; `cursor` is at the `e`.
    @inline(__always)
    private static func exponentPart(_ bytes: UnsafeRawBufferPointer, _ cursor: inout Int) -> Int? {
        let end = bytes.count
        cursor += 1
        var sign = 1
        if cursor < end, bytes[cursor] == UInt8(ascii: "-") || bytes[cursor] == UInt8(ascii: "+") {
            if bytes[cursor] == UInt8(ascii: "-") { sign = -1 }
            cursor += 1
        }
        var written = 0
        let digitsStart = cursor
        while cursor < end, case let digit = bytes[cursor] &- UInt8(ascii: "0"), digit < 10 {
            written = min(written * 10 + Int(digit), 10_000)
            cursor += 1
        }
        return cursor > digitsStart ? sign * written : nil
    }

    /// More than 19 significant digits: keep the first 19, scale for the rest.
    private static func slowNumber(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Double? {
        let end = bytes.count
        var cursor = index
        let negative = cursor < end && bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var fraction = false
        while cursor < end {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "."), !fraction {
                fraction = true
            } else {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { significant += 1 }
                    if fraction { exponent -= 1 }
                } else if !fraction {
                    exponent += 1
                }
            }
            cursor += 1
        }
        if cursor < end, bytes[cursor] | 0x20 == UInt8(ascii: "e") {
            guard let written = exponentPart(bytes, &cursor) else { return nil }
            exponent += written
        }
        index = cursor
        return scaled(mantissa, exponent, negative: negative)
    }

    @inline(__always)
    private static func scaled(_ mantissa: UInt64, _ exponent: Int, negative: Bool) -> Double {
        var value = Double(mantissa)
        if exponent < 0 {
            value /= powerOfTen(-exponent)
        } else if exponent > 0 {
            value *= powerOfTen(exponent)
        }
        return negative ? -value : value
    }

    /// Exact in binary up to 10^22, so dividing by them rounds once.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        exponent < powersOfTen.count ? powersOfTen[exponent] : pow(10, Double(exponent))
    }
}
