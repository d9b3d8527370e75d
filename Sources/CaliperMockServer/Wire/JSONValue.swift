import CaliperCore

/// A JSON document written in the order its keys are given, with explicit `null`s: the shape of
/// vLLM's answers (`"logprobs": null`), which `JSONEncoder` would drop or reorder.
///
/// ```swift
/// let value: JSONValue = .object([("id", "cmpl-1"), ("logprobs", .null), ("n", 2)])
/// value.text   // {"id":"cmpl-1","logprobs":null,"n":2}
/// ```
enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }

    /// Compact JSON text, no spaces.
    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .string(let string): Self.writeString(string, to: &out)
        case .int(let int): out += String(int)
        case .bool(let bool): out += bool ? "true" : "false"
        case .null: out += "null"
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal, escaped as every JSON Caliper writes.
    static func writeString(_ string: String, to out: inout String) {
        CaliperCore.JSONValue.writeEscaped(string, into: &out)
    }

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
}
