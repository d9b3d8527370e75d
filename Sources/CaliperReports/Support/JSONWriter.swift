import CaliperCore

/// Writes JSON text straight into a string, laid out as `JSONEncoder` lays out
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, for documents too large for
/// `JSONEncoder` to be quick: a 10,000-run trend takes about 15 ms here and 230 ms through
/// `Encodable`, most of a 300 ms budget.
///
/// The caller writes each object's keys in sorted order (debug builds check it), so the text is
/// stable. Non-finite numbers and nil values are written as `null`. ``compact(_:)`` writes a part
/// on one line, as `JSONEncoder` without `.prettyPrinted` would.
///
/// ```swift
/// var json = JSONWriter()
/// json.object { json in
///     json.field("n", 3)
///     json.field("name", "a\"b")
/// }
/// json.text   // "{\n  \"n\" : 3,\n  \"name\" : \"a\\\"b\"\n}"
/// ```
struct JSONWriter {
    private(set) var text = ""
    private var depth = 0
    /// Whether the open object or array has an element yet, so the next one needs a comma first.
    private var hasElement = false
    /// Inside ``compact(_:)``: no line breaks or indentation.
    private var isCompact = false
    #if DEBUG
    /// The last key written in each open object, to check the order.
    private var lastKeys: [String] = []
    #endif

    /// - Parameter capacity: the expected length in UTF-8 bytes; reserving it saves the copies of a
    ///   string grown a few megabytes at a time.
    init(reservingCapacity capacity: Int = 0) {
        text.reserveCapacity(capacity)
    }

    // MARK: Containers

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        let outer = hasElement
        text += "{"
        depth += 1
        hasElement = false
        #if DEBUG
        lastKeys.append("")
        #endif
        body(&self)
        #if DEBUG
        lastKeys.removeLast()
        #endif
        depth -= 1
        if hasElement { newline() }
        text += "}"
        hasElement = outer
    }

    mutating func array<Items: Sequence>(_ items: Items, _ element: (inout JSONWriter, Items.Element) -> Void) {
        let outer = hasElement
        text += "["
        depth += 1
        hasElement = false
        for item in items {
            separate()
            element(&self, item)
        }
        depth -= 1
        if hasElement { newline() }
        text += "]"
        hasElement = outer
    }

    /// `"key" : ` then the value `body` writes.
    mutating func field(_ key: String, _ body: (inout JSONWriter) -> Void) {
        #if DEBUG
        assert(lastKeys.last! < key, "JSON keys out of order: \"\(key)\" after \"\(lastKeys.last!)\"")
        lastKeys[lastKeys.count - 1] = key
        #endif
        // Keys are names from code: written as they are, without the escape check values need.
        assert(!Self.needsEscape(key), "JSON key \"\(key)\" needs escaping")
        separate()
        text += "\""
        text += key
        text += isCompact ? "\":" : "\" : "
        body(&self)
    }

    /// What `body` writes, on one line without spaces: `{"n":3,"name":"x"}`. Long arrays of small
    /// objects (a trend's runs) read best one element a line, and write twice as fast.
    mutating func compact(_ body: (inout JSONWriter) -> Void) {
        let outer = isCompact
        isCompact = true
        body(&self)
        isCompact = outer
    }

    // MARK: Values

    mutating func string(_ value: String?) {
        guard let value else { return null() }
        // Most strings need no escape: copy those whole.
        if Self.needsEscape(value) {
            JSONValue.writeEscaped(value, into: &text)
        } else {
            text += "\""
            text += value
            text += "\""
        }
    }

    /// Integral values print as integers (`1500`), others in the shortest form that reads back
    /// the same (`0.0687`, `1e-05`).
    mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return null() }
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            text += String(Int64(value))
        } else {
            text += "\(value)"
        }
    }

    mutating func number<Integer: BinaryInteger>(_ value: Integer?) {
        guard let value else { return null() }
        text += String(value)
    }

    mutating func bool(_ value: Bool) {
        text += value ? "true" : "false"
    }

    mutating func null() {
        text += "null"
    }

    // MARK: Fields of plain values

    mutating func field(_ key: String, _ value: String?) { field(key) { $0.string(value) } }
    mutating func field(_ key: String, _ value: Double?) { field(key) { $0.number(value) } }
    mutating func field(_ key: String, _ value: Int?) { field(key) { $0.number(value) } }
    mutating func field(_ key: String, _ value: Int64?) { field(key) { $0.number(value) } }
    mutating func field(_ key: String, _ value: [String]) { field(key) { $0.array(value) { $0.string($1) } } }
    mutating func field(_ key: String, _ value: [Int64]) { field(key) { $0.array(value) { $0.number($1) } } }

    /// An object of string values, keys sorted.
    mutating func field(_ key: String, _ value: [String: String]) {
        field(key) { json in
            json.object { json in
                for name in value.keys.sorted() { json.field(name, value[name]) }
            }
        }
    }

    /// Whether `text` has a quote, a backslash or a control character.
    private static func needsEscape(_ text: String) -> Bool {
        let clean = { (byte: UInt8) in byte >= 0x20 && byte != 0x22 && byte != 0x5C }
        return !(text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(clean) } ?? text.utf8.allSatisfy(clean))
    }

    // MARK: Layout

    private mutating func separate() {
        if hasElement { text += "," }
        newline()
        hasElement = true
    }

    private mutating func newline() {
        guard !isCompact else { return }
        text += Self.indentation.indices.contains(depth) ? Self.indentation[depth] : "\n" + String(repeating: "  ", count: depth)
    }

    /// A line break and the indentation of each depth, made once.
    private static let indentation = (0..<8).map { "\n" + String(repeating: "  ", count: $0) }
}
