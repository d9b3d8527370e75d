import CaliperCore
import Foundation
import Yams

/// Reading a result's files, with errors that name the file, and hashing what was read.
///
/// Every importer reads through one `SourceFiles` so that the run's content hash covers exactly
/// the files its numbers came from.
public struct SourceFiles {
    /// The result's root folder; hashed paths are relative to it, so a moved folder hashes the same.
    public let root: URL
    private var hashed: [(relativePath: String, digest: String)] = []

    public init(root: URL) {
        self.root = root
    }

    /// The largest file an importer reads: a result file this big is not one EvalScope wrote.
    public static let maximumFileSize = 4 << 30

    /// The file's bytes, hashed into the content hash.
    /// - Throws: when it is not a regular file (a FIFO or device would block or never end), is
    ///   larger than ``maximumFileSize``, or cannot be read.
    public mutating func data(_ url: URL) throws -> Data {
        try Self.checkRegularFile(url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImportError(file: url, reason: "cannot read: \(Self.describe(error))")
        }
        var hasher = SHA256()
        hasher.update(data)
        hashed.append((relativePath(url), hasher.hexDigest()))
        return data
    }

    /// Parses a JSON file (bare `NaN`/`Infinity` allowed), hashed into the content hash.
    public mutating func json(_ url: URL) throws -> JSONValue {
        let data = try data(url)
        do {
            return try JSONValue.parse(data)
        } catch {
            let reason = data.isEmpty ? "empty file, expected JSON" : "not valid JSON (truncated or malformed)"
            throw ImportError(file: url, reason: reason)
        }
    }

    /// Parses each non-empty line of a JSON Lines file, hashed into the content hash.
    public mutating func jsonLines(_ url: URL) throws -> [JSONValue] {
        let data = try data(url)
        var values: [JSONValue] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            do {
                values.append(try JSONValue.parse(Data(line)))
            } catch {
                throw ImportError(file: url, field: "line \(index + 1)", reason: "not valid JSON (truncated or malformed)")
            }
        }
        return values
    }

    /// Decodes a YAML file into `T`, hashed into the content hash.
    public mutating func yaml<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data = try data(url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw ImportError(file: url, reason: "not UTF-8 text")
        }
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch {
            throw ImportError(file: url, reason: "not valid YAML: \(Self.describe(error))")
        }
    }

    /// Throws unless `url` (after following links) is a regular file of at most ``maximumFileSize``.
    public static func checkRegularFile(_ url: URL) throws {
        let path = url.path(percentEncoded: false)
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path(percentEncoded: false))
        } catch {
            throw ImportError(file: path, reason: "cannot read: \(describe(error))")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            let kind = (attributes[.type] as? FileAttributeType).map { "\($0.rawValue)" } ?? "unknown"
            throw ImportError(file: path, reason: "not a regular file (\(kind))")
        }
        if let size = attributes[.size] as? Int, size > maximumFileSize {
            throw ImportError(file: path, reason: "\(size) bytes, more than a result file can be (\(maximumFileSize))")
        }
    }

    /// Records a file that was read by other means (a SQLite database) in the content hash.
    public mutating func hashOnly(_ url: URL) throws {
        _ = try data(url)
    }

    /// SHA-256 over the files read so far (relative path and content digest, in path order).
    public func contentHash(kind: String) -> String {
        var hasher = SHA256()
        hasher.update(kind)
        for entry in hashed.sorted(by: { $0.relativePath < $1.relativePath }) {
            hasher.update("\n\(entry.relativePath)\t\(entry.digest)")
        }
        return hasher.hexDigest()
    }

    public func relativePath(_ url: URL) -> String {
        let rootPath = root.standardizedFileURL.path(percentEncoded: false)
        let path = url.standardizedFileURL.path(percentEncoded: false)
        guard path.hasPrefix(rootPath) else { return path }
        return String(path.dropFirst(rootPath.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }
}
