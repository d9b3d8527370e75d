import CaliperAnalysis
import CaliperCore
import Foundation
import Testing

/// Runs from two tools: which definitions differ, when that blocks, and what a comparison allowed
/// across tools says.
struct SourceToolComparabilityTests {
    func run(tool: String, dataset: String? = "random", seed: UInt64 = 1) -> Run {
        var generator = SeededGenerator(seed: seed)
        var run = RunComparatorTests.perfRun(levels: [1, 4], n: 200, generator: &generator)
        run.source = SourceInfo(tool: tool, version: tool == "evalscope" ? "1.14.1" : "0.33.0")
        run.workload.dataset = dataset
        return run
    }

    /// vLLM's percentiles are numpy's, EvalScope's nearest rank: blocking, and the report says why.
    @Test func toolsWithDifferentDefinitionsBlockAndSayWhich() {
        let check = Comparability.check(baseline: run(tool: "evalscope"), candidate: run(tool: "vllm-bench"))
        #expect(!check.isComparable)
        #expect(check.violations.map(\.field) == ["source_tool"])
        #expect(check.definitions.map(\.aspect) == [.ttft, .tokens, .percentiles])
        #expect(check.definitionNotes.contains(
            "evalscope and vllm-bench define percentiles differently: nearest rank over requests (baseline) vs "
                + "linear interpolation between ranks (numpy) (candidate)"))

        let result = RunComparator.compare(baseline: run(tool: "evalscope"), candidate: run(tool: "vllm-bench"))
        #expect(result.status == .notComparable)
        #expect(result.metrics.isEmpty)
        #expect(result.reasons.first?.hasPrefix("the runs differ in source_tool") == true)
        #expect(result.notes.count == 3)
    }

    /// Allowed, the same runs are compared, and the notes still name the definitions that differ.
    @Test func allowedAcrossToolsTheRunsAreCompared() {
        let result = RunComparator.compare(
            baseline: run(tool: "evalscope"), candidate: run(tool: "vllm-bench", seed: 2), allowing: ["source_tool"])
        #expect(result.comparability.isComparable)
        #expect(!result.metrics.isEmpty)
        #expect(result.notes.filter { $0.contains("define") }.count == 3)
    }

    /// Caliper's own bench measures as EvalScope does: shown, never blocking.
    @Test func toolsThatAgreeAreOnlyShown() {
        let check = Comparability.check(baseline: run(tool: "evalscope"), candidate: run(tool: "caliper"))
        #expect(check.isComparable)
        #expect(check.varied.map(\.field).contains("source_tool"))
        #expect(check.definitions.isEmpty)
    }

    /// A key one tool cannot record (vLLM's files name no dataset) is unknown there, not different.
    @Test func aKeyOnlyOneToolRecordsIsShownNotBlocking() {
        let check = Comparability.check(
            baseline: run(tool: "evalscope"), candidate: run(tool: "vllm-bench", dataset: nil), allowing: ["source_tool"])
        #expect(check.isComparable)
        #expect(check.varied.contains(KeyDifference(field: "dataset", baseline: "random", candidate: nil, blocking: false)))
        // Within one tool an unset key still blocks: the same tool would have recorded it.
        let same = Comparability.check(baseline: run(tool: "vllm-bench"), candidate: run(tool: "vllm-bench", dataset: nil))
        #expect(same.violations.map(\.field) == ["dataset"])
    }

    /// Eval harnesses prompt and score differently: two harnesses always block.
    @Test func evalHarnessesAlwaysDiffer() {
        let differences = MetricDefinitions.differences(baseline: "lm-eval", candidate: "inspect", kind: .eval)
        #expect(differences.map(\.aspect) == [.scoring])
        #expect(MetricDefinitions.differences(baseline: "lm-eval", candidate: "lm-eval", kind: .eval).isEmpty)
    }
}
