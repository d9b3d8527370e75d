import Foundation

/// Writing a rendered report: the whole file, replaced atomically, its folder created.
enum ReportFile {
    static func write(_ text: String, to path: String) throws {
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure(message: "\(path): cannot write the report: \(error.localizedDescription)")
        }
    }

    /// Whether `path` is the file `$GITHUB_STEP_SUMMARY` names.
    static func isStepSummary(_ path: String) -> Bool {
        guard let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty else {
            return false
        }
        return URL(fileURLWithPath: summary).standardizedFileURL.path == URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Adds `text` at the end of the file (created if missing), after a blank line when it has content.
    static func append(_ text: String, to path: String) throws {
        do {
            let url = URL(fileURLWithPath: path)
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            let end = try handle.seekToEnd()
            try handle.write(contentsOf: Data(((end > 0 ? "\n" : "") + text).utf8))
        } catch {
            throw CommandFailure(message: "\(path): cannot append the report: \(error.localizedDescription)")
        }
    }
}
