import CaliperCore
import Foundation

/// `evalscope perf` output folders of every EvalScope version (0.8 … 1.14): one ``Run`` with one
/// ``PerfPoint`` per `parallel_<P>_number_<N>/` or `rate_<R>_number_<N>/` folder, or one point
/// for the flat layout (≤ 1.4, single run).
///
/// The summary layout (generations A–G, see ``EvalScopePerfGeneration``) says which keys hold
/// which metric and in which unit; the request database adds one record per request.
public enum EvalScopePerfImporter: SingleRunImporter {
    public static let name = "evalscope-perf"

    static let summaryFile = "benchmark_summary.json"
    static let percentileFile = "benchmark_percentile.json"
    static let argsFile = "benchmark_args.json"
    static let databaseFile = "benchmark_data.db"
    static let logFile = "benchmark.log"

    /// A run root holds a summary, point folders, or (a failed run) only `benchmark.log`.
    public static func recognizes(_ directory: URL) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false))
        else { return false }
        return names.contains { $0 == summaryFile || $0 == logFile || PointFolder(name: $0) != nil }
    }

    public static func read(_ directory: URL) throws -> Run {
        var files = SourceFiles(root: directory)
        var points = try pointFolders(in: directory).map { try readPoint($0, files: &files) }
        if points.isEmpty {
            let summary = directory.appending(path: summaryFile)
            guard exists(summary) else {
                let log = directory.appending(path: logFile)
                if exists(log) { throw try failedRun(log: log, files: &files) }
                throw ImportError(file: summary, reason: "missing: not an evalscope perf result")
            }
            points = [try readPoint(PointLocation(url: directory, folder: nil), files: &files)]
        }
        points = ordered(points)

        let first = points[0]
        for point in points.dropFirst() {
            if point.summary.generation != first.summary.generation {
                throw ImportError(
                    file: point.location.url.appending(path: summaryFile),
                    reason: "layout \(point.summary.generation.format) differs from \(first.summary.generation.format) of the first point")
            }
            for key in ["model", "url", "dataset"] where point.args.fields[key] != first.args.fields[key] {
                throw ImportError(
                    file: point.location.url.appending(path: argsFile), field: key,
                    reason: "differs between points of one run (\(first.args.fields[key]?.canonicalJSON ?? "absent") vs \(point.args.fields[key]?.canonicalJSON ?? "absent"))")
            }
        }

        var evidence = EvalScopePerfEvidence()
        evidence.summaryKeys = points.reduce(into: Set()) { $0.formUnion($1.summary.keys) }
        evidence.databaseColumns = points.lazy.compactMap(\.databaseColumns).first ?? []
        evidence.percentileLabels = points.lazy.compactMap(\.summary.percentileLabels).first
        evidence.hasHTMLReport = exists(directory.appending(path: "perf_report.html"))
        let generation = first.summary.generation

        return Run(
            kind: .perf,
            model: ModelIdentity(name: try first.args.requiredString("model"), tokenizer: try first.args.string("tokenizer_path")),
            generationConfig: try generationConfig(first.args),
            workload: try workload(first.args),
            source: SourceInfo(
                tool: "evalscope", version: generation.versionRange(evidence), format: generation.format,
                path: directory.path(percentEncoded: false)),
            runAt: RunTimestamp.fromFolderNames(directory),
            contentHash: files.contentHash(kind: name),
            points: points.map(\.point))
    }

    // MARK: Layout

    /// `parallel_<P>_number_<N>` (closed loop) or `rate_<R>_number_<N>` (open loop).
    struct PointFolder: Equatable {
        var parallel: Int?
        var rate: Double?
        var number: Int

        init?(name: String) {
            let parts = name.split(separator: "_", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[2] == "number", let number = Int(parts[3]) else { return nil }
            switch parts[0] {
            case "parallel":
                guard let parallel = Int(parts[1]) else { return nil }
                self.parallel = parallel
            case "rate":
                guard let rate = Double(parts[1]) else { return nil }
                self.rate = rate
            default: return nil
            }
            self.number = number
        }

        /// EvalScope's run order when `dataset_offset` is not recorded: by load, then request count.
        static func precedes(_ lhs: PointFolder?, _ rhs: PointFolder?) -> Bool {
            func key(_ folder: PointFolder?) -> (Int, Double, Int) {
                guard let folder else { return (0, 0, 0) }
                if let parallel = folder.parallel { return (0, Double(parallel), folder.number) }
                return (1, folder.rate ?? 0, folder.number)
            }
            return key(lhs) < key(rhs)
        }
    }

    struct PointLocation {
        var url: URL
        /// Nil for the flat layout (files directly in the run folder).
        var folder: PointFolder?
    }

    struct LoadedPoint {
        var location: PointLocation
        var args: EvalScopePerfObject
        var summary: EvalScopePerfSummary
        var databaseColumns: Set<String>?
        var point: PerfPoint
    }

    private static func pointFolders(in directory: URL) throws -> [PointLocation] {
        let children = (try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? []
        return children.compactMap { child in
            guard let folder = PointFolder(name: child.lastPathComponent),
                  (try? child.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
            else { return nil }
            return PointLocation(url: child, folder: folder)
        }
    }

    /// The order EvalScope ran the points: ascending `dataset_offset` (1.9+ adds each run's
    /// `number` to it), else by folder name numerically.
    private static func ordered(_ points: [LoadedPoint]) -> [LoadedPoint] {
        let offsets = points.map { $0.args.fields["dataset_offset"]?.intValue }
        let byOffset = !offsets.contains(nil)
        return zip(points, offsets).sorted { lhs, rhs in
            if byOffset, let left = lhs.1, let right = rhs.1, left != right { return left < right }
            return PointFolder.precedes(lhs.0.location.folder, rhs.0.location.folder)
        }.map(\.0)
    }

    private static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.path(percentEncoded: false))
    }

    // MARK: Points

    private static func readPoint(_ location: PointLocation, files: inout SourceFiles) throws -> LoadedPoint {
        let summaryURL = location.url.appending(path: summaryFile)
        guard exists(summaryURL) else {
            throw ImportError(file: summaryURL, reason: "missing: this point did not finish")
        }
        var summary = try EvalScopePerfSummary(try files.json(summaryURL), file: summaryURL)
        let argsURL = location.url.appending(path: argsFile)
        guard exists(argsURL) else { throw ImportError(file: argsURL, reason: "missing") }
        let args = try EvalScopePerfObject(try files.json(argsURL), file: argsURL)

        // Missing when nothing succeeded, and in ≤ 0.14 below 10 successful requests.
        let percentileURL = location.url.appending(path: percentileFile)
        if exists(percentileURL) {
            try summary.addPercentiles(try files.json(percentileURL), file: percentileURL)
        }

        try checkFolder(location, against: summary, file: summaryURL)

        var table: EvalScopePerfRequests.Table?
        let databaseURL = location.url.appending(path: databaseFile)
        if exists(databaseURL) {
            try files.hashOnly(databaseURL)
            let read = try EvalScopePerfRequests.read(databaseURL, streamDefault: args.fields["stream"]?.boolValue)
            guard read.records.count == summary.requests else {
                throw ImportError(
                    file: databaseURL, field: "result",
                    reason: "\(read.records.count) request rows, but \(summaryFile) says \(summary.requests) requests")
            }
            table = read
        }

        // Before E the summary has no rate; the arguments do (-1 = unlimited).
        let requestRate = summary.hasRateKey ? summary.requestRate
            : try args.number("rate").flatMap { rate -> Double? in
                if rate == -1 { return nil }
                return try args.check(rate, .arrivalRate, "rate")
            }
        let point = PerfPoint(
            concurrency: summary.concurrency, requestRate: requestRate, requests: summary.requests,
            durationSeconds: summary.durationSeconds, metrics: summary.metrics, records: table?.records ?? [])
        return LoadedPoint(location: location, args: args, summary: summary, databaseColumns: table?.columns, point: point)
    }

    /// `parallel_4_number_20/` must hold a summary of concurrency 4 and 20 requests (`rate_R_…` of rate R).
    private static func checkFolder(_ location: PointLocation, against summary: EvalScopePerfSummary, file: URL) throws {
        guard let folder = location.folder else { return }
        let keys = summary.generation.keys
        let name = location.url.lastPathComponent
        if let parallel = folder.parallel, summary.concurrency != parallel {
            throw ImportError(
                file: file, field: keys.concurrency,
                reason: "\(summary.concurrency.map(String.init) ?? "-1 (open loop)") in folder \(name)")
        }
        if let rate = folder.rate, summary.hasRateKey,
           summary.requestRate.map({ abs($0 - rate) > 1e-9 * max(1, rate) }) ?? true {
            let written = summary.requestRate.map { "\($0)" } ?? "-1 (unlimited)"
            throw ImportError(file: file, field: keys.rate ?? "rate", reason: "\(written) in folder \(name)")
        }
        if summary.requests != folder.number {
            throw ImportError(file: file, field: keys.total, reason: "\(summary.requests) in folder \(name)")
        }
    }

    // MARK: Run keys

    /// The `benchmark_args.json` fields that shape what the server generates.
    static let generationKeys = [
        "max_tokens", "min_tokens", "temperature", "top_p", "top_k", "stop", "stop_token_ids", "stream", "seed",
        "frequency_penalty", "repetition_penalty", "n_choices", "logprobs", "extra_args",
    ]

    private static func generationConfig(_ args: EvalScopePerfObject) throws -> GenerationConfig {
        var raw: [String: JSONValue] = [:]
        for key in generationKeys {
            guard var value = args.fields[key] else { continue }
            // EvalScope sends stop lists only when non-empty: [] (0.13) and null (1.x) are the same request.
            if value.arrayValue?.isEmpty == true { continue }
            if key == "extra_args", case .string(let text) = value {
                guard let parsed = try? JSONValue.parse(Data(text.utf8)), parsed.objectValue != nil else {
                    throw ImportError(file: args.file, field: key, reason: "expected a JSON object, got \(EvalScopePerfObject.kind(of: value))")
                }
                value = parsed
            }
            raw[key] = value
        }
        return GenerationConfig(raw)
    }

    private static func workload(_ args: EvalScopePerfObject) throws -> Workload {
        let url = try args.string("url")
        // Python's sys.maxsize is EvalScope's "no limit"; nothing real reaches 2^31 tokens.
        let maxPrompt = try args.int("max_prompt_length").flatMap { $0 >= 1 << 31 ? nil : $0 }
        if let maxPrompt { _ = try args.check(maxPrompt, .tokenCount, "max_prompt_length") }
        return Workload(
            api: try args.string("api"), endpoint: url.flatMap(Workload.endpointPath(of:)), url: url,
            dataset: try args.string("dataset"), datasetPath: try args.string("dataset_path"),
            minPromptLength: try args.int("min_prompt_length", domain: .tokenCount), maxPromptLength: maxPrompt,
            prefixLength: try args.int("prefix_length", domain: .tokenCount),
            outputLength: try args.int("max_tokens", domain: .tokenCount))
    }

    // MARK: Failed runs

    /// A run that crashed before writing a summary: report the log's last error.
    private static func failedRun(log: URL, files: inout SourceFiles) throws -> ImportError {
        let text = String(decoding: try files.data(log), as: UTF8.self)
            .replacing(/\u{1B}\[[0-9;]*[A-Za-z]/, with: "")
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        var reason = "failed run: EvalScope wrote only \(logFile), no \(summaryFile)"
        if let last = lines.lastIndex(where: { $0.contains("ERROR") || $0.hasPrefix("Traceback") }) {
            var message = lines[last]
            if message.hasPrefix("Traceback") {
                // The exception line ends the traceback: the first unindented line after it.
                message = lines[(last + 1)...].first { !$0.isEmpty && !$0.first!.isWhitespace } ?? message
            } else if let marker = message.range(of: "ERROR") {
                message = String(message[marker.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: " :-"))
            }
            let trimmed = message.trimmingCharacters(in: .whitespaces)
            reason += "; last error: \(trimmed.count > 300 ? String(trimmed.prefix(300)) + "…" : trimmed)"
        }
        return ImportError(file: log, reason: reason)
    }
}
