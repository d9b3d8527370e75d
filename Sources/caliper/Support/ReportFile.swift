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
}
