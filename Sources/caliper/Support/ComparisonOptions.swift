import ArgumentParser
import CaliperAnalysis
import CaliperCore
import CaliperReports
import CaliperStore
import Foundation

/// What `compare` and `gate` share: the policy, the allowed differences, loading the two runs,
/// and writing reports.
struct ComparisonOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The gate policy (YAML). Default: ./caliper.yaml if present, else the built-in defaults.", valueName: "file"))
    var policy: String?

    @OptionGroup var differences: AllowDiffOptions

    var allowed: Set<String> { differences.allowed }

    func loadPolicy() throws -> GatePolicy { try PolicyFile.load(policy) }

    /// Loads both runs with their request and sample rows, and compares them under `policy`, else
    /// the policy these options name. A `history ... last=N` baseline is the last N runs matching
    /// its filter that came before the candidate and are comparable with it and valid, loaded as
    /// summaries (the comparison uses their aggregates).
    func compare(baseline: String, candidate: String, store: Store, policy given: GatePolicy? = nil) throws -> RunComparison {
        let policy = try given ?? loadPolicy()
        let baseSelector = try parse(baseline, role: "baseline")
        let candidateSelector = try parse(candidate, role: "candidate")
        if case .history = candidateSelector {
            throw CommandFailure(message: "candidate: a history selector names many runs: it can only be the baseline")
        }
        if case .history(let filter, let last) = baseSelector {
            let cand = try load(candidateSelector, role: "candidate", store: store)
            return try compare(history: filter, last: last, candidate: cand, store: store, policy: policy)
        }
        let base = try load(baseSelector, role: "baseline", store: store)
        let cand = try load(candidateSelector, role: "candidate", store: store)
        guard base.id != cand.id else {
            throw CommandFailure(message: "the baseline and the candidate are the same run \(base.id)")
        }
        return RunComparator.compare(
            baseline: base.run, baselineID: base.id, candidate: cand.run, candidateID: cand.id,
            policy: policy, allowing: allowed)
    }

    /// The candidate against its history. With no comparable run at all there is nothing to test:
    /// that is an error (exit 2), as for a selector that matches nothing, so that a mistyped filter
    /// cannot pass a gate.
    private func compare(
        history filter: RunFilter, last: Int, candidate: StoredRun, store: Store, policy: GatePolicy
    ) throws -> RunComparison {
        let allowed = allowed
        let history = try attempt {
            try store.history(matching: filter, last: last, before: candidate) { run in
                HistoryComparator.reasonToSkip(run.run, candidate: candidate.run, policy: policy, allowing: allowed)
            }
        }
        let skipped = history.skipped.map {
            HistoryBaseline.Skipped(run: .init(id: $0.run.id, runAt: $0.run.run.runAt), reason: $0.reason)
        }
        guard !history.runs.isEmpty else {
            let why = skipped.isEmpty
                ? "no earlier run matches the selector"
                : "\(skipped.count) earlier run\(skipped.count == 1 ? "" : "s") match the selector but none is usable: "
                    + skipped.prefix(3).map { "\($0.run.name) \($0.reason)" }.joined(separator: "; ")
                    + (skipped.count > 3 ? "; …" : "")
            throw CommandFailure(message: "baseline: no comparable run in history before run \(candidate.id) (\(why))")
        }
        return HistoryComparator.compare(
            history: history.runs.map { ($0.id, $0.run) }, candidate: candidate.run, candidateID: candidate.id,
            policy: policy, allowing: allowed, requested: last, skipped: skipped)
    }

    private func parse(_ text: String, role: String) throws -> RunSelector {
        do {
            return try RunSelector.parse(text)
        } catch {
            throw CommandFailure(message: "\(role): \(error)")
        }
    }

    private func load(_ selector: RunSelector, role: String, store: Store) throws -> StoredRun {
        try RunArgument.load(selector, in: store, detail: .full, role: role)
    }

    /// Store errors as one line.
    private func attempt<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
    }
}

/// `--allow-diff FIELD`: a key runs may differ in and still be compared (`compare`, `gate`, `trend`).
struct AllowDiffOptions: ParsableArguments {
    @Option(name: .customLong("allow-diff"), help: ArgumentHelp(
        "A key the runs may differ in (repeatable or comma-separated), e.g. reasoning_effort, hardware, label.branch.",
        valueName: "field"))
    var allowDiff: [String] = []

    var allowed: Set<String> {
        Set(allowDiff.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) })
    }
}
