import Foundation

/// A private copy of one example result folder in which a fuzz input replaces one file at a time.
/// After each read the file gets its original bytes back, so one input never leaks into the next.
final class ResultFolder: @unchecked Sendable {
    let root: URL
    private let files: [(url: URL, original: Data)]

    /// Copies `example` (a path below the repository's Examples/evalscope) to a temporary folder.
    init(example: String, files names: [String]) {
        let examples = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Examples/evalscope")
        let root = FileManager.default.temporaryDirectory.appending(path: "caliper-fuzz-\(getpid())-\(names.count)-\(example.hashValue)")
        self.root = root
        try? FileManager.default.removeItem(at: root)
        do {
            try FileManager.default.copyItem(at: examples.appending(path: example), to: root)
            files = try names.map { name in
                let url = root.appending(path: name)
                return (url, try Data(contentsOf: url))
            }
        } catch {
            fatalError("fuzz setup: \(error)")
        }
    }

    /// Writes `content` into file number `choice` (modulo the count), runs `read` on the folder, and
    /// restores the file. Thrown errors are expected answers to bad input; only a crash is a finding.
    func fuzz(choice: Int, _ content: Data, read: (URL) throws -> Void) {
        let file = files[choice % files.count]
        do {
            try content.write(to: file.url)
            _ = try? read(root)
            try file.original.write(to: file.url)
        } catch {
            fatalError("fuzz write: \(error)")
        }
    }
}
