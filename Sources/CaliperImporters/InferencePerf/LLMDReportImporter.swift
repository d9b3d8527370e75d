import CaliperCore
import Foundation

/// llm-d Benchmark Reports (``LLMDBenchmarkReport``, BR v0.1 and v0.2.x): a single report file is
/// one run of one point; a folder of them (`benchmark-report` writes one per stage) is put
/// together into sweeps by ``SweepAssembly`` in the order the stages ran (`run.time.start`,
/// else `scenario.load.standardized.stage`, else the file name).
///
/// ```text
/// results/
///   benchmark_report_v0.2_stage_0.yaml   version 0.2.1, rate_qps 4, 8 requests
///   benchmark_report_v0.2_stage_1.yaml   version 0.2.1, rate_qps 8, 16 requests
/// ```
///
/// Identity comes from the report's standardized fields: the first `inference_engine` of
/// `scenario.stack` (engine `tool` and `tool_version`, `model.name`, `accelerator.model` and
/// `count` × `replicas`), or v0.1's `scenario.model`, `platform.engine` and `host.accelerator`.
/// A report without a model name (the converter run outside llm-d-benchmark's harness writes no
/// stack) is an error naming the file. inference-perf's own partials
/// (`inference-perf.partial.stage_<i>.yaml`) are slices, not reports: ``InferencePerfImporter``
/// reads them with their stage.
public enum LLMDReportImporter: ResultImporter {
    public static let name = "llm-d-report"

    static let extensions: Set<String> = ["yaml", "yml", "json"]
    /// Files read from a folder at most: a folder of thousands of YAML files is not one sweep.
    static let maximumReports = 10_000

    public static func recognizes(_ location: URL) -> Bool {
        if isDirectory(location) {
            // A folder of inference-perf reports is that tool's; its partials are not reports.
            guard !InferencePerfImporter.recognizes(location) else { return false }
            return !reportFiles(in: location, limit: 64).isEmpty
        }
        return isReport(location)
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        guard isDirectory(location) else { return [try read(location, root: location.deletingLastPathComponent()).run] }
        let files = reportFiles(in: location, limit: maximumReports)
        guard !files.isEmpty else {
            throw ImportError(file: location, reason: "no benchmark report (.yaml, .yml, .json with a BR version) in it")
        }
        var members = try files.map { try read($0, root: location) }
        members.sort { lhs, rhs in
            switch (lhs.report.start, rhs.report.start) {
            case (let left?, let right?) where left != right: return left < right
            default:
                let stages = (lhs.report.stage ?? Int.max, rhs.report.stage ?? Int.max)
                if stages.0 != stages.1 { return stages.0 < stages.1 }
                return lhs.file.lastPathComponent < rhs.file.lastPathComponent
            }
        }
        return SweepAssembly.assemble(members.map {
            SweepAssembly.Member(run: $0.run, start: $0.report.start, end: $0.report.end)
        })
    }

    /// One report as a one-point run; hashed relative to `root`, so a moved folder hashes the same.
    static func read(_ file: URL, root: URL) throws -> (file: URL, report: LLMDBenchmarkReport, run: Run) {
        var files = SourceFiles(root: root)
        let report = try LLMDBenchmarkReport(try files.yaml(JSONValue.self, from: file), file: file)
        guard let model = report.model, model != "" else {
            let field = report.version == "0.1" ? "scenario.model.name" : "scenario.stack[].standardized.model.name"
            throw ImportError(file: file, field: field, reason: "missing: the report names no model")
        }
        guard let requests = report.requests else {
            let base = report.version == "0.1" ? "metrics" : "results.request_performance.aggregate"
            throw ImportError(file: file, field: "\(base).requests.total", reason: "missing: the report counts no requests")
        }
        let point = PerfPoint(
            concurrency: report.concurrency, requestRate: report.concurrency == nil ? report.requestRate : nil,
            requests: requests, durationSeconds: report.durationSeconds, metrics: report.metrics)
        let run = Run(
            kind: .perf, model: ModelIdentity(name: model), engine: report.engine, hardware: report.hardware,
            source: SourceInfo(tool: name, version: report.version, format: report.format, path: file.path(percentEncoded: false)),
            runAt: report.start.map { RunTime(date: $0, zone: TimeZone(secondsFromGMT: 0) ?? .gmt, origin: .source) },
            contentHash: files.contentHash(kind: name), points: [point])
        return (file, report, run)
    }

    // MARK: Recognition

    /// The report files directly in `folder`, by name, at most `limit` looked at.
    static func reportFiles(in folder: URL, limit: Int) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))) ?? []
        return names.sorted().lazy
            .filter { extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) && !$0.hasPrefix(".") }
            .prefix(limit)
            .map { folder.appending(path: $0) }
            .filter(isReport)
    }

    /// A YAML or JSON file whose first 64 KB declare a BR version and a BR section; inference-perf's
    /// partials (`*.partial.*`) are not reports on their own.
    static func isReport(_ file: URL) -> Bool {
        let name = file.lastPathComponent
        guard extensions.contains(file.pathExtension.lowercased()), !name.contains(".partial."), !isDirectory(file),
              (try? SourceFiles.checkRegularFile(file)) != nil,
              let handle = try? FileHandle(forReadingFrom: file)
        else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 * 1024) else { return false }
        let text = String(decoding: data, as: UTF8.self)
        // YAML: top-level keys. JSON (any nesting): the v0.2 results block, or v0.1's three.
        if text.contains(/(?m)^version:\s*['"]?0\.[12]/) {
            return text.contains(/(?m)^(results|scenario|metrics):/)
        }
        guard text.contains(/"version"\s*:\s*"?0\.[12]/) else { return false }
        return text.contains("\"request_performance\"")
            || text.contains("\"scenario\"") && text.contains("\"metrics\"") && text.contains("\"load\"")
    }

    static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path(percentEncoded: false), isDirectory: &directory) && directory.boolValue
    }
}
