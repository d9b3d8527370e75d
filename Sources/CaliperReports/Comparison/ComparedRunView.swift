import CaliperAnalysis
import CaliperCore

/// One side of a comparison as every report names it: which run, what it served, on what, measured
/// with which tool, and how much data the comparison drew on.
///
/// ```swift
/// let side = ComparedRunView(run: comparison.baseline, role: "baseline")
/// side.name       // "run 41"
/// side.engine     // "vllm 0.10.1"
/// side.measured   // "3 points (c=1, c=4, c=8) · 1,200 requests"
/// ```
public struct ComparedRunView: Sendable, Equatable {
    /// `baseline` or `candidate`.
    public let role: String
    /// `run 41`, or `(not stored)` for a run compared straight from files.
    public let name: String
    public let kind: String
    public let model: String
    public let engine: String
    public let hardware: String
    /// `random · /v1/chat/completions · prompt 1024..1024 · output 1024`.
    public let workload: String
    /// The request settings as canonical JSON, `-` when none were recorded.
    public let generation: String
    /// `branch=main commit=3f2a9c1`, or `-`.
    public let labels: String
    /// `evalscope 1.14.1 (perf-G)`.
    public let source: String
    public let runAt: String
    public let measured: String

    /// With `history`, the side is that history: its run time is the span of its runs, and what
    /// it measured is counted in runs.
    public init(run: ComparedRun, role: String, history: HistoryBaseline? = nil) {
        self.role = role
        name = run.name
        kind = run.kind.rawValue
        model = run.model
        engine = Formatting.engine(run.engine)
        hardware = run.hardware.displayName
        workload = Self.workload(run.workload, kind: run.kind)
        generation = run.generationConfig.values.isEmpty ? "-" : run.generationConfig.canonicalJSON
        labels = run.labels.isEmpty ? "-" : Formatting.labels(run.labels)
        source = [run.source.tool, run.source.version ?? "unknown version"].joined(separator: " ")
            + (run.source.format.map { " (\($0))" } ?? "")
        runAt = history.map(Self.span) ?? Formatting.time(run.runAt)
        measured = history.map { Self.measured(run, runs: $0.count) } ?? Self.measured(run)
    }

    /// `2026-11-01 10:00:00 … 2026-11-24 19:03:05`, one time when all are the same, or `unknown`.
    static func span(_ history: HistoryBaseline) -> String {
        let oldest = Formatting.time(history.oldestRunAt)
        let newest = Formatting.time(history.newestRunAt)
        return oldest == newest ? newest : "\(oldest) … \(newest)"
    }

    /// `20 runs · 3 points (c=1, c=4, c=8) · aggregates`: a history is compared on each run's aggregates.
    static func measured(_ run: ComparedRun, runs: Int) -> String {
        let noun = run.kind == .perf ? (run.points.count == 1 ? "point" : "points") : (run.points.count == 1 ? "dataset" : "datasets")
        let list = run.points.isEmpty ? "" : " (\(run.points.joined(separator: ", ")))"
        return "\(Formatting.count(runs)) run\(runs == 1 ? "" : "s") · \(run.points.count) \(noun)\(list) · aggregates"
    }

    static func workload(_ workload: Workload, kind: RunKind) -> String {
        var parts = [workload.dataset, workload.endpoint].compactMap { $0 }
        if kind == .perf {
            if workload.minPromptLength != nil || workload.maxPromptLength != nil {
                let range = [workload.minPromptLength, workload.maxPromptLength]
                    .map { $0.map(String.init) ?? "?" }.joined(separator: "..")
                parts.append("prompt \(range)")
            }
            if let prefix = workload.prefixLength { parts.append("prefix \(prefix)") }
            if let output = workload.outputLength { parts.append("output \(output)") }
        }
        return parts.isEmpty ? "unknown" : parts.joined(separator: " · ")
    }

    static func measured(_ run: ComparedRun) -> String {
        let noun: String
        let rows: String
        switch run.kind {
        case .perf:
            noun = run.points.count == 1 ? "point" : "points"
            rows = run.requestCount == 0 ? "no per-request rows"
                : "\(Formatting.count(run.requestCount)) request\(run.requestCount == 1 ? "" : "s")"
        case .eval:
            noun = run.points.count == 1 ? "dataset" : "datasets"
            rows = run.sampleCount == 0 ? "no per-sample rows"
                : "\(Formatting.count(run.sampleCount)) sample\(run.sampleCount == 1 ? "" : "s")"
        }
        let list = run.points.isEmpty ? "" : " (\(run.points.joined(separator: ", ")))"
        return "\(run.points.count) \(noun)\(list) · \(rows)"
    }
}
