import Foundation

/// Runs packed into one self-contained file, to move them between stores (`caliper export`,
/// `caliper ingest FILE`, `caliper bench --save DIR`).
///
/// The file is JSON: a header naming the format and its version, then one entry per run holding
/// the ``Run`` exactly as stored (keys, generation config, workload, labels, points with their
/// metrics and request rows, scores, samples, run time, content hash), when it was ingested and
/// whether it was valid, and the corrections `caliper annotate` recorded. Field names are the Swift property names; a field added to ``Run`` travels
/// without a change here. A reader refuses a newer `version` instead of guessing.
///
/// ```json
/// {"format": "caliper-bundle", "version": 1,
///  "runs": [{"ingestedAt": "2026-12-07T18:56:57Z", "invalidReason": null, "run": {"kind": "perf", …}}]}
/// ```
///
/// ```swift
/// let data = try RunBundle(runs: [.init(run: run, ingestedAt: "2026-12-07T18:56:57Z")]).encoded()
/// let entries = try RunBundle.decode(data, file: "runs.caliper.json").runs
/// ```
public struct RunBundle: Sendable, Equatable, Codable {
    public static let formatName = "caliper-bundle"
    /// The version this binary writes and the newest it reads.
    public static let currentVersion = 1
    /// What `bench --save` and the bundle a failed store write falls back to are called.
    public static let fileSuffix = ".caliper.json"

    /// One run and what the store knew about it besides its files.
    public struct Entry: Sendable, Equatable, Codable {
        public var run: Run
        /// UTC, ISO 8601 (`2026-12-07T18:56:57Z`), as the exporting store wrote it; nil for a run
        /// never stored (the importing store then uses its own time).
        public var ingestedAt: String?
        /// Why the run is invalid under the policy it was stored under; nil when valid or unknown.
        /// The importing store judges the run again under its own policy.
        public var invalidReason: String?
        /// The run's audit trail (`run_edits`), oldest first; absent when it was never edited.
        public var edits: [Edit]?

        public init(run: Run, ingestedAt: String? = nil, invalidReason: String? = nil, edits: [Edit]? = nil) {
            self.run = run
            self.ingestedAt = ingestedAt
            self.invalidReason = invalidReason
            self.edits = edits
        }
    }

    /// One recorded change of a run's keys, as ``RunEditRecord`` without the exporting store's run id.
    public struct Edit: Sendable, Equatable, Codable {
        public var editedAt: String
        public var editedBy: String
        public var field: String
        public var oldValue: String?
        public var newValue: String?

        public init(_ record: RunEditRecord) {
            editedAt = record.editedAt
            editedBy = record.editedBy
            field = record.field
            oldValue = record.oldValue
            newValue = record.newValue
        }
    }

    public var format: String
    public var version: Int
    public var runs: [Entry]

    public init(runs: [Entry]) {
        format = Self.formatName
        version = Self.currentVersion
        self.runs = runs
    }

    /// Pretty JSON with sorted keys, ending in a newline: the same runs always give the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// The bundle as one line of compact JSON with sorted keys, ending in a newline: a line of a
    /// JSON Lines bundle file.
    public func encodedLine() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Whether `data` (a file's start is enough) claims to be a bundle: a JSON object whose first key,
    /// as ``encoded()`` writes it, is `"format": "caliper-bundle"`.
    public static func claims(_ data: Data) -> Bool {
        let start = String(decoding: data.prefix(256), as: UTF8.self)
        return start.drop(while: \.isWhitespace).hasPrefix("{")
            && start.firstMatch(of: /"format"\s*:\s*"caliper-bundle"/) != nil
    }

    /// Reads a bundle and checks every run as the store would (``RunValidation``) before any is
    /// stored, so a bad bundle stores nothing.
    /// - Throws: ``BundleError``: one line naming the file, the key path and what is wrong.
    public static func decode(_ data: Data, file: String) throws(BundleError) -> RunBundle {
        let decoder = JSONDecoder()
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch { throw BundleError(file: file, error) }
        guard header.format == formatName else {
            throw BundleError(file: file, key: "format", value: "\"\(header.format)\"", reason: "not \"\(formatName)\"")
        }
        guard header.version <= currentVersion, header.version >= 1 else {
            throw BundleError(
                file: file, key: "version", value: String(header.version),
                reason: "this Caliper reads bundle versions 1 to \(currentVersion)")
        }
        let bundle: RunBundle
        do { bundle = try decoder.decode(RunBundle.self, from: data) } catch { throw BundleError(file: file, error) }
        for (index, entry) in bundle.runs.enumerated() {
            if let ingestedAt = entry.ingestedAt, parseTime(ingestedAt) == nil {
                throw BundleError(
                    file: file, key: "runs[\(index)].ingestedAt", value: "\"\(ingestedAt)\"",
                    reason: "not a UTC time like 2026-12-07T18:56:57Z")
            }
            for (editIndex, edit) in (entry.edits ?? []).enumerated() where parseTime(edit.editedAt) == nil {
                throw BundleError(
                    file: file, key: "runs[\(index)].edits[\(editIndex)].editedAt", value: "\"\(edit.editedAt)\"",
                    reason: "not a UTC time like 2026-12-07T18:56:57Z")
            }
            if let violation = RunValidation.violations(of: entry.run).first {
                throw BundleError(file: file, key: "runs[\(index)].run: \(violation.location)", value: violation.value, reason: violation.reason)
            }
        }
        return bundle
    }

    /// `2026-12-07T18:56:57Z` as a date; nil for any other form.
    public static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else { return nil }
        return date
    }

    /// A file name for a run: `run-20261207T185657-3f2a9c1e.caliper.json` (run time, then the
    /// content hash's first 8 characters), so a saved bundle names itself and never collides.
    public static func fileName(for run: Run) -> String {
        let time = (run.runAt?.utcText ?? "").filter { $0.isNumber || $0 == "T" }
        return "run-\(time.isEmpty ? "unknown" : time)-\(run.contentHash.prefix(8))\(fileSuffix)"
    }

    private struct Header: Decodable {
        var format: String
        var version: Int
    }
}

/// A bundle that cannot be read: `runs.caliper.json: "runs[0].run.points[1].requests": "abc": expected a whole number`.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    init(file: String, key: String, value: String, reason: String) {
        self.file = file
        message = "\"\(key)\": \(value): \(reason)"
    }

    init(file: String, _ error: any Error) {
        self.file = file
        guard let decoding = error as? DecodingError else {
            message = String(describing: error)
            return
        }
        switch decoding {
        case .typeMismatch(let type, let context):
            message = "\"\(Self.path(context.codingPath))\": expected \(Self.noun(type))"
        case .valueNotFound(let type, let context):
            message = "\"\(Self.path(context.codingPath))\": null where \(Self.noun(type)) must be"
        case .keyNotFound(let key, let context):
            message = "\"\(Self.path(context.codingPath + [key]))\": missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                // Foundation's message names the byte offset; NaN and Infinity are not JSON.
                let underlying = context.underlyingError.map { ": \(String(describing: $0))" } ?? ""
                message = "not valid JSON\(underlying)"
            } else {
                message = "\"\(Self.path(context.codingPath))\": \(context.debugDescription)"
            }
        @unknown default:
            message = String(describing: decoding)
        }
    }

    public var description: String { "\(file): \(message)" }

    /// `runs[0].run.points[1].requests`.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "(top level)" : text
    }

    static func noun(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: "a \(type)"
        }
    }
}
