import CaliperCore
import Foundation

/// Reading and writing ``RunBundle`` files, with errors in one line naming the file.
///
/// A bundle file is one JSON document (`.json`), or JSON Lines (`.jsonl`): one single-run bundle
/// per line, which a whole store streams to (`caliper export --all`). Either may be gzipped
/// (`.json.gz`, `.jsonl.gz`); reading tells them all apart by their content.
enum BundleFile {
    /// The names a folder scan takes as bundles.
    static let suffixes = [".caliper.json", ".caliper.json.gz", ".caliper.jsonl", ".caliper.jsonl.gz"]

    /// Whether `path` is a regular file (links followed) whose content starts as a bundle does.
    /// Reads at most its first 256 bytes; a FIFO or device is never opened.
    static func claims(_ path: String) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard (try? FileManager.default.attributesOfItem(atPath: real)[.type] as? FileAttributeType) == .typeRegular,
              let handle = FileHandle(forReadingAtPath: real)
        else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 4096)) ?? Data()
        guard Gzip.isCompressed(start) else { return RunBundle.claims(start) }
        // The compressed start of a file may end mid-stream: what inflates from it is enough.
        return RunBundle.claims((try? Gzip.decompress(start, limit: 256)) ?? partialInflate(start))
    }

    /// What a truncated gzip start inflates to before the data runs out.
    private static func partialInflate(_ data: Data) -> Data {
        var limit = data.count
        while limit > 16 {
            limit /= 2
            if let inflated = try? Gzip.decompress(data.prefix(limit), limit: 256) { return inflated }
        }
        return Data()
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
        return names.filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted()
            .map { folder.appending(path: $0) }
            .filter { claims($0.path) }
    }

    /// The whole file, read and checked: every run of it, or an error naming the file (and line).
    static func read(_ path: String) throws -> RunBundle {
        guard var data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "\(path): cannot read the bundle")
        }
        if Gzip.isCompressed(data) {
            do { data = try Gzip.decompress(data) } catch { throw CommandFailure(message: "\(path): \(error)") }
        }
        do {
            guard isLines(data) else { return try RunBundle.decode(data, file: path) }
            var runs: [RunBundle.Entry] = []
            for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated()
            where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
                runs += try RunBundle.decode(Data(line), file: "\(path) line \(number + 1)").runs
            }
            return RunBundle(runs: runs)
        } catch {
            throw CommandFailure(message: error.description)
        }
    }

    /// JSON Lines: the first line is a whole bundle. ``RunBundle/encoded()`` puts `{` alone on its first line.
    private static func isLines(_ data: Data) -> Bool {
        let first = data.prefix { $0 != UInt8(ascii: "\n") }
        return String(decoding: first, as: UTF8.self).trimmingCharacters(in: .whitespaces) != "{"
    }

    /// How a bundle is written, from the output's name: JSON Lines for `.jsonl`, gzip for `.gz`.
    struct Layout {
        var lines: Bool
        var gzip: Bool

        init(path: String) {
            let name = path.lowercased()
            gzip = name.hasSuffix(".gz")
            lines = (gzip ? String(name.dropLast(3)) : name).hasSuffix(".jsonl")
        }
    }

    /// Writes the bundle whole or not at all (a temporary file renamed over `path`), in the layout
    /// its name asks for.
    static func write(_ bundle: RunBundle, to path: String) throws {
        let writer = try Writer(path: path)
        if writer.layout.lines {
            for entry in bundle.runs { try writer.add(entry) }
        } else {
            try writer.addDocument(bundle)
        }
        try writer.finish()
    }

    /// A bundle file written run by run (JSON Lines), so a whole store never sits in memory:
    /// to a temporary file beside `path`, renamed over it by ``finish()``.
    final class Writer {
        let path: String
        let layout: Layout
        private let temporary: String
        private let handle: FileHandle
        private var gzip: Gzip.Writer?
        private var finished = false

        init(path: String) throws {
            self.path = path
            layout = Layout(path: path)
            let url = URL(fileURLWithPath: path)
            temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).\(getpid()).partial").path
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary)
            else { throw CommandFailure(message: "\(path): cannot write the bundle: cannot create a file in its folder") }
            self.handle = handle
            gzip = layout.gzip ? try Gzip.Writer() : nil
        }

        deinit {
            try? handle.close()
            if !finished { try? FileManager.default.removeItem(atPath: temporary) }
        }

        /// One run, as one line (JSON Lines layout).
        func add(_ entry: RunBundle.Entry) throws {
            try write { try RunBundle(runs: [entry]).encodedLine() }
        }

        /// The whole bundle as one document (JSON layout).
        func addDocument(_ bundle: RunBundle) throws {
            try write { try bundle.encoded() }
        }

        private func write(_ encode: () throws -> Data) throws {
            do {
                let data = try encode()
                try handle.write(contentsOf: gzip == nil ? data : try gzip!.add(data))
            } catch {
                throw CommandFailure(message: "\(path): cannot write the bundle: \(error.localizedDescription)")
            }
        }

        func finish() throws {
            do {
                if gzip != nil { try handle.write(contentsOf: try gzip!.finish()) }
                try handle.synchronize()
                try handle.close()
                guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
                finished = true
            } catch {
                throw CommandFailure(message: "\(path): cannot write the bundle: \(error.localizedDescription)")
            }
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
