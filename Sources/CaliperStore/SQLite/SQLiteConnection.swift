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

    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        let rows = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        let handle = statement.sqliteStatement
        let columns = statement.columnCount
        var row = SQLRow()
        row.values.reserveCapacity(columns)
        while try rows.next() != nil {
            row.values.removeAll(keepingCapacity: true)
            for index in 0..<Int32(columns) {
                switch sqlite3_column_type(handle, index) {
                case SQLITE_INTEGER: row.values.append(.integer(sqlite3_column_int64(handle, index)))
                case SQLITE_FLOAT: row.values.append(.real(sqlite3_column_double(handle, index)))
                case SQLITE_TEXT:
                    row.values.append(sqlite3_column_text(handle, index).map { .text(String(cString: $0)) } ?? .null)
                default: row.values.append(.null)
                }
            }
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
