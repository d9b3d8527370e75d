import CaliperCore
import Foundation

/// Python literals as `repr` writes them, read into ``JSONValue``: GuideLLM 0.4–0.6 stores each
/// sampled request's `request_args` as `str(arguments)`, a Python repr with single quotes, `None`,
/// `True` and `False`, not JSON.
///
/// ```swift
/// PythonLiteral.parse("{'stream': True, 'body': {'max_completion_tokens': 1024, 'stop': None}}")
/// // .object(["stream": .bool(true), "body": .object(["max_completion_tokens": .int(1024), "stop": .null])])
/// ```
enum PythonLiteral {
    /// The value, or nil when `text` is not a literal this reader knows (objects reprs such as
    /// `<Foo at 0x…>` are not).
    static func parse(_ text: String) -> JSONValue? {
        var parser = Parser(bytes: Array(text.utf8))
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipSpace()
        return parser.index == parser.bytes.count ? value : nil
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        /// Nesting deeper than this is no request's arguments.
        static let maximumDepth = 64

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth < Self.maximumDepth else { return nil }
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return dictionary(depth: depth)
            case UInt8(ascii: "["): return sequence(close: UInt8(ascii: "]"), depth: depth)
            case UInt8(ascii: "("): return sequence(close: UInt8(ascii: ")"), depth: depth)
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return string().map(JSONValue.string)
            default: return word()
            }
        }

        mutating func dictionary(depth: Int) -> JSONValue? {
            index += 1
            var object: [String: JSONValue] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            while true {
                skipSpace()
                guard let key = value(depth: depth + 1) else { return nil }
                let name: String
                switch key {
                case .string(let text): name = text
                case .int(let number): name = String(number)
                default: return nil
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let item = value(depth: depth + 1) else { return nil }
                object[name] = item
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    skipSpace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { return nil }
                index += 1
                return .object(object)
            }
        }

        mutating func sequence(close: UInt8, depth: Int) -> JSONValue? {
            index += 1
            var items: [JSONValue] = []
            while true {
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == close {
                    index += 1
                    return .array(items)
                }
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] != close {
                    return nil
                }
            }
        }

        /// A quoted string with Python's common escapes.
        mutating func string() -> String? {
            let quote = bytes[index]
            index += 1
            var output: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == quote { return String(decoding: output, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else {
                    output.append(byte)
                    continue
                }
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "x"), UInt8(ascii: "u"):
                    let width = escaped == UInt8(ascii: "x") ? 2 : 4
                    guard index + width <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + width], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code)
                    else { return nil }
                    output.append(contentsOf: Array(String(Character(scalar)).utf8))
                    index += width
                default: output.append(escaped)
                }
            }
            return nil
        }

        /// `None`, `True`, `False`, a number, `inf`/`nan` (not JSON: nil).
        mutating func word() -> JSONValue? {
            let start = index
            while index < bytes.count,
                  !([UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"),
                     0x20, 0x09, 0x0A, 0x0D] as [UInt8]).contains(bytes[index])
            {
                index += 1
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            switch text {
            case "None": return .null
            case "True": return .bool(true)
            case "False": return .bool(false)
            default:
                if let int = Int64(text) { return .int(int) }
                if let double = Double(text), double.isFinite, text.first != "i", text.first != "n" { return .double(double) }
                return nil
            }
        }
    }
}
