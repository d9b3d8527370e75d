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
            return try compare(history: filter, last: last, candidate: cand, store: store, policy: policy, selector: baseline)
        }
        let base: StoredRun
        do {
            base = try store.run(selectedBy: baseSelector, detail: .full)
        } catch let error as SelectorError {
            // A run id that is not there is a mistake; a `latest` that matches nothing is a first run.
            guard case .latest = baseSelector else { throw CommandFailure(message: "baseline: \(error)") }
            // The candidate first: a mistyped candidate is a usage error, whatever the baseline.
            let cand = try load(candidateSelector, role: "candidate", store: store)
            throw NoBaseline(selector: baseline, reason: "\(error)", candidate: cand, policy: policy)
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
        let cand = try load(candidateSelector, role: "candidate", store: store)
        guard base.id != cand.id else {
            throw CommandFailure(message: "the baseline and the candidate are the same run \(base.id)")
        }
        return RunComparator.compare(
            baseline: base.run, baselineID: base.id, candidate: cand.run, candidateID: cand.id,
            policy: policy, allowing: allowed)
    }

    /// The candidate against its history. When no earlier run matches the filter there is no
    /// baseline (``NoBaseline``, exit 3 unless `--if-no-baseline pass`); when runs match but none is
    /// usable that is an error (exit 2), so that a wrong filter cannot pass a gate. Below the
    /// policy's `min_history` runs, the candidate is compared with the newest run request by request.
    private func compare(
        history filter: RunFilter, last: Int, candidate: StoredRun, store: Store, policy: GatePolicy, selector: String
    ) throws -> RunComparison {
        let allowed = allowed
        let history = try attempt {
            try store.history(matching: filter, last: last, before: candidate) { run in
                HistoryComparator.reasonToSkip(run.run, candidate: candidate.run, policy: policy, allowing: allowed)
            }
        }
        let skipped = history.skipped.map {
            HistoryBaseline.Skipped(run: .init(id: $0.run.id, runAt: $0.run.run.runAt?.utcText), reason: $0.reason)
        }
        if history.runs.isEmpty && skipped.isEmpty {
            throw NoBaseline(
                selector: selector, reason: "no run before run \(candidate.id) matches the selector in history",
                candidate: candidate, policy: policy)
        }
        guard !history.runs.isEmpty else {
            let why = "\(skipped.count) earlier run\(skipped.count == 1 ? "" : "s") match the selector but none is usable: "
                    + skipped.prefix(3).map { "\($0.run.name) \($0.reason)" }.joined(separator: "; ")
                    + (skipped.count > 3 ? "; …" : "")
            throw CommandFailure(message: "baseline: no comparable run in history before run \(candidate.id) (\(why))")
        }
        if history.runs.count < policy.minHistory, let newest = history.runs.first {
            let full = try attempt { try store.run(id: newest.id, detail: .full) } ?? newest
            let baseline = HistoryBaseline(
                runs: history.runs.map { .init(id: $0.id, runAt: $0.run.runAt?.utcText) }, requested: last,
                minimum: policy.minHistory, skipped: skipped)
            return HistoryComparator.fallback(
                history: baseline, newest: (full.id, full.run), candidate: candidate.run, candidateID: candidate.id,
                policy: policy, allowing: allowed)
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

/// The baseline selector matched no run: the first run of a new branch or model. `compare` exits 3;
/// `gate` writes its reports first and exits 3, or passes under `--if-no-baseline pass`.
struct NoBaseline: Error {
    var selector: String
    var reason: String
    var candidate: StoredRun
    var policy: GatePolicy

    var failure: CommandFailure {
        CommandFailure(message: "baseline: \(reason) (no baseline to compare with)", exitCode: 3)
    }

    func comparison(passing: Bool) -> RunComparison {
        RunComparison.noBaseline(
            selector: selector, reason: reason, candidate: candidate.run, candidateID: candidate.id, policy: policy,
            passing: passing)
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
