import CaliperCore
import Foundation

/// NVIDIA AIPerf (`aiperf profile`, 0.1 … 0.13+) result folders. Each invocation writes one
/// load level to a folder holding `profile_export_aiperf.json` (``AIPerfProfile``: its three
/// layouts) and `profile_export.jsonl` (``AIPerfRecords``: one row per request); levels and
/// repeats are put together by ``SweepAssembly``.
///
/// | source key (unit) | Caliper metric.statistic |
/// |---|---|
/// | `request_throughput.avg` (requests/sec) | `request_throughput.value` |
/// | `output_token_throughput.avg` (tokens/sec) | `output_throughput.value` |
/// | `total_token_throughput.avg` (tokens/sec, 0.5+) | `total_throughput.value` |
/// | `request_latency` (ms) | `latency` mean/std/min/p1…p99/max |
/// | `time_to_first_token` (ms) | `ttft` (all statistics) |
/// | `inter_token_latency` (ms): (latency − TTFT)/(OSL − 1) per request | `tpot` (all statistics) |
/// | `inter_chunk_latency` (ms): every gap between content chunks, pooled | `itl` (all statistics) |
/// | `input_sequence_length`, `output_sequence_length` (tokens) | `input_tokens`, `output_tokens` (all statistics) |
/// | `request_count.avg` (successful) + `error_request_count.avg` | `requests.value`, point `requests` |
/// | `error_request_count.avg` (absent on a clean run: 0), else Σ `error_summary[].count` | `failed_requests.value`, `success_rate.value` |
/// | `benchmark_duration.avg` (sec) | point `durationSeconds` |
///
/// Left out, with no Caliper equivalent: `time_to_second_token`, `time_to_first_output_token`
/// (first non-reasoning token; Caliper's TTFT counts reasoning), `output_token_throughput_per_user`
/// (= 1/ITL), `usage_*` and `*_diff_pct` (server token counts next to the ones above), `http_req_*`,
/// `effective_*`/`active_*` time series, `goodput`, GPU power and energy. `request_error_rate` and
/// `completed_request_count` are only checked against the counts. Warm-up requests are never
/// counted: the summary excludes them, and `warmup_metrics` is not read.
///
/// Identity: model, load level, extra inputs, OSL and endpoint from `input_config`
/// (``AIPerfConfig``); hardware from the GPUs of `telemetry_data` (with `--gpu-telemetry`),
/// counted once per `gpu_uuid`; version from `aiperf_version`; the run time from `start_time`
/// (local time without a zone, read in the ingesting host's zone).
///
/// Recognized (default file names only; a `--profile-export-prefix` renames them), besides a folder holding `profile_export_aiperf.json`:
///
/// ```text
/// sweep/c1/ sweep/c10/ …                       a user's sweep: one folder per level
/// artifacts/concurrency_10/ …                  AIPerf's own sweep (--concurrency 1,10)
/// artifacts/profile_runs/run_0001/ run_0002/   --num-profile-runs: each run_NNNN is a repeat
/// artifacts/profile_runs/trial_0001/concurrency_10/   a repeated sweep
/// artifacts/concurrency_10/profile_runs/trial_0001/   an independently repeated sweep
/// ```
///
/// and the folder holding `artifacts/`. `aggregate/` and `sweep_aggregate/` (statistics across
/// runs, not runs) are never read; `phases/<phase>/` copies inside a result are not results.
///
/// Members are ordered by repeat (`run_NNNN`/`trial_NNNN` in the path), then start time, so that
/// each repeat of a sweep becomes its own run.
public enum AIPerfImporter: ResultImporter {
    public static let name = "aiperf"

    /// Folders under a result that hold no run of their own.
    static let skippedFolders: Set<String> = ["aggregate", "sweep_aggregate", "phases", "logs", "plots", "checkpoints", "inputs"]

    public static func recognizes(_ location: URL) -> Bool {
        guard isDirectory(location) else { return false }
        let name = location.lastPathComponent
        if skippedFolders.contains(name) || location.deletingLastPathComponent().lastPathComponent == "phases" { return false }
        if holdsResult(location) { return true }
        for child in subfolders(location) {
            if holdsResult(child) { return true }
            if child.lastPathComponent == "artifacts", subfolders(child).contains(where: holdsResult) { return true }
        }
        return false
    }

    public static func readRuns(_ location: URL) throws -> [Run] {
        var folders: [URL] = []
        collect(location, depth: 0, into: &folders)
        guard !folders.isEmpty else {
            throw ImportError(file: location.appending(path: AIPerfProfile.summaryFile), reason: "missing: not an AIPerf result")
        }
        let root = SourceFiles(root: location)
        var members: [(repeatIndex: Int, profile: AIPerfProfile, path: String)] = []
        for folder in folders {
            var profile = try AIPerfProfile.read(folder)
            let relative = root.relativePath(folder)
            if !relative.isEmpty { profile.run.warnings = profile.run.warnings.map { "\(relative)/\($0)" } }
            profile.run.source.path = location.path(percentEncoded: false)
            members.append((repeatIndex(relative), profile, relative))
        }
        members.sort { lhs, rhs in
            if lhs.repeatIndex != rhs.repeatIndex { return lhs.repeatIndex < rhs.repeatIndex }
            switch (lhs.profile.start, rhs.profile.start) {
            case let (left?, right?) where left != right: return left < right
            default: return lhs.path.localizedStandardCompare(rhs.path) == .orderedAscending
            }
        }
        return SweepAssembly.assemble(members.map {
            SweepAssembly.Member(run: $0.profile.run, start: $0.profile.start, end: $0.profile.end)
        })
    }

    // MARK: Layout

    /// A folder holding a summary, or `profile_runs/<run or trial>/` holding one (or, for a
    /// repeated sweep, holding level folders that do).
    static func holdsResult(_ folder: URL) -> Bool {
        if holdsSummary(folder) { return true }
        let runs = folder.appending(path: "profile_runs")
        return subfolders(runs).contains { run in holdsSummary(run) || subfolders(run).contains(where: holdsSummary) }
    }

    static func holdsSummary(_ folder: URL) -> Bool {
        var isDirectory: ObjCBool = false
        let path = folder.appending(path: AIPerfProfile.summaryFile).path(percentEncoded: false)
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Every folder holding a summary, at most five levels down; a summary's folder is not entered.
    private static func collect(_ folder: URL, depth: Int, into found: inout [URL]) {
        if holdsSummary(folder) {
            found.append(folder)
            return
        }
        guard depth < 5 else { return }
        for child in subfolders(folder) where !skippedFolders.contains(child.lastPathComponent) {
            collect(child, depth: depth + 1, into: &found)
        }
    }

    /// The repeat a folder belongs to: the number of the last `run_NNNN` or `trial_NNNN` in its
    /// path relative to the result root; 0 outside the repeat layouts.
    static func repeatIndex(_ relativePath: String) -> Int {
        for component in relativePath.split(separator: "/").reversed() {
            if let match = component.wholeMatch(of: /(?:run|trial)_(\d{1,9})/), let index = Int(match.1) { return index }
        }
        return 0
    }

    private static func subfolders(_ folder: URL) -> [URL] {
        let children = (try? FileManager.default.contentsOfDirectory(
            at: folder, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])) ?? []
        return children.filter(isDirectory).sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func isDirectory(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
    }
}
