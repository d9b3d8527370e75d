import Foundation

/// Real EvalScope output folders shipped in `Examples/evalscope/`, and scratch copies to break.
enum Fixtures {
    /// `<repo>/Examples/evalscope`.
    static let evalscope = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Examples/evalscope")

    /// A fixture folder by path relative to `Examples/evalscope` (`history/1.0.0/perf-chat-multi/20261124_184526/mock-model`).
    static func evalscope(_ relativePath: String) -> URL {
        evalscope.appending(path: relativePath)
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
}
