import CaliperCore
import Foundation

/// One Inspect log as JSON documents, from either container: the `.eval` zip (`header.json`,
/// `samples/<id>_epoch_<n>.json`, `reductions.json`) or the single `.json` log (`inspect log
/// convert --to json`, or `--log-format json`), which holds the same documents under `samples`
/// and `reductions`. Both read into the same values, so both import to the same run.
///
/// ```swift
/// var files = SourceFiles(root: logs)
/// let log = try InspectLogFile.read(logs.appending(path: "2026-12-07T16-03-44-00-00_mock-words_Wv.eval"), files: &files)
/// log.samples.count   // 16
/// ```
struct InspectLogFile {
    enum Container: String {
        case eval
        case json
    }

    /// One JSON document and the file (or archive member) it came from, for errors.
    struct Document {
        var value: JSONValue
        var file: URL
    }

    let container: Container
    /// Everything but the samples and reductions: `version`, `status`, `eval`, `plan`, `results`, `stats`.
    let header: Document
    let samples: [Document]
    /// `reductions.json`: per-sample scores reduced over epochs, one list per scorer; nil when absent.
    let reductions: Document?

    static func read(_ url: URL, files: inout SourceFiles) throws -> InspectLogFile {
        url.pathExtension.lowercased() == "eval" ? try readArchive(url, files: &files) : try readJSON(url, files: &files)
    }

    private static func readArchive(_ url: URL, files: inout SourceFiles) throws -> InspectLogFile {
        let archive = try InspectArchive(data: try files.data(url), file: url)
        guard archive.contains("header.json") else {
            if archive.contains("_journal/start.json") {
                throw ImportError(
                    file: archive.location(of: "header.json"),
                    reason: "missing: the eval has not finished (only _journal/start.json), so there are no results yet")
            }
            throw ImportError(file: archive.location(of: "header.json"), reason: "missing: not an Inspect .eval log")
        }
        let header = Document(value: try archive.json("header.json"), file: archive.location(of: "header.json"))
        let samples = try archive.names(under: "samples/").filter { $0.hasSuffix(".json") }.map {
            Document(value: try archive.json($0), file: archive.location(of: $0))
        }
        var reductions: Document?
        if archive.contains("reductions.json") {
            reductions = Document(value: try archive.json("reductions.json"), file: archive.location(of: "reductions.json"))
        }
        return InspectLogFile(container: .eval, header: header, samples: samples, reductions: reductions)
    }

    private static func readJSON(_ url: URL, files: inout SourceFiles) throws -> InspectLogFile {
        let value = try files.json(url)
        let reader = JSONFields(file: url)
        guard var root = value.objectValue else {
            throw reader.error("", "expected a JSON object, found \(JSONFields.kind(of: value))")
        }
        var samples: [Document] = []
        if let list = root.removeValue(forKey: "samples"), !list.isNull {
            samples = try reader.array(list, "samples").map { Document(value: $0, file: url) }
        }
        let reductions = root.removeValue(forKey: "reductions").flatMap { $0.isNull ? nil : Document(value: $0, file: url) }
        return InspectLogFile(
            container: .json, header: Document(value: .object(root), file: url), samples: samples, reductions: reductions)
    }

    // MARK: Recognizing

    /// A `.eval` file that starts like a zip archive.
    static func isEvalArchive(_ url: URL) -> Bool {
        guard url.pathExtension.lowercased() == "eval", let head = prefix(of: url, length: 4) else { return false }
        return head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// A `.json` file whose first 64 KiB hold an eval spec (`"eval"`, `"task"`, its ids or
    /// generate config). Inspect writes `version`, `status` and `eval` first; its `logs.json`
    /// listing, which holds the same spec per log, is keyed by file names and is not a log.
    static func isJSONLog(_ url: URL) -> Bool {
        guard url.pathExtension.lowercased() == "json", let head = prefix(of: url, length: 64 * 1024) else { return false }
        let text = String(decoding: head, as: UTF8.self)
        guard let first = text.firstMatch(of: /^\s*\{\s*"([^"]*)"/) else { return false }
        let key = first.1.lowercased()
        if key.hasSuffix(".eval") || key.hasSuffix(".json") { return false }
        return text.contains("\"eval\"") && text.contains("\"task\"")
            && (text.contains("\"task_id\"") || text.contains("\"model_generate_config\"") || text.contains("\"inspect_ai\""))
            && (text.contains("\"run_id\"") || text.contains("\"eval_id\"") || text.contains("\"created\""))
    }

    /// The first `length` bytes of a regular file; nil for anything else.
    static func prefix(of url: URL, length: Int) -> Data? {
        guard (try? SourceFiles.checkRegularFile(url)) != nil, let handle = try? FileHandle(forReadingFrom: url) else {
            return nil
        }
        defer { try? handle.close() }
        return try? handle.read(upToCount: length)
    }
}
