import CaliperCore
import Foundation

/// Reading and writing ``RunBundle`` files, with errors in one line naming the file.
enum BundleFile {
    /// Whether `path` is a regular file (links followed) whose content starts as a bundle does.
    /// Reads at most its first 256 bytes; a FIFO or device is never opened.
    static func claims(_ path: String) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard (try? FileManager.default.attributesOfItem(atPath: real)[.type] as? FileAttributeType) == .typeRegular,
              let handle = FileHandle(forReadingAtPath: real)
        else { return false }
        defer { try? handle.close() }
        return RunBundle.claims((try? handle.read(upToCount: 256)) ?? Data())
    }

    /// The bundles (`*.caliper.json` files that claim to be one) in `folder`, or below it when
    /// `recursive`, in path order. Empty when `folder` is not a directory.
    static func find(in folder: URL, recursive: Bool) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        let names: [String]
        if recursive {
            names = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
        } else {
            names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        }
        return names.filter { $0.hasSuffix(".caliper.json") }.sorted()
            .map { folder.appending(path: $0) }
            .filter { claims($0.path) }
    }

    static func read(_ path: String) throws -> RunBundle {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "\(path): cannot read the bundle")
        }
        do {
            return try RunBundle.decode(data, file: path)
        } catch {
            throw CommandFailure(message: error.description)
        }
    }

    /// Writes the bundle whole or not at all (a temporary file renamed over `path`).
    static func write(_ bundle: RunBundle, to path: String) throws {
        do {
            try bundle.encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure(message: "\(path): cannot write the bundle: \(error.localizedDescription)")
        }
    }

    /// Writes one run as `DIR/run-<run time>-<hash8>.caliper.json` and returns the path.
    static func save(_ entry: RunBundle.Entry, in directory: String) throws -> String {
        let name = RunBundle.fileName(for: entry.run)
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        try write(RunBundle(runs: [entry]), to: path)
        return path
    }
}
