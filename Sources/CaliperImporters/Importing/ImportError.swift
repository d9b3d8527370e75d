import Foundation

/// Why a result could not be read, in one line that names the file and, where it applies, the key.
///
/// ```swift
/// ImportError(file: "run/parallel_1_number_8/benchmark_summary.json", field: "Total Requests", reason: "missing")
/// // run/parallel_1_number_8/benchmark_summary.json: "Total Requests": missing
/// ```
public struct ImportError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var field: String?
    public var reason: String

    public init(file: String, field: String? = nil, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public init(file: URL, field: String? = nil, reason: String) {
        self.init(file: file.path(percentEncoded: false), field: field, reason: reason)
    }

    /// A value outside its ``ValueDomain``: `file: "Avg Latency (s)": -1.5: negative`.
    public static func invalid(file: URL, field: String, value: String, reason: String) -> ImportError {
        ImportError(file: file, field: field, reason: "\(value.prefix(60)): \(reason)")
    }

    public var description: String {
        let oneLine = reason.replacingOccurrences(of: "\n", with: " ")
        if let field { return "\(file): \"\(field)\": \(oneLine)" }
        return "\(file): \(oneLine)"
    }
}
