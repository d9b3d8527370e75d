import CaliperCore
import CaliperImporters
import Foundation
import Testing

/// The eval fixtures: one `eval-openai-service` run per EvalScope version, and the 1.14.1 captures.
enum EvalScopeEvalFixtures {
    static let versions = ["0.13.2", "0.17.1", "1.0.0", "1.9.1", "1.14.1"]

    /// `history/<version>/eval-openai-service/<ts>`: general_mcq (20 q) + general_qa (10 q), 70 % correct.
    static func openAIService(_ version: String) -> URL {
        onlyChild(of: Fixtures.evalscope("history/\(version)/eval-openai-service"))
    }

    /// `1.14.1-capture/<name>/<ts>`.
    static func capture(_ name: String) -> URL {
        onlyChild(of: Fixtures.evalscope("1.14.1-capture/\(name)"))
    }

    private static func onlyChild(of folder: URL) -> URL {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let stamp = names.filter { $0.wholeMatch(of: /\d{8}_\d{6}/) != nil }.sorted()
        return folder.appending(path: stamp.first ?? "missing-run-folder")
    }
}

fileprivate extension Run {
    func score(_ dataset: String, _ metric: String, subset: String? = nil) -> EvalScore? {
        scores.first { $0.dataset == dataset && $0.subset == subset && $0.metric == metric }
    }

    func samples(_ dataset: String, subset: String? = nil) -> [EvalSample] {
        samples.filter { $0.dataset == dataset && (subset == nil || $0.subset == subset) }
    }
}

@Suite struct EvalScopeEvalImporterTests {
    static let qaMetrics: Set<String> = [
        "bleu-1", "bleu-2", "bleu-3", "bleu-4",
        "rouge-1-r", "rouge-1-p", "rouge-1-f", "rouge-2-r", "rouge-2-p", "rouge-2-f",
        "rouge-l-r", "rouge-l-p", "rouge-l-f",
    ]

    @Test(arguments: EvalScopeEvalFixtures.versions)
    func openAIServiceRunOfEveryVersion(_ version: String) throws {
        let run = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService(version))
        #expect(run.kind == .eval)
        #expect(run.model.name == "mock-model")
        #expect(run.model.checkpoint == nil)
        #expect(run.runAt?.localText.hasPrefix("2026-11-24T") == true)
        #expect(run.runAt?.origin == .ingestHost)
        #expect(run.source.tool == "evalscope")
        #expect(run.workload.dataset == "general_mcq,general_qa")
        #expect(run.workload.url == "http://127.0.0.1:18802/v1")
        #expect(run.workload.endpoint == "/v1")
        #expect(run.engine == EngineIdentity())
        #expect(run.hardware == Hardware())

        let accuracy = try #require(run.score("general_mcq", "accuracy"))
        #expect(accuracy.score == 0.7)
        #expect(accuracy.count == 20)
        #expect(accuracy.isPrimary)
        #expect(run.score("general_mcq", "accuracy", subset: "example")?.score == 0.7)
        // The headline metric is flagged at dataset level and on its subset rows.
        #expect(run.scores.filter { $0.dataset == "general_mcq" && $0.isPrimary }.map(\.subset) == [nil, "example"])

        let qa = run.scores.filter { $0.dataset == "general_qa" && $0.subset == nil }
        #expect(Set(qa.map(\.metric)) == Self.qaMetrics)
        #expect(qa.count == Self.qaMetrics.count)
        #expect(run.score("general_qa", "rouge-l-r")?.score == 0.7)
        #expect(run.score("general_qa", "bleu-1")?.score == 0.7)
        #expect(run.score("general_qa", "bleu-4")?.score == 0.0)
        #expect(run.score("general_qa", "rouge-2-f", subset: "example")?.score == 0.4)
        #expect(qa.filter(\.isPrimary).count == 1)

        let mcq = run.samples("general_mcq", subset: "example")
        #expect(mcq.count == 20)
        #expect(Set(mcq.map(\.questionID)) == Set((0..<20).map(String.init)))
        #expect(mcq.allSatisfy { $0.repeatIndex == 0 && $0.metric == "accuracy" && $0.inputTokens != nil })
        #expect(mcq.map(\.score).reduce(0, +) == 14)
        let qaSamples = run.samples("general_qa", subset: "example")
        #expect(qaSamples.count == 10)
        #expect(run.samples.count == 30)
    }

    @Test func qaSourceSpellingsCanonicalizeIdentically() throws {
        var byVersion: [String: [String: Double]] = [:]
        for version in EvalScopeEvalFixtures.versions {
            let run = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService(version))
            byVersion[version] = Dictionary(uniqueKeysWithValues: run.scores.map { ("\($0.dataset)/\($0.subset ?? "-")/\($0.metric)", $0.score) })
        }
        let reference = try #require(byVersion["1.14.1"])
        for version in EvalScopeEvalFixtures.versions {
            #expect(byVersion[version] == reference, "\(version)")
        }
        let old = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService("0.13.2"))
        #expect(old.score("general_qa", "rouge-l-r")?.sourceMetric == "rouge-l-r")
        #expect(old.score("general_mcq", "accuracy")?.sourceMetric == "AverageAccuracy")
        let flat = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService("1.0.0"))
        #expect(flat.score("general_qa", "rouge-l-r")?.sourceMetric == "mean_Rouge-L-R")
        #expect(flat.score("general_mcq", "accuracy")?.sourceMetric == "mean_acc")
        let current = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService("1.14.1"))
        #expect(current.score("general_qa", "rouge-l-r")?.sourceMetric == "rouge/mean{statistic=recall,variant=l}")
        #expect(current.score("general_qa", "bleu-2")?.sourceMetric == "bleu/mean{ngram=2}")
    }

    /// Flat reports headline their first metric; schema 2 names it. The per-sample QA metric is
    /// `main_score_name` (1.x) or, in 0.x where every line holds all metrics, the report's headline.
    @Test(arguments: [
        ("0.13.2", "bleu-1", "bleu-1"), ("0.17.1", "rouge-1-r", "rouge-1-r"), ("1.0.0", "bleu-1", "rouge-l-r"),
        ("1.9.1", "bleu-1", "rouge-l-r"), ("1.14.1", "rouge-l-r", "rouge-l-r"),
    ])
    func qaPrimaryAndSampleMetric(_ version: String, _ primary: String, _ sampleMetric: String) throws {
        let run = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService(version))
        #expect(run.scores.first { $0.dataset == "general_qa" && $0.subset == nil && $0.isPrimary }?.metric == primary)
        let samples = run.samples("general_qa")
        #expect(Set(samples.map(\.metric)) == [sampleMetric])
        let mean = samples.map(\.score).reduce(0, +) / Double(samples.count)
        #expect(abs(mean - (run.score("general_qa", sampleMetric)?.score ?? -1)) < 1e-3)
    }

    @Test(arguments: [
        ("0.13.2", "0.8..0.15", "eval-v0"), ("0.17.1", "0.14..0.17", "eval-v0"), ("1.0.0", "1.0..1.4", "eval-v1"),
        ("1.9.1", "1.9.1", "eval-v1"), ("1.14.1", "1.14.1", "eval-v2"),
    ])
    func versionDetection(_ version: String, _ expected: String, _ format: String) throws {
        let run = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService(version))
        #expect(run.source.version == expected)
        #expect(run.source.format == format)
        #expect(run.source.path == EvalScopeEvalFixtures.openAIService(version).path(percentEncoded: false))
    }

    /// Without `evalscope_version` the range comes from the report and config file names.
    @Test(arguments: [("1.9.1", "1.6..1.10", "eval-v1"), ("1.14.1", "1.11..1.14", "eval-v2")])
    func versionRangeWithoutRecordedVersion(_ version: String, _ expected: String, _ format: String) throws {
        let copy = try Fixtures.temporaryCopy(of: EvalScopeEvalFixtures.openAIService(version))
        let config = copy.appending(path: "configs/task_config.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacing(/\nevalscope_version: [^\n]*/, with: "").write(to: config, atomically: true, encoding: .utf8)
        let run = try EvalScopeEvalImporter.read(copy)
        #expect(run.source.version == expected)
        #expect(run.source.format == format)
    }

    @Test func tokensFromEachVersionsOwnPlace() throws {
        // 0.x: the completion's usage; 1.0: the prediction line; 1.9+: the reply's perf_metrics.
        let old = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService("0.13.2"))
        #expect(old.samples.allSatisfy { $0.inputTokens != nil && $0.outputTokens != nil && $0.latency == nil })
        let flat = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService("1.0.0"))
        #expect(flat.samples.allSatisfy { $0.inputTokens != nil && $0.outputTokens != nil })
        let mcq3 = try #require(flat.samples("general_mcq").first { $0.sampleID == "3" })
        #expect(mcq3.inputTokens == 63 && mcq3.outputTokens == 1)
        let current = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService("1.14.1"))
        #expect(current.samples.allSatisfy { $0.inputTokens != nil && $0.latency != nil && $0.ttft == nil })
    }

    @Test func aime25ReasoningEffortLowVersusHigh() throws {
        let low = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.capture("eval-aime25-mcq-effort-low-r4"))
        let high = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.capture("eval-aime25-mcq-effort-high-r4"))
        #expect(low.model.name == "gpt-oss-20b")
        #expect(low.source.version == "1.14.1" && low.source.format == "eval-v2")
        #expect(low.workload.dataset == "aime25,general_mcq")
        #expect(low.workload.api == "openai_api")
        #expect(low.workload.outputLength == 4096)

        #expect(low.score("aime25", "accuracy")?.score == 0.625)
        #expect(high.score("aime25", "accuracy")?.score == 0.80)
        #expect(low.score("aime25", "accuracy")?.isPrimary == true)
        #expect(low.score("aime25", "accuracy")?.count == 120)
        let lowPass = (1...4).map { low.score("aime25", "pass@\($0)")?.score }
        #expect(lowPass == [0.625, 0.8778, 0.975, 1.0])
        let highPass = (1...4).map { high.score("aime25", "pass@\($0)")?.score }
        #expect(highPass == [0.80, 0.9611, 0.9917, 1.0])
        #expect(low.score("aime25", "pass@2")?.count == 30)
        #expect(low.score("aime25", "pass@2")?.isPrimary == false)
        #expect(low.score("aime25", "pass@2")?.sourceMetric == "accuracy/pass_at_k{k=2}")
        #expect(low.score("general_mcq", "accuracy")?.score == 0.4444)
        #expect(low.score("general_mcq", "accuracy", subset: "science")?.score == 0.4375)

        for run in [low, high] {
            let aime = run.samples("aime25", subset: "default")
            #expect(aime.count == 120)
            #expect(Set(aime.map(\.questionID)) == Set((0..<30).map(String.init)))
            #expect(Set(aime.map(\.repeatIndex)) == [0, 1, 2, 3])
            #expect(Set(aime.map { "\($0.questionID)/\($0.repeatIndex)" }).count == 120)
            #expect(aime.allSatisfy { $0.metric == "accuracy" && $0.outputTokens != nil && $0.ttft != nil })
            let mean = aime.map(\.score).reduce(0, +) / 120
            #expect(abs(mean - (run.score("aime25", "accuracy")?.score ?? -1)) < 1e-4)
            #expect(run.samples("general_mcq").count == 72)
        }
        #expect(low.samples("aime25").allSatisfy { $0.outputTokens == 49 })

        #expect(low.generationConfig.reasoningEffort == "low")
        #expect(high.generationConfig.reasoningEffort == "high")
        #expect(low.generationConfig.temperature == 0.6)
        #expect(low.generationConfig.maxTokens == 4096)
        #expect(low.generationConfig.values["batch_size"] == nil)
        #expect(low.generationConfig.hash != high.generationConfig.hash)
        var lowAsHigh = low.generationConfig
        lowAsHigh.set("reasoning_effort", .string("high"))
        #expect(lowAsHigh.hash == high.generationConfig.hash)
    }

    @Test func erroredSamplesAreAbsentNotFatal() throws {
        let run = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.capture("eval-mcq-with-errors"))
        #expect(run.score("general_mcq", "accuracy")?.score == 0.4375)
        #expect(run.score("general_mcq", "accuracy")?.count == 16)
        #expect(run.score("general_mcq", "accuracy", subset: "arithmetic")?.count == 8)
        #expect(run.samples("general_mcq", subset: "arithmetic").count == 8)
        #expect(run.samples("general_mcq", subset: "science").count == 8)
        #expect(run.samples.allSatisfy { $0.repeatIndex == 0 })
    }

    @Test func nonStreamRunHasLatencyButNoTTFT() throws {
        let run = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.capture("eval-qa-mcq-nonstream"))
        #expect(run.score("general_mcq", "accuracy")?.score == 0.5)
        let primary = try #require(run.scores.first { $0.dataset == "general_qa" && $0.subset == nil && $0.isPrimary })
        #expect(primary.metric == "rouge-l-r" && primary.score == 0.9091)
        #expect(run.score("general_qa", "bleu-1", subset: "geography")?.score == 0.8444)
        #expect(run.samples("general_qa", subset: "geography").count == 6)
        #expect(run.samples("general_qa", subset: "history").count == 5)
        #expect(run.samples("general_qa").allSatisfy { $0.metric == "rouge-l-r" })
        #expect(run.samples.count == 29)
        #expect(run.samples.allSatisfy { $0.latency != nil && $0.ttft == nil })
    }

    @Test func contentHashIsStableAndCoversEveryByte() throws {
        let folder = EvalScopeEvalFixtures.openAIService("1.14.1")
        let first = try EvalScopeEvalImporter.read(folder)
        #expect(try EvalScopeEvalImporter.read(folder).contentHash == first.contentHash)
        let copy = try Fixtures.temporaryCopy(of: folder)
        let copied = try EvalScopeEvalImporter.read(copy)
        #expect(copied.contentHash == first.contentHash)
        #expect(copied.source.path != first.source.path)

        let review = copy.appending(path: "reviews/mock-model/general_qa_example.jsonl")
        var bytes = try Data(contentsOf: review)
        let position = try #require(bytes.firstIndex(of: UInt8(ascii: "T")))
        bytes[position] = UInt8(ascii: "t")
        try bytes.write(to: review)
        #expect(try EvalScopeEvalImporter.read(copy).contentHash != first.contentHash)

        let other = try EvalScopeEvalImporter.read(EvalScopeEvalFixtures.openAIService("1.9.1"))
        #expect(other.contentHash != first.contentHash)
    }

    @Test func recognizesRunRootsOnly() throws {
        for version in EvalScopeEvalFixtures.versions {
            let root = EvalScopeEvalFixtures.openAIService(version)
            #expect(EvalScopeEvalImporter.recognizes(root), "\(version)")
            #expect(!EvalScopeEvalImporter.recognizes(root.deletingLastPathComponent()))
            for inside in ["configs", "reports", "reports/mock-model", "reviews/mock-model", "predictions", "logs"] {
                #expect(!EvalScopeEvalImporter.recognizes(root.appending(path: inside)), "\(version)/\(inside)")
            }
        }
        #expect(EvalScopeEvalImporter.recognizes(EvalScopeEvalFixtures.capture("eval-mcq-with-errors")))
        #expect(!EvalScopeEvalImporter.recognizes(Fixtures.evalscope("1.14.1-capture/perf-single-completions-p2")))

        // A folder holding only reports (configs deleted) is still an eval run.
        let copy = try Fixtures.temporaryCopy(of: EvalScopeEvalFixtures.openAIService("0.17.1"))
        try FileManager.default.removeItem(at: copy.appending(path: "configs"))
        #expect(EvalScopeEvalImporter.recognizes(copy))
        let run = try EvalScopeEvalImporter.read(copy)
        #expect(run.model.name == "mock-model")
        #expect(run.source.version == "0.14..0.17")
        #expect(run.score("general_mcq", "accuracy")?.score == 0.7)
    }
}
