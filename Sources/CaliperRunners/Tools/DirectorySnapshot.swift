import Foundation

/// Every file below a folder with its size and modification time, to tell afterwards which files
/// a program created or rewrote, so that only the results of this run are stored, not older ones
/// lying in the same output folder.
///
/// ```swift
/// let before = DirectorySnapshot(of: outputs)
/// // … evalscope writes outputs/20261124_185544/gpt-oss-20b/…
/// DirectorySnapshot(of: outputs).changedFiles(since: before)
/// // ["20261124_185544/gpt-oss-20b/benchmark.log", …]
/// ```
public struct DirectorySnapshot: Sendable, Equatable {
    /// What tells one version of a file from another.
    public struct Stamp: Sendable, Equatable {
        public var size: Int
        public var modified: Date

        public init(size: Int, modified: Date) {
            self.size = size
            self.modified = modified
        }
    }

    /// Path relative to the folder → stamp. Empty when the folder does not exist.
    ///
    /// Relative, so that a symbolic link in the folder's own path (`/tmp` → `/private/tmp`) cannot
    /// make one file look like two.
    public var files: [String: Stamp]

    public init(files: [String: Stamp]) {
        self.files = files
    }

    /// Walks `directory` (only its own files unless `recursive`); a folder that does not exist
    /// (yet) has no files.
    public init(of directory: URL, recursive: Bool = true) {
        var files: [String: Stamp] = [:]
        let keys: Set<URLResourceKey> = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
        let names: [String]? = recursive
            ? FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String }
            : try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        if let names {
            for relative in names {
                guard let values = try? directory.appending(path: relative).resourceValues(forKeys: keys),
                      values.isRegularFile == true
                else { continue }
                files[relative] = Stamp(size: values.fileSize ?? 0, modified: values.contentModificationDate ?? .distantPast)
            }
        }
        self.files = files
    }

    /// The relative paths of files that are new, or whose size or time differs, sorted.
    public func changedFiles(since earlier: DirectorySnapshot) -> [String] {
        files.filter { earlier.files[$0.key] != $0.value }.keys.sorted()
    }
}
