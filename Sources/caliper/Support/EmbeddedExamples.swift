import CEmbeddedExamples
import Foundation

/// The example EvalScope results linked into the binary (`Examples/evalscope`, see
/// `Scripts/embed-examples`), so that `caliper demo` runs from a copied binary with no checkout.
enum EmbeddedExamples {
    struct File {
        /// Relative path, `evalscope/…`.
        var name: String
        var contents: Data
    }

    /// Every embedded file, in path order.
    static func files() throws -> [File] {
        var length = 0
        guard let start = caliper_examples(&length) else { throw damaged }
        var reader = Reader(bytes: UnsafeRawBufferPointer(start: start, count: length))
        let count = try reader.length()
        var files: [File] = []
        for _ in 0..<count {
            let name = String(decoding: try reader.bytes(try reader.length()), as: UTF8.self)
            files.append(File(name: name, contents: Data(try reader.bytes(try reader.length()))))
        }
        return files
    }

    /// Writes the files under `folder` (`folder/evalscope/…`), replacing what an earlier demo left there.
    static func extract(to folder: URL) throws {
        let manager = FileManager.default
        try? manager.removeItem(at: folder.appending(path: "evalscope"))
        for file in try files() {
            let url = folder.appending(path: file.name)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url)
        }
    }

    private static let damaged = CommandFailure(message: "the examples embedded in this binary are damaged")

    /// Bounds-checked reads of the archive's little-endian lengths and byte runs.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func length() throws -> Int {
            guard bytes.count - offset >= 8 else { throw EmbeddedExamples.damaged }
            let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
            guard let length = Int(exactly: value), length <= bytes.count - offset else { throw EmbeddedExamples.damaged }
            return length
        }

        mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer {
            guard count <= bytes.count - offset else { throw EmbeddedExamples.damaged }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        }
    }
}
