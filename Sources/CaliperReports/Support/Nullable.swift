/// Encodes a missing value as JSON `null` instead of leaving the key out, so every document of a
/// kind has the same keys and consumers can tell "no value" from "old schema".
///
/// ```swift
/// struct Row: Encodable { @Nullable var pValue: Double? }
/// // {"pValue":null}
/// ```
@propertyWrapper
struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}
