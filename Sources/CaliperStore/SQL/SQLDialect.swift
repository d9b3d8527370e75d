/// The SQL an engine speaks where SQLite and PostgreSQL differ. Every statement is written once,
/// with `?` placeholders and these fragments, and rendered for the engine that runs it.
///
/// ```swift
/// let sql = "SELECT id FROM runs WHERE \(dialect.time("run_at")) < \(dialect.timeParameter)"
/// dialect.render(sql)   // PostgreSQL: "... < CAST($1 AS timestamptz)"
/// ```
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The statement with its `?` placeholders numbered (`$1`, `$2`, …) where the engine wants that.
    /// A `?` inside a quoted literal or identifier is left alone.
    func render(_ sql: String) -> String {
        guard self == .postgres else { return sql }
        var rendered = ""
        rendered.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                rendered.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                rendered.append(character)
            } else if character == "?" {
                number += 1
                rendered += "$\(number)"
            } else {
                rendered.append(character)
            }
        }
        return rendered
    }

    /// A bound ISO 8601 UTC time (`2026-11-24T11:00:48Z`) as a value of the engine's time columns.
    var timeParameter: String {
        switch self {
        case .sqlite: "?"
        case .postgres: "CAST(? AS timestamptz)"
        }
    }

    /// A time column read back as the ISO 8601 UTC text SQLite keeps (`2026-11-24T11:00:48Z`).
    func time(_ column: String) -> String {
        switch self {
        case .sqlite: column
        case .postgres: #"to_char(\#(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#
        }
    }

    /// A bound JSON text as a value of the engine's JSON columns.
    var jsonParameter: String {
        switch self {
        case .sqlite: "?"
        case .postgres: "CAST(? AS jsonb)"
        }
    }

    /// A JSON column read back as text.
    func json(_ column: String) -> String {
        switch self {
        case .sqlite: column
        case .postgres: "CAST(\(column) AS text)"
        }
    }

    /// A subquery of the ids in one bound JSON array (``idList(_:)``): any number of ids, one parameter.
    var idListSubquery: String {
        switch self {
        case .sqlite: "SELECT value FROM json_each(?)"
        case .postgres: "SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS bigint)"
        }
    }

    /// `[1,2,3]`, bound for ``idListSubquery``.
    static func idList(_ ids: [Int64]) -> SQLValue {
        .text("[" + ids.map(String.init).joined(separator: ",") + "]")
    }

    /// `a = b` where two NULLs are equal too.
    func isNotDistinct(_ left: String, _ right: String) -> String {
        switch self {
        case .sqlite: "\(left) IS \(right)"
        case .postgres: "\(left) IS NOT DISTINCT FROM \(right)"
        }
    }
}
