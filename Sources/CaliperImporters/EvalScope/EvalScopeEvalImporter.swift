import CaliperCore
import Foundation

/// `evalscope eval` output folders (`<work_dir>/<YYYYMMDD_HHMMSS>/`) of every EvalScope version,
/// 0.13 to 1.14: scores from `reports/`, per-sample answers from `reviews/`, keys from
/// `configs/task_config*.yaml`.
///
/// ```swift
/// let run = try EvalScopeEvalImporter.read(URL(fileURLWithPath: "outputs/20261124_190016"))
/// run.scores.first { $0.isPrimary }?.metric   // "accuracy"
/// ```
public enum EvalScopeEvalImporter: SingleRunImporter {
    public static let name = "evalscope-eval"

    public static func recognizes(_ directory: URL) -> Bool {
        if EvalScopeEvalConfig.file(in: directory) != nil { return true }
        let reports = directory.appending(path: "reports")
        let models = (try? FileManager.default.contentsOfDirectory(atPath: reports.path)) ?? []
        return models.contains { model in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: reports.appending(path: model).path)) ?? []
            return names.contains { $0.hasSuffix(".json") }
        }
    }

    public static func read(_ directory: URL) throws -> Run {
        var files = SourceFiles(root: directory)

        let configFile = EvalScopeEvalConfig.file(in: directory)
        let config = try configFile.map { try files.yaml(EvalScopeEvalConfig.self, from: $0) }
        if let configFile, let repeats = config?.repeats, let reason = ValueDomain.repeats.violation(repeats) {
            throw ImportError.invalid(file: configFile, field: "repeats", value: "\(repeats)", reason: reason)
        }

        let modelFolder = try reportFolder(in: directory, modelID: config?.modelID ?? config?.model)
        let reportFiles = ((try? FileManager.default.contentsOfDirectory(atPath: modelFolder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
            .map { modelFolder.appending(path: $0) }
        if reportFiles.isEmpty {
            throw ImportError(file: modelFolder, reason: "no report (<dataset>.json)")
        }
        var reports: [EvalScopeEvalReport] = []
        for file in reportFiles {
            reports.append(try EvalScopeEvalReport(file: file, json: try files.json(file)))
        }
        if let first = reports.first, let other = reports.first(where: { $0.layout != first.layout }) {
            throw ImportError(
                file: other.file,
                reason: "report layout differs from \(first.file.lastPathComponent) (flat metric names vs schema_version 2)"
            )
        }
        var reportByDataset: [String: EvalScopeEvalReport] = [:]
        for report in reports {
            if let earlier = reportByDataset[report.dataset] {
                throw ImportError(
                    file: report.file, field: "dataset_name",
                    reason: "\(report.dataset) is also the dataset of \(earlier.file.lastPathComponent): one report per dataset")
            }
            reportByDataset[report.dataset] = report
        }
        let primaryByDataset = reportByDataset.mapValues(\.primaryMetric)

        let reviewFolder = directory.appending(path: "reviews").appending(path: modelFolder.lastPathComponent)
        let predictionFolder = directory.appending(path: "predictions").appending(path: modelFolder.lastPathComponent)
        var reviews: [EvalScopeEvalReviews] = []
        var warnings: [String] = []
        let reviewFiles = EvalScopeEvalReviews.files(in: reviewFolder, datasets: Set(primaryByDataset.keys))
        for name in EvalScopeEvalReviews.reviewFileNames(in: reviewFolder)
        where !reviewFiles.contains(where: { $0.url.lastPathComponent == name }) {
            warnings.append("\(files.relativePath(reviewFolder.appending(path: name))): no report names its dataset; its samples are left out")
        }
        for match in reviewFiles {
            let lines = try files.jsonLines(match.url)
            if lines.isEmpty {
                warnings.append(
                    "\(files.relativePath(match.url)): empty; no samples of \(match.dataset)/\(match.subset) are stored (its scores are)")
                continue
            }
            var review = try EvalScopeEvalReviews(
                dataset: match.dataset, subset: match.subset, file: match.url, lines: lines,
                primaryMetric: primaryByDataset[match.dataset] ?? nil, repeats: config?.repeats
            )
            let prediction = predictionFolder.appending(path: match.url.lastPathComponent)
            if review.lacksUsage, FileManager.default.fileExists(atPath: prediction.path) {
                try review.fillUsage(fromPredictions: try files.jsonLines(prediction), file: prediction)
            }
            reviews.append(review)
        }

        let format = EvalScopeEvalFormat(config: config, configFile: configFile, reports: reports, reviews: reviews)
        let datasets = config?.datasets ?? reports.map(\.dataset)
        let generation = config?.generation ?? GenerationConfig()
        var run = Run(
            kind: .eval,
            model: config?.modelIdentity(fallbackName: modelFolder.lastPathComponent)
                ?? ModelIdentity(name: reports.compactMap(\.modelName).first ?? modelFolder.lastPathComponent),
            generationConfig: generation,
            workload: Workload(
                api: config?.evalType,
                endpoint: config?.apiURL.flatMap(Workload.endpointPath(of:)),
                url: config?.apiURL,
                dataset: Set(datasets).sorted().joined(separator: ","),
                outputLength: config?.outputLength
            ),
            source: SourceInfo(
                tool: "evalscope", version: format.version, format: format.name,
                path: directory.path(percentEncoded: false)
            ),
            runAt: RunTimestamp.fromFolderNames(directory),
            contentHash: files.contentHash(kind: name),
            scores: reports.flatMap(\.scores),
            samples: reviews.flatMap(\.samples)
        )
        run.warnings = warnings
        return run
    }

    /// `reports/<model_id>/`: the config's model folder, else the only one there is.
    private static func reportFolder(in directory: URL, modelID: String?) throws -> URL {
        let reports = directory.appending(path: "reports")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: reports.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportError(file: reports, reason: "missing: no reports folder")
        }
        let models = ((try? FileManager.default.contentsOfDirectory(
            at: reports, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]
        )) ?? []).filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        if let modelID, let folder = models.first(where: { $0.lastPathComponent == modelID }) { return folder }
        if let modelID, let folder = models.first(where: { $0.lastPathComponent == URL(fileURLWithPath: modelID).lastPathComponent }) {
            return folder
        }
        guard models.count == 1, let only = models.first else {
            let reason = models.isEmpty
                ? "no report: expected reports/<model>/<dataset>.json"
                : "several model folders (\(models.map(\.lastPathComponent).sorted().joined(separator: ", "))) and no config naming one"
            throw ImportError(file: reports, reason: reason)
        }
        return only
    }
}
