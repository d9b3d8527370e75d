import GRDB
import GRDBSQLite

/// The store's SQL on a GRDB database: statements cached by text, rows read straight from the
/// prepared statement with SQLite's column functions (at 200,000 rows, anything per row more than
/// that costs more than SQLite does).
struct SQLiteConnection: SQLConnection {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
    }

    func executeScript(_ sql: String) throws {
        try db.execute(sql: sql)
    }

    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        let rows = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        let row = SQLiteRow(statement: statement.sqliteStatement)
        while try rows.next() != nil {
            try body(row)
        }
    }

    /// One prepared statement stepped per row, its values bound with SQLite's own functions: at
    /// 10,000 rows, GRDB's argument arrays would cost more than SQLite does.
    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) \
            VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
            """)
        let handle = statement.sqliteStatement
        for row in rows {
            sqlite3_reset(handle)
            for (offset, value) in row.enumerated() {
                let index = Int32(offset + 1)
                let code = switch value {
                case .null: sqlite3_bind_null(handle, index)
                case .integer(let integer): sqlite3_bind_int64(handle, index, integer)
                case .real(let real): sqlite3_bind_double(handle, index, real)
                case .bool(let flag): sqlite3_bind_int64(handle, index, flag ? 1 : 0)
                case .text(let text): sqlite3_bind_text(handle, index, text, -1, Self.transient)
                }
                guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding \(table) values") }
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                    sql: statement.sql)
            }
        }
        sqlite3_reset(handle)
    }

    /// SQLITE_TRANSIENT: SQLite copies the text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: nil
            case .integer(let integer): integer
            case .real(let real): real
            case .text(let text): text
            case .bool(let flag): flag
            }
        })
    }
}

/// The current row of a SQLite statement.
struct SQLiteRow: SQLRow {
    let statement: SQLiteStatement

    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL
    }

    func int64(_ index: Int) throws -> Int64 {
        guard sqlite3_column_type(statement, Int32(index)) == SQLITE_INTEGER else {
            throw SQLDecodingError(index: index, expected: "a whole number")
        }
        return sqlite3_column_int64(statement, Int32(index))
    }

    func double(_ index: Int) throws -> Double {
        switch sqlite3_column_type(statement, Int32(index)) {
        case SQLITE_FLOAT, SQLITE_INTEGER: sqlite3_column_double(statement, Int32(index))
        default: throw SQLDecodingError(index: index, expected: "a number")
        }
    }

    func text(_ index: Int) throws -> String {
        guard sqlite3_column_type(statement, Int32(index)) == SQLITE_TEXT,
              let bytes = sqlite3_column_text(statement, Int32(index))
        else { throw SQLDecodingError(index: index, expected: "text") }
        return String(cString: bytes)
    }

    func bool(_ index: Int) throws -> Bool {
        try int64(index) != 0
    }
}
