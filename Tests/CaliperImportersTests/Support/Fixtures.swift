import CaliperImporters
import Foundation
import Testing

/// Real EvalScope output folders shipped in `Examples/evalscope/`, other tools' results in
/// `Examples/peers/`, scratch copies to break, and the edits that break them.
enum Fixtures {
    /// `<repo>/Examples/evalscope`.
    static let evalscope = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Examples/evalscope")

    /// A fixture folder by path relative to `Examples/evalscope` (`history/1.0.0/perf-chat-multi/20261124_184526/mock-model`).
    static func evalscope(_ relativePath: String) -> URL {
        evalscope.appending(path: relativePath)
    }

    /// `<repo>/Examples/peers`: other tools' result samples (see its README.md).
    static let peers = evalscope.deletingLastPathComponent().appending(path: "peers")

    /// A file or folder by path relative to `Examples/peers` (`real-2026-12/sglang-bench-serving-0.5.23`).
    static func peers(_ relativePath: String) -> URL {
        peers.appending(path: relativePath)
    }

    /// A new empty directory, removed by the system's temp cleaning.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "caliper-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A writable copy of a fixture folder, to corrupt in a test.
    static func temporaryCopy(of folder: URL) throws -> URL {
        let copy = try temporaryDirectory().appending(path: folder.lastPathComponent)
        try FileManager.default.copyItem(at: folder, to: copy)
        return copy
    }

    /// The JSON object in `data` after `edit`, serialized again.
    static func editedJSON(_ data: Data, _ edit: (inout [String: Any]) throws -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        try edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// Rewrites a JSON object file through `edit`.
    static func editJSON(_ url: URL, _ edit: (inout [String: Any]) throws -> Void) throws {
        try editedJSON(try Data(contentsOf: url), edit).write(to: url)
    }

    /// Rewrites a text file through `change`.
    static func rewrite(_ url: URL, _ change: (String) throws -> String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        try change(text).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Replaces the first `old` in a text file with `new`; `old` must be there.
    static func replace(_ old: String, with new: String, in url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let range = try #require(text.range(of: old), "\(old) not in \(url.lastPathComponent)")
        try text.replacingCharacters(in: range, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// The `ImportError` `body` throws; nil, with an issue recorded, when it throws none or another error.
    static func importError(_ body: () throws -> Void) -> ImportError? {
        do {
            try body()
            Issue.record("no error")
            return nil
        } catch let error as ImportError {
            return error
        } catch {
            Issue.record("not an ImportError: \(error)")
            return nil
        }
    }

    /// A value as the tools' consoles print it (Python's `{:.2f}`), or `nil`.
    static func printed(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "nil"
    }
}

/// Equal within `tolerance` relative to `expected` (at least 1): numbers read from a tool's files and converted.
func near(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= tolerance * max(1, abs(expected))
}
