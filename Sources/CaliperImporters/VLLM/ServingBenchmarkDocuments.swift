import CaliperCore
import Foundation

/// The result objects in one file of a serving benchmark: a whole-file JSON document (`vllm bench
/// serve --save-result`, a `vllm bench sweep serve` `run=N.json` written with indentation) or one
/// object per line (`--append-result`, SGLang's `--output-file`, which always appends).
///
/// Each object gets its own content hash, over the file's name and the object's own line when the
/// file is line by line: lines appended later leave the hashes of the earlier ones unchanged, so a
/// re-ingest of a grown file stores only what is new.
///
/// ```swift
/// let documents = try ServingBenchmarkDocuments.read(url, kind: "vllm-bench")
/// documents.map(\.line)   // [1, 2, 3, 4] for an --append-result file of four runs
/// ```
enum ServingBenchmarkDocuments {
    struct Document {
        var json: JSONValue
        /// The 1-based line, for a file of one object per line; nil for a whole-file document.
        var line: Int?
        /// Whether the file holds more than one object (errors then name the line).
        var isOneOfMany: Bool
        var contentHash: String
    }

    /// The result objects of `url`, in file order.
    /// - Throws: ``ImportError`` naming the file (and line) that cannot be read or parsed.
    static func read(_ url: URL, kind: String) throws -> [Document] {
        // Hashed relative to the file's folder: the same file reached through its folder, a sweep's
        // experiment folder or on its own hashes the same.
        var files = SourceFiles(root: url.deletingLastPathComponent())
        let data = try files.data(url)
        let name = files.relativePath(url)
        let byteLines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var documents: [Document] = []
        var lineFailure: ImportError?
        for (index, line) in byteLines.enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            guard let json = try? JSONValue.parse(Data(line)) else {
                lineFailure = ImportError(file: url, field: "line \(index + 1)", reason: "not valid JSON (truncated or malformed)")
                break
            }
            var hasher = SHA256()
            hasher.update(Data(line))
            var lineHash = SHA256()
            lineHash.update("\(kind)\n\(name)\tline \(index + 1)\t\(hasher.hexDigest())")
            documents.append(Document(json: json, line: index + 1, isOneOfMany: false, contentHash: lineHash.hexDigest()))
        }
        if let lineFailure {
            // Not one object per line: an indented document, or a truncated file.
            if let whole = try? JSONValue.parse(data) {
                return [Document(json: whole, line: nil, isOneOfMany: false, contentHash: files.contentHash(kind: kind))]
            }
            if !documents.isEmpty { throw lineFailure }
            throw ImportError(file: url, reason: data.isEmpty ? "empty file, expected JSON" : "not valid JSON (truncated or malformed)")
        }
        if documents.isEmpty { throw ImportError(file: url, reason: "empty file, expected JSON") }
        if documents.count > 1 {
            for index in documents.indices { documents[index].isOneOfMany = true }
        }
        return documents
    }

    /// The first bytes of a regular file (at most 64 KiB), for a cheap look at what it holds; nil
    /// for anything that is not a readable regular file.
    static func prefix(_ url: URL, bytes: Int = 64 << 10) -> Data? {
        guard (try? SourceFiles.checkRegularFile(url)) != nil,
              let handle = try? FileHandle(forReadingFrom: url)
        else { return nil }
        defer { try? handle.close() }
        return try? handle.read(upToCount: bytes)
    }

    /// Whether the file's first bytes open a JSON object holding every key of `all`, at least one
    /// of `any` and none of `none` (as `"key"`, anywhere in the first 64 KiB).
    static func opensObject(_ url: URL, withKeys all: [String], andOneOf any: [String], butNone none: [String] = []) -> Bool {
        guard let data = prefix(url) else { return false }
        guard let first = data.first(where: { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }),
              first == UInt8(ascii: "{")
        else { return false }
        let text = String(decoding: data, as: UTF8.self)
        return all.allSatisfy { text.contains("\"\($0)\"") } && any.contains { text.contains("\"\($0)\"") }
            && !none.contains { text.contains("\"\($0)\"") }
    }

    /// Whether `url` names a file of one of `extensions` (lower-cased, no dot).
    static func hasExtension(_ url: URL, _ extensions: Set<String>) -> Bool {
        extensions.contains(url.pathExtension.lowercased())
    }
}
