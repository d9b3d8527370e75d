import CaliperCore
import Foundation

/// Reads shared by the inference-perf and llm-d report readers, on top of ``JSONFields``.
enum InferencePerfFields {
    /// An object that may be absent or null (inference-perf writes `null` for a distribution
    /// over no requests, and for unset config sections).
    static func optionalObject(_ value: JSONValue?, _ path: String, _ fields: JSONFields) throws -> [String: JSONValue]? {
        guard let value, !value.isNull else { return nil }
        return try fields.object(value, path)
    }
}
