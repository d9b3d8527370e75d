import CaliperCore
import Foundation

/// Typed reads from one parsed JSON file of any importer, so that every missing key or wrong type
/// fails with an ``ImportError`` naming the file, the line (JSON Lines) and the key path.
struct JSONFields {
    let file: URL
    /// 1-based line of a JSON Lines file; nil for a whole-file JSON document.
    var line: Int?

    func error(_ path: String, _ reason: String) -> ImportError {
        let field = line.map { path.isEmpty ? "line \($0)" : "line \($0): \(path)" } ?? (path.isEmpty ? nil : path)
        return ImportError(file: file, field: field, reason: reason)
    }

    func object(_ value: JSONValue?, _ path: String) throws -> [String: JSONValue] {
        guard let value = present(value) else { throw error(path, "missing") }
        guard let object = value.objectValue else { throw mistyped(value, path, "an object") }
        return object
    }

    func array(_ value: JSONValue?, _ path: String) throws -> [JSONValue] {
        guard let value = present(value) else { throw error(path, "missing") }
        guard let array = value.arrayValue else { throw mistyped(value, path, "a list") }
        return array
    }

    func string(_ value: JSONValue?, _ path: String) throws -> String {
        guard let value = present(value) else { throw error(path, "missing") }
        guard let string = value.stringValue else { throw mistyped(value, path, "a string") }
        return string
    }

    func number(_ value: JSONValue?, _ path: String) throws -> Double {
        guard let value = present(value) else { throw error(path, "missing") }
        return try number(value, path)
    }

    /// A number that may be absent or null.
    func optionalNumber(_ value: JSONValue?, _ path: String) throws -> Double? {
        guard let value = present(value) else { return nil }
        return try number(value, path)
    }

    /// An integer count that may be absent or null.
    func optionalInt(_ value: JSONValue?, _ path: String) throws -> Int? {
        guard let value = present(value) else { return nil }
        guard let int = value.intValue else { throw mistyped(value, path, "an integer") }
        return int
    }

    /// A count (tokens, samples, a repeat index) that may be absent or null: whole, in ``ValueDomain/count``.
    func optionalCount(_ value: JSONValue?, _ path: String) throws -> Int? {
        guard let count = try optionalInt(value, path) else { return nil }
        if let reason = ValueDomain.count.violation(count) { throw error(path, "\(count): \(reason)") }
        return count
    }

    /// A time in seconds that may be absent or null, in ``ValueDomain/seconds``.
    func optionalSeconds(_ value: JSONValue?, _ path: String) throws -> Double? {
        guard let seconds = try optionalNumber(value, path) else { return nil }
        return try checked(seconds, .seconds, path)
    }

    func optionalString(_ value: JSONValue?, _ path: String) throws -> String? {
        guard let value = present(value) else { return nil }
        guard let string = value.stringValue else { throw mistyped(value, path, "a string") }
        return string
    }

    /// An id that EvalScope writes as an integer or a string; nil when absent or null.
    func optionalID(_ value: JSONValue?, _ path: String) throws -> String? {
        guard let value = present(value) else { return nil }
        if let int = value.intValue { return String(int) }
        if let string = value.stringValue { return string }
        throw mistyped(value, path, "an integer or string id")
    }

    /// A score of canonical `metric`: a number in its domain (accuracy in [0, 1]), or a boolean
    /// (Python writes `True` for a correct answer) as 1 or 0.
    func score(_ value: JSONValue, _ path: String, metric: String) throws -> Double {
        if case .bool(let flag) = value { return flag ? 1 : 0 }
        return try checked(try number(value, path), EvalMetricName.domain(metric), path)
    }

    /// `value` when it lies in `domain`; else an error naming the path and the value.
    func checked(_ value: Double, _ domain: ValueDomain, _ path: String) throws -> Double {
        if let reason = domain.violation(value) { throw error(path, "\(value): \(reason)") }
        return value
    }

    private func number(_ value: JSONValue, _ path: String) throws -> Double {
        if let double = value.doubleValue { return double }
        if case .double = value { throw error(path, "not a finite number") }
        throw mistyped(value, path, "a number")
    }

    /// The value, nil when absent or JSON null.
    private func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }

    private func mistyped(_ value: JSONValue, _ path: String, _ expected: String) -> ImportError {
        error(path, "expected \(expected), found \(Self.kind(of: value))")
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string(let string): "a string (\"\(string.prefix(40))\")"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
