import Foundation

/// Reads the answer of vLLM's `GET /version`.
///
/// ```swift
/// ServerVersion.parse(Array(#"{"version":"0.10.1+gptoss"}"#.utf8))   // "0.10.1+gptoss"
/// ServerVersion.parse(Array("Not Found".utf8))                        // nil
/// ```
public enum ServerVersion {
    /// The `version` string of a JSON object, or nil when the body is anything else.
    public static func parse(_ body: [UInt8]) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let version = object["version"] as? String
        else { return nil }
        let trimmed = version.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
