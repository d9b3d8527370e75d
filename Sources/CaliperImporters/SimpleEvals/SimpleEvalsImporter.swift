import CaliperCore
import Foundation

/// The metrics files of openai/simple-evals (`simple_evals.py`) and gpt-oss's `gpt_oss.evals`:
/// `/tmp/{eval}_{model}[_temp{T}]_{YYYYmmdd_HHMMSS}[_DEBUG].json`, one run each, or a folder
/// directly holding such files (one run per file, oldest first).
///
/// ```swift
/// let run = try SimpleEvalsImporter.read(URL(fileURLWithPath: "/tmp/gpqa_gpt-oss-20b-low_temp1.0_20251112_140512.json"))
/// run.scores.first { $0.isPrimary }?.score                   // 0.5688131313131313
/// run.generationConfig.reasoningEffort                        // "low"
/// ```
///
/// The file holds numbers only; model, reasoning effort, temperature and time come from its name
/// (``SimpleEvalsFileName``), scores from its content (``SimpleEvalsMetrics``). The
/// `{same stem}_allresults.json` beside it is not read: its per-example score exists only inside
/// the rendered HTML (`<p>Score: 1.0</p>`) and it names no question (GPQA's 8 repeats of a question
/// differ by a shuffle of the choices), so it can give no sample a run could pair; the `.html`
/// report neither. Neither tool writes its version: `source.version` is nil.
public enum SimpleEvalsImporter: ResultImporter {
    public static let name = "simple-evals"

    /// The most of a file `recognizes` reads: metrics files are a few hundred bytes.
    static let sniffLimit = 64 << 10

    public static func recognizes(_ location: URL) -> Bool {
        if ResultDiscovery.isDirectory(location) { return !metricsFiles(in: location).isEmpty }
        return isMetricsFile(location)
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        guard ResultDiscovery.isDirectory(location) else { return [try read(location)] }
        let files = metricsFiles(in: location)
        if files.isEmpty {
            throw ImportError(file: location, reason: "no metrics file ({eval}_{model}_{YYYYmmdd_HHMMSS}.json)")
        }
        let runs = try files.map(read)
        // Oldest first; files without a time (old simple-evals) after, by name.
        return runs.enumerated().sorted { lhs, rhs in
            switch (lhs.element.runAt, rhs.element.runAt) {
            case let (left?, right?) where left != right: left < right
            case (_?, nil): true
            case (nil, _?): false
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    /// One metrics file as one run.
    /// - Throws: ``ImportError`` naming the file and the key (or `file name`) that is wrong.
    public static func read(_ file: URL) throws -> Run {
        guard let fileName = SimpleEvalsFileName(file.lastPathComponent) else {
            throw ImportError(
                file: file, field: "file name",
                reason: "not {eval}_{model}[_temp{T}]_{YYYYmmdd_HHMMSS}[_DEBUG].json as simple-evals and gpt_oss.evals name results")
        }
        var files = SourceFiles(root: file.deletingLastPathComponent())
        let metrics = try SimpleEvalsMetrics(file: file, json: try files.json(file), dataset: fileName.eval)

        var generation: [String: JSONValue] = [:]
        if let effort = fileName.reasoningEffort { generation["reasoning_effort"] = .string(effort) }
        if let temperature = try fileName.temperature(file: file) { generation["temperature"] = .double(temperature) }
        var warnings = metrics.warnings
        if fileName.shape == .gptOSSEvals, fileName.reasoningEffort == nil {
            warnings.append("\(file.lastPathComponent): no -low/-medium/-high after the model; reasoning effort unknown")
        }
        if fileName.isDebug {
            warnings.append("\(file.lastPathComponent): a --debug run (a few examples, one repeat), not the full eval")
        }

        var run = Run(
            kind: .eval,
            model: ModelIdentity(name: fileName.model),
            generationConfig: GenerationConfig(generation),
            workload: Workload(dataset: fileName.eval),
            labels: fileName.isDebug ? ["debug": "true"] : [:],
            source: SourceInfo(tool: name, version: nil, format: fileName.shape.rawValue, path: file.path(percentEncoded: false)),
            runAt: try fileName.runAt(file: file, zone: .current),
            contentHash: files.contentHash(kind: name),
            scores: metrics.scores
        )
        run.warnings = warnings
        return run
    }

    /// The metrics files directly in `folder`, by name.
    static func metricsFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") && SimpleEvalsFileName($0) != nil }
            .map { folder.appending(path: $0) }
            .filter(isMetricsFile)
    }

    /// A file named like a metrics file whose first bytes are a flat object of numbers with `score`.
    static func isMetricsFile(_ file: URL) -> Bool {
        guard SimpleEvalsFileName(file.lastPathComponent) != nil,
            (try? SourceFiles.checkRegularFile(file)) != nil,
            let handle = try? FileHandle(forReadingFrom: file)
        else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: sniffLimit + 1), data.count <= sniffLimit else { return false }
        return SimpleEvalsMetrics.sniff(data)
    }
}
