import CaliperCore
import Foundation

/// One lm-evaluation-harness results file and where its per-sample files are.
///
/// Two layouts: 0.4.3+ writes `results_<date_id>.json` (or `<stem>_<date_id>.json` when
/// `--output_path` names a `.json` file) and `samples_<task>_<date_id>.jsonl` beside it, with
/// `date_id` the local save time (`2026-12-07T16-05-01.830197`); 0.4.0–0.4.2 wrote `results.json`
/// and `<model_args, / and = as __>_<task>.jsonl`, a JSON list despite its name.
///
/// ```swift
/// let file = LMEvalResultsFile(URL(fileURLWithPath: "out/sample-llm/results_2026-12-07T16-05-01.830197.json"))
/// file?.layout   // .dated
/// file?.samplesFile(task: "sample_keyword", modelArgs: nil)?.lastPathComponent
/// // samples_sample_keyword_2026-12-07T16-05-01.830197.jsonl
/// ```
struct LMEvalResultsFile {
    enum Layout: String {
        /// 0.4.0 – 0.4.2: `results.json`, samples as JSON lists.
        case plain = "results-v1"
        /// 0.4.3+: `results_<date_id>.json`, samples as JSON Lines.
        case dated = "results-v2"
    }

    let url: URL
    let layout: Layout
    /// The save time in the name (dated layout): `2026-12-07T16-05-01.830197`.
    let dateID: String?

    /// A results file by its name; nil for other names. `anyName` also takes a plain `.json`
    /// of another name (a file given directly, as 0.4.0 – 0.4.2 `--output_path x.json` wrote it).
    init?(_ url: URL, anyName: Bool = false) {
        guard url.pathExtension == "json" else { return nil }
        let stem = url.deletingPathExtension().lastPathComponent
        self.url = url
        if let match = stem.wholeMatch(of: /.+_(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d+)?)/) {
            layout = .dated
            dateID = String(match.1)
        } else if stem == "results" || anyName {
            layout = .plain
            dateID = nil
        } else {
            return nil
        }
    }

    /// Whether `url` is a results file: its name, then its first 64 KiB (a JSON object with a
    /// `results` section and lm-eval's `<metric>_stderr,<filter>` keys or `n-shot`).
    static func recognizes(_ url: URL, anyName: Bool) -> Bool {
        guard LMEvalResultsFile(url, anyName: anyName) != nil, let head = InspectLogFile.prefix(of: url, length: 64 * 1024) else {
            return false
        }
        let text = String(decoding: head, as: UTF8.self)
        guard text.drop(while: \.isWhitespace).first == "{", text.contains("\"results\"") else { return false }
        return text.contains("_stderr,") || text.contains("\"n-shot\"")
    }

    /// The results files directly in a folder, oldest first (the date in the name is the save time).
    static func files(in directory: URL) -> [LMEvalResultsFile] {
        let children = (try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])) ?? []
        return children.filter { recognizes($0, anyName: false) }.compactMap { LMEvalResultsFile($0) }
            .sorted { ($0.dateID ?? "", $0.url.lastPathComponent) < ($1.dateID ?? "", $1.url.lastPathComponent) }
    }

    /// The per-sample file of `task`, when it exists. `modelArgs` is the raw `config.model_args`
    /// string, which names the plain layout's files.
    func samplesFile(task: String, modelArgs: String?) -> URL? {
        let folder = url.deletingLastPathComponent()
        let name: String
        switch layout {
        case .dated:
            guard let dateID else { return nil }
            name = "samples_\(task)_\(dateID).jsonl"
        case .plain:
            guard let modelArgs else { return nil }
            name = modelArgs.replacingOccurrences(of: "/", with: "__").replacingOccurrences(of: "=", with: "__") + "_\(task).jsonl"
        }
        let candidate = folder.appending(path: name)
        return FileManager.default.fileExists(atPath: candidate.path(percentEncoded: false)) ? candidate : nil
    }

    /// The save time in the name as a zone-less local time, `2026-12-07T16:05:01`.
    var localSaveTime: String? {
        guard let dateID, dateID.count >= 19 else { return nil }
        var text = Array(dateID.prefix(19))
        text[13] = ":"
        text[16] = ":"
        return String(text)
    }
}
