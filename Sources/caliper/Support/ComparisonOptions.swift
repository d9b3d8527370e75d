import ArgumentParser
import CaliperAnalysis
import CaliperReports
import CaliperStore
import Foundation

/// What `compare` and `gate` share: the policy, the allowed differences, loading the two runs,
/// and writing reports.
struct ComparisonOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The gate policy (YAML). Default: ./caliper.yaml if present, else the built-in defaults.", valueName: "file"))
    var policy: String?

    @Option(name: .customLong("allow-diff"), help: ArgumentHelp(
        "A key the runs may differ in (repeatable or comma-separated), e.g. reasoning_effort, hardware.",
        valueName: "field"))
    var allowDiff: [String] = []

    var allowed: Set<String> {
        Set(allowDiff.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    func loadPolicy() throws -> GatePolicy {
        let path: String
        if let policy {
            path = policy
        } else if FileManager.default.fileExists(atPath: "caliper.yaml") {
            path = "caliper.yaml"
        } else {
            return .standard
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "\(path): cannot read the policy file")
        }
        do {
            var loaded = try GatePolicy(yaml: String(decoding: data, as: UTF8.self))
            loaded.source = path
            return loaded
        } catch {
            throw CommandFailure(message: "\(path): \(error)")
        }
    }

    /// Loads both runs with their request and sample rows, and compares them under `policy`, else
    /// the policy these options name.
    func compare(baseline: String, candidate: String, store: Store, policy given: GatePolicy? = nil) throws -> RunComparison {
        let policy = try given ?? loadPolicy()
        let base = try load(baseline, role: "baseline", store: store)
        let cand = try load(candidate, role: "candidate", store: store)
        guard base.id != cand.id else {
            throw CommandFailure(message: "the baseline and the candidate are the same run \(base.id)")
        }
        return RunComparator.compare(
            baseline: base.run, baselineID: base.id, candidate: cand.run, candidateID: cand.id,
            policy: policy, allowing: allowed)
    }

    private func load(_ text: String, role: String, store: Store) throws -> StoredRun {
        do {
            return try store.run(selectedBy: try RunSelector.parse(text), detail: .full)
        } catch let error as SelectorError {
            throw CommandFailure(message: "\(role): \(error)")
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
    }
}

/// The forms a comparison renders to.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case markdown
    case html
    case json
    case junit

    /// From a file name: `.md`, `.html`, `.json`, `.xml`.
    init(path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        case "json": self = .json
        case "xml": self = .junit
        case "txt": self = .table
        default:
            throw CommandFailure(message: "\(path): unknown report type (use .md, .html, .json, .xml or .txt)")
        }
    }

    func render(_ comparison: RunComparison, color: Bool = false) throws -> String {
        switch self {
        case .table: ComparisonReport.terminal(comparison, color: color)
        case .markdown: ComparisonReport.markdown(comparison)
        case .html: ComparisonReport.html(comparison)
        case .json: try ComparisonReport.json(comparison)
        case .junit: ComparisonReport.junit(comparison)
        }
    }

    var fileExtension: String {
        switch self {
        case .table: "txt"
        case .markdown: "md"
        case .html: "html"
        case .json: "json"
        case .junit: "xml"
        }
    }

    /// Writes the report to `path` (whole file, replaced atomically).
    func write(_ comparison: RunComparison, to path: String) throws {
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(try render(comparison).utf8).write(to: url, options: .atomic)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(message: "\(path): cannot write the report: \(error.localizedDescription)")
        }
    }
}
