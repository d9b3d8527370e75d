import Foundation

/// A JSON value, read leniently (bare `NaN` and `Infinity`, as Python's `json.dump` writes them)
/// and written canonically (sorted keys, no white space) so equal configs hash equal.
///
/// ```swift
/// let value = try JSONValue.parse(Data(#"{"b": 1, "a": NaN}"#.utf8))
/// value.canonicalJSON   // {"a":null,"b":1}
/// ```
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text, accepting the non-standard `NaN`, `Infinity` and `-Infinity` tokens
    /// (``JSONParser``: never traps, whatever the bytes).
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONParser.parse(data)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): value.isFinite ? try container.encode(value) : try container.encodeNil()
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    // MARK: Access

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { object } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { array } else { nil }
    }

    public var stringValue: String? {
        if case .string(let string) = self { string } else { nil }
    }

    /// The number as a Double; nil for non-numbers and for NaN/infinite values.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value.isFinite ? value : nil
        default: nil
        }
    }

    /// The number as an Int when it is integral and fits; nil otherwise.
    public var intValue: Int? {
        switch self {
        case .int(let value): Int(exactly: value)
        case .double(let value): value.isFinite && value.rounded() == value ? Int(exactly: value) : nil
        default: nil
        }
    }

    public var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        case .int(let value) where value == 0 || value == 1: value == 1
        case .string(let value) where ["true", "false"].contains(value.lowercased()): value.lowercased() == "true"
        default: nil
        }
    }

    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    // MARK: Canonical form

    /// Compact JSON with keys sorted at every level; integral doubles print as integers and
    /// non-finite numbers as `null`, so the same config always yields the same text.
    public var canonicalJSON: String {
        var output = ""
        writeCanonical(into: &output)
        return output
    }

    private func writeCanonical(into output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            if !value.isFinite {
                output += "null"
            } else if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
                output += String(Int64(value))
            } else {
                output += "\(value)"
            }
        case .string(let value): JSONValue.writeEscaped(value, into: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.writeCanonical(into: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                JSONValue.writeEscaped(key, into: &output)
                output += ":"
                object[key]!.writeCanonical(into: &output)
            }
            output += "}"
        }
    }

    /// Appends `string` as a JSON string literal: quoted, with quotes, backslashes and control
    /// characters escaped.
    public static func writeEscaped(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
