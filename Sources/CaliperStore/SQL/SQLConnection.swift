/// One engine's session inside a read or a write transaction: what every query of the store is
/// written against, so no query knows which engine runs it.
///
/// ```swift
/// let ids: [Int64] = try db.fetchAll("SELECT id FROM runs WHERE model = ?", ["gpt-oss-20b"]) { try $0[0] }
/// ```
protocol SQLConnection {
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows; `sql` has `?` placeholders, rendered for the engine.
    func execute(_ sql: String, _ arguments: [SQLValue]) throws

    /// Runs a script of several statements without parameters (a migration file).
    func executeScript(_ sql: String) throws

    /// Calls `body` with each row of `sql`, in order.
    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws

    /// Inserts many rows into `table` at once: the engine's bulk path (one prepared statement
    /// stepped per row in SQLite, one set-based statement in PostgreSQL).
    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws
}

extension SQLConnection {
    func execute(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws {
        try execute(sql, arguments.map(\.sqlValue))
    }

    func fetchAll<T>(
        _ sql: String, _ arguments: [any SQLValueConvertible] = [], _ row: (SQLRow) throws -> T
    ) throws -> [T] {
        var values: [T] = []
        try forEachRow(sql, arguments.map(\.sqlValue)) { values.append(try row($0)) }
        return values
    }

    func fetchOne<T>(
        _ sql: String, _ arguments: [any SQLValueConvertible] = [], _ row: (SQLRow) throws -> T
    ) throws -> T? {
        var value: T?
        try forEachRow(sql, arguments.map(\.sqlValue)) { if value == nil { value = try row($0) } }
        return value
    }

    /// The first column of the first row, or nil when there is no row.
    func fetchValue<T: SQLDecodable>(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> T? {
        try fetchOne(sql, arguments) { try $0[0] as T }
    }
}

/// The current row of a query, as values read by position (which costs nothing per name). Each
/// engine fills one, reused from row to row, so reading a column is a switch on a value: no call
/// through a protocol per column, which at 400,000 columns costs more than the engine does.
struct SQLRow {
    var values: [SQLValue] = []

    /// The column as `T`; an optional `T` reads NULL as nil, any other throws on NULL.
    subscript<T: SQLDecodable>(_ index: Int) -> T {
        get throws { try T.decode(self, index) }
    }

    func isNull(_ index: Int) -> Bool {
        if case .null = values[index] { return true }
        return false
    }

    func int64(_ index: Int) throws -> Int64 {
        switch values[index] {
        case .integer(let integer): return integer
        case .bool(let flag): return flag ? 1 : 0
        default: throw SQLDecodingError(index: index, expected: "a whole number")
        }
    }

    func double(_ index: Int) throws -> Double {
        switch values[index] {
        case .real(let real): return real
        case .integer(let integer): return Double(integer)
        default: throw SQLDecodingError(index: index, expected: "a number")
        }
    }

    func text(_ index: Int) throws -> String {
        guard case .text(let text) = values[index] else { throw SQLDecodingError(index: index, expected: "text") }
        return text
    }

    func bool(_ index: Int) throws -> Bool {
        switch values[index] {
        case .bool(let flag): return flag
        case .integer(let integer): return integer != 0
        default: throw SQLDecodingError(index: index, expected: "a flag")
        }
    }
}

/// A column type read from a row.
protocol SQLDecodable {
    static func decode(_ row: SQLRow, _ index: Int) throws -> Self
}

/// A column that cannot be read as the type asked for: a store edited by hand, or a query bug.
struct SQLDecodingError: Error, CustomStringConvertible {
    var index: Int
    var expected: String
    var description: String { "column \(index + 1) of a stored row is not \(expected)" }
}

extension SQLDecodable {
    static func nonNull(_ row: SQLRow, _ index: Int, _ expected: String, _ read: () throws -> Self) throws -> Self {
        if row.isNull(index) { throw SQLDecodingError(index: index, expected: expected) }
        return try read()
    }
}

extension Int64: SQLDecodable {
    static func decode(_ row: SQLRow, _ index: Int) throws -> Int64 {
        try nonNull(row, index, "a whole number") { try row.int64(index) }
    }
}

extension Int: SQLDecodable {
    static func decode(_ row: SQLRow, _ index: Int) throws -> Int {
        try nonNull(row, index, "a whole number") {
            guard let value = Int(exactly: try row.int64(index)) else {
                throw SQLDecodingError(index: index, expected: "a whole number in range")
            }
            return value
        }
    }
}

extension Double: SQLDecodable {
    static func decode(_ row: SQLRow, _ index: Int) throws -> Double {
        try nonNull(row, index, "a number") { try row.double(index) }
    }
}

extension String: SQLDecodable {
    static func decode(_ row: SQLRow, _ index: Int) throws -> String {
        try nonNull(row, index, "text") { try row.text(index) }
    }
}

extension Bool: SQLDecodable {
    static func decode(_ row: SQLRow, _ index: Int) throws -> Bool {
        try nonNull(row, index, "a flag") { try row.bool(index) }
    }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    static func decode(_ row: SQLRow, _ index: Int) throws -> Wrapped? {
        row.isNull(index) ? nil : try Wrapped.decode(row, index)
    }
}
