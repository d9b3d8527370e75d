import CaliperAnalysis
import CaliperCore
import CaliperImporters
import CaliperReports
import CaliperStore
import Foundation

/// Imports result folders and bundles into the store: find, read, annotate, judge validity, store —
/// each folder on its own, so one bad folder is reported and skipped while the rest go in.
///
/// A bundle (``RunBundle``, a file rather than a folder) is read and checked whole before any of
/// its runs is stored, so a bad bundle stores nothing; then each run is stored in its own
/// transaction, keeping its `ingestedAt`, and one already stored is skipped.
struct Ingestion {
    struct Entry: Encodable {
        var path: String
        var id: Int64?
        var kind: String?
        var model: String?
        var error: String?
        /// What the importer left out on purpose (an empty optional file).
        var warnings: [String]?
        /// Why the run is invalid under the policy it was judged by.
        var invalid: String?
        /// For a duplicate stored with other annotations: how to apply them.
        var hint: String?
    }

    struct Report: Encodable {
        var stored: [Entry] = []
        var duplicates: [Entry] = []
        var failed: [Entry] = []
    }

    let store: Store
    /// What the user said (`--engine`, `--hardware`, `--label`): wins over the files.
    let annotations: RunAnnotations
    /// The policy whose validity rules each run is judged by as it is stored.
    let policy: GatePolicy
    /// What probes found (`caliper run`): fills only what the files left unknown.
    var probed = RunAnnotations()

    /// Ingests every result under `paths`; `progress` is told of each outcome as it happens.
    func ingest(_ paths: [String], recursive: Bool, progress notify: (String) -> Void = { _ in }) -> Report {
        // Lines name models and paths from the result files: escaped before they reach a terminal.
        func progress(_ line: String) { notify(TerminalText.safe(line)) }
        var report = Report()
        for path in paths {
            let root = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: root.path) else {
                let entry = Entry(path: path, error: "\(path): no such file or directory")
                report.failed.append(entry)
                progress("error: \(entry.error!)")
                continue
            }
            if BundleFile.claims(root.path) {
                ingestBundle(path, into: &report, progress: progress)
                continue
            }
            // A folder of bundles, as a CI artifact download leaves them.
            let bundles = BundleFile.find(in: root, recursive: recursive)
            for bundle in bundles { ingestBundle(display(bundle, given: path, root: root), into: &report, progress: progress) }
            for found in ResultDiscovery.find(in: root, recursive: recursive) {
                switch found {
                case .unrecognized(let url) where !bundles.isEmpty && url.standardizedFileURL == root.standardizedFileURL:
                    continue
                case .unrecognized(let url):
                    let shown = display(url, given: path, root: root)
                    let hint = recursive ? "no result of a format Caliper reads found in it"
                        : "not a result of a format Caliper reads (try --recursive)"
                    let entry = Entry(path: shown, error: "\(shown): \(hint)")
                    report.failed.append(entry)
                    progress("error: \(entry.error!)")
                case .result(let url, let importerName):
                    let shown = display(url, given: path, root: root)
                    let runs: [Run]
                    do {
                        guard let importer = Importers.named(importerName), importer.recognizes(url) else {
                            throw ImportError(file: url, reason: "no longer recognized as a result")
                        }
                        runs = try importer.readRuns(url)
                        guard !runs.isEmpty else { throw ImportError(file: url, reason: "holds no run") }
                    } catch {
                        let entry = Entry(path: shown, error: String(describing: error))
                        report.failed.append(entry)
                        progress("error: \(entry.error!)")
                        continue
                    }
                    // Each run of a result (a sweep's repeats, lines appended to one file) in its own transaction.
                    for (index, run) in runs.enumerated() {
                        var run = run
                        run.source.path = shown
                        let label = runs.count == 1 ? shown : "\(shown) (run \(index + 1) of \(runs.count))"
                        do {
                            try store(run, shown: label, ingestedAt: Date(), into: &report, progress: progress)
                        } catch {
                            let entry = Entry(path: label, error: String(describing: error))
                            report.failed.append(entry)
                            progress("error: \(entry.error!)")
                        }
                    }
                }
            }
        }
        return report
    }

    /// Annotates, judges and stores one run, and reports what became of it.
    private func store(
        _ run: Run, shown: String, ingestedAt: Date, edits: [RunBundle.Edit] = [], into report: inout Report,
        progress: (String) -> Void
    ) throws {
        var run = run
        annotations.apply(to: &run)
        probed.fill(&run)
        let invalid = RunValidity.invalidReason(of: run, policy: policy)
        let outcome = try store.ingest(run, ingestedAt: ingestedAt, invalidReason: invalid, edits: edits)
        for warning in run.warnings { progress("warning: \(shown)/\(warning)") }
        let entry = Entry(
            path: shown, id: outcome.runID, kind: run.kind.rawValue, model: run.model.name,
            warnings: run.warnings.isEmpty ? nil : run.warnings, invalid: invalid)
        switch outcome {
        case .stored(let id):
            report.stored.append(entry)
            progress("stored run \(id): \(run.kind.rawValue) \(run.model.name), \(summary(run)) from \(shown)"
                + (invalid.map { "; invalid: \($0)" } ?? ""))
        case .duplicate(let id):
            // Ingest never changes a stored run: say how annotate would apply new annotations.
            let hint = try store.run(id: id).flatMap { AnnotationHint.text(given: annotations, stored: $0.run, id: id) }
            var duplicate = entry
            duplicate.hint = hint
            report.duplicates.append(duplicate)
            progress("already stored as run \(id): \(shown)" + (hint.map { "; \($0)" } ?? ""))
        }
    }

    /// Every run of a bundle file, after the whole file is read and checked.
    private func ingestBundle(_ path: String, into report: inout Report, progress: (String) -> Void) {
        let bundle: RunBundle
        do {
            bundle = try BundleFile.read(path)
        } catch {
            let entry = Entry(path: path, error: (error as? CommandFailure)?.message ?? String(describing: error))
            report.failed.append(entry)
            progress("error: \(entry.error!)")
            return
        }
        for (index, entry) in bundle.runs.enumerated() {
            let shown = bundle.runs.count == 1 ? path : "\(path) (run \(index + 1) of \(bundle.runs.count))"
            do {
                // Checked by RunBundle.decode: a bundle's time is kept, so the run lists as it did where it came from.
                let ingestedAt = entry.ingestedAt.flatMap(RunBundle.parseTime) ?? Date()
                try store(
                    entry.run, shown: shown, ingestedAt: ingestedAt, edits: entry.edits ?? [], into: &report, progress: progress)
            } catch {
                let failed = Entry(path: shown, error: String(describing: error))
                report.failed.append(failed)
                progress("error: \(failed.error!)")
            }
        }
    }

    /// Shows a progress line: errors and warnings on stderr, the rest on stdout.
    static func show(_ line: String) {
        if line.hasPrefix("error: ") {
            Console.error(String(line.dropFirst("error: ".count)))
        } else if line.hasPrefix("warning: ") {
            Console.error(line)
        } else {
            Console.print(line + "\n")
        }
    }

    private func summary(_ run: Run) -> String {
        switch run.kind {
        case .perf:
            RunSize(kind: .perf, parts: run.points.count, rows: run.points.reduce(0) { $0 + $1.records.count }).description
        case .eval:
            RunSize(kind: .eval, parts: Set(run.scores.map(\.dataset)).count, rows: run.samples.count).description
        }
    }

    /// The folder as the user would write it: the given path, extended below it.
    private func display(_ url: URL, given: String, root: URL) -> String {
        let rootPath = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(rootPath), path != rootPath else { return given }
        let below = path.dropFirst(rootPath.count).drop { $0 == "/" }
        return given.hasSuffix("/") ? given + below : given + "/" + below
    }
}
