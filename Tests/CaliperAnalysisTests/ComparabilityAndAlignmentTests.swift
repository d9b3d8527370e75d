import CaliperAnalysis
import CaliperCore
import Testing

struct ComparabilityAndAlignmentTests {
    func run(effort: String = "low", hardware: String = "H20 96GB", engineVersion: String = "0.10.0", outputLength: Int = 128) -> Run {
        Run(
            kind: .perf, model: ModelIdentity(name: "gpt-oss-20b"),
            engine: EngineIdentity(name: "vllm", version: engineVersion),
            hardware: Hardware(description: hardware, count: 1),
            generationConfig: GenerationConfig(["max_tokens": .int(Int64(outputLength)), "reasoning_effort": .string(effort)]),
            workload: Workload(endpoint: "/v1/chat/completions", dataset: "random", outputLength: outputLength),
            source: SourceInfo(tool: "evalscope", format: "perf-G"), contentHash: "x")
    }

    /// An engine upgrade is what a gate compares: shown, never blocking.
    @Test func engineVersionIsInformative() {
        let check = Comparability.check(baseline: run(), candidate: run(engineVersion: "0.10.1"))
        #expect(check.isComparable)
        #expect(check.varied == [KeyDifference(field: "engine_version", baseline: "0.10.0", candidate: "0.10.1", blocking: false)])
    }

    /// A different config or hardware blocks unless allowed, and each differing field is listed.
    @Test func configAndHardwareBlockUnlessAllowed() {
        let check = Comparability.check(baseline: run(), candidate: run(effort: "high", hardware: "A100 80GB"))
        #expect(!check.isComparable)
        #expect(check.violations.map(\.field) == ["hardware", "reasoning_effort"])
        let allowed = Comparability.check(baseline: run(), candidate: run(effort: "high"), allowing: ["reasoning_effort"])
        #expect(allowed.isComparable)
        #expect(allowed.varied.map(\.field) == ["reasoning_effort"])
    }

    func run(on hardware: Hardware) -> Run {
        var run = run()
        run.hardware = hardware
        return run
    }

    /// The variant (HBM3, SXM4, PCIe) is the same accelerator: shown, never blocking.
    @Test func hardwareVariantIsInformative() {
        let probed = run(on: Hardware(description: "NVIDIA H100 80GB HBM3", count: 8))
        let typed = run(on: Hardware(description: "8xH100"))
        let check = Comparability.check(baseline: typed, candidate: probed)
        #expect(check.isComparable)
        #expect(check.varied == [KeyDifference(field: "hardware_variant", baseline: nil, candidate: "HBM3", blocking: false)])
        let readme = run(on: Hardware(description: "NVIDIA H100 80GB", count: 8))
        #expect(Comparability.check(baseline: readme, candidate: typed).differences.isEmpty)
        let sxm4 = run(on: Hardware(description: "A100-SXM4-80GB", count: 8))
        let pcie = run(on: Hardware(description: "NVIDIA A100 80GB PCIe", count: 8))
        #expect(Comparability.check(baseline: sxm4, candidate: pcie).isComparable)
    }

    /// Memory or count differing is other hardware.
    @Test func hardwareMemoryOrCountBlocks() {
        let eight = run(on: Hardware(description: "8xH100"))
        let four = run(on: Hardware(description: "4xH100"))
        #expect(Comparability.check(baseline: eight, candidate: four).violations
            == [KeyDifference(field: "hardware", baseline: "H100 80GB x 8", candidate: "H100 80GB x 4", blocking: true)])
        let nvl = run(on: Hardware(description: "H100 NVL", count: 8))
        #expect(Comparability.check(baseline: eight, candidate: nvl).violations.map(\.field) == ["hardware"])
        let a40 = run(on: Hardware(description: "A100-SXM4-40GB", count: 8))
        let a80 = run(on: Hardware(description: "A100-SXM4-80GB", count: 8))
        #expect(!Comparability.check(baseline: a40, candidate: a80).isComparable)
    }

    /// max_tokens is the workload's output length: one difference, reported once.
    @Test func outputLengthIsReportedOnce() {
        let check = Comparability.check(baseline: run(), candidate: run(outputLength: 256))
        #expect(check.violations.map(\.field) == ["output_length"])
    }

    @Test func pointsAlignOnLoadLevelAndListOneSidedOnes() {
        func point(_ concurrency: Int) -> PerfPoint { PerfPoint(concurrency: concurrency, requests: 10) }
        let aligned = Alignment.points(baseline: [point(8), point(1), point(4)], candidate: [point(1), point(8), point(16)])
        #expect(aligned.pairs.map(\.key.description) == ["c=1", "c=8"])
        #expect(aligned.onlyInBaseline.map(\.description) == ["c=4"])
        #expect(aligned.onlyInCandidate.map(\.description) == ["c=16"])
    }

    @Test func scoresAlignOnDatasetSubsetMetric() {
        func score(_ subset: String?, _ metric: String) -> EvalScore {
            EvalScore(dataset: "aime25", subset: subset, metric: metric, sourceMetric: metric, score: 0.5, count: 30, isPrimary: false)
        }
        let aligned = Alignment.scores(baseline: [score(nil, "accuracy"), score(nil, "pass@4")], candidate: [score(nil, "accuracy")])
        #expect(aligned.pairs.map(\.key.description) == ["aime25/(all)/accuracy"])
        #expect(aligned.onlyInBaseline.map(\.description) == ["aime25/(all)/pass@4"])
    }
}
