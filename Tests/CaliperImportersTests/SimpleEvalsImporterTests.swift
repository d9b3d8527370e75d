import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// `Examples/peers/simple-evals` (source-derived; see `peer-formats.md` §5).
private enum SimpleEvalsFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Examples/peers/simple-evals")

    static let gptOSS = root.appending(path: "gpt-oss-evals")
    static let gpqa = gptOSS.appending(path: "SAMPLE_gpqa_gpt-oss-20b-low_temp1.0_20251112_140512.json")
    static let gpqaAll = gptOSS.appending(path: "SAMPLE_gpqa_gpt-oss-20b-low_temp1.0_20251112_140512_allresults.json")
    static let aime = gptOSS.appending(path: "SAMPLE_aime25_gpt-oss-20b-high_temp1.0_20251112_152233.json")
    static let mmlu = root.appending(path: "openai-simple-evals/SAMPLE_mmlu_gpt-oss-20b-low_20251112_160102.json")

    /// A scratch file `name` holding `text`.
    static func file(_ text: String, name: String = "gpqa_gpt-oss-20b-low_temp1.0_20251112_140512.json") throws -> URL {
        let url = try Fixtures.temporaryDirectory().appending(path: name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The local time the tool's `datetime.now()` stamp names, read in this host's zone.
    static func local(_ text: String) -> RunTime? {
        RunTime(local: text, zone: .current, origin: .ingestHost)
    }
}

private func close(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= 1e-9 * abs(expected)
}

private func readError(_ url: URL) throws -> ImportError {
    try #require(throws: ImportError.self) { try SimpleEvalsImporter.readRuns(url) }
}

@Suite("simple-evals / gpt_oss.evals: fixtures, file names, bad input")
struct SimpleEvalsImporterTests {
    @Test("gpt_oss.evals GPQA, low effort, temperature 1.0: the score, identity from the name")
    func gpqa() throws {
        #expect(SimpleEvalsImporter.recognizes(SimpleEvalsFixtures.gpqa))
        let runs = try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.gpqa)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.kind == .eval)
        #expect(run.model.name == "gpt-oss-20b")
        #expect(run.generationConfig.reasoningEffort == "low")
        #expect(run.generationConfig.temperature == 1.0)
        #expect(run.generationConfig.maxTokens == nil)
        #expect(run.workload.dataset == "gpqa")
        #expect(run.source.tool == "simple-evals")
        #expect(run.source.format == "gpt-oss-evals")
        #expect(run.source.version == nil)
        #expect(run.source.path == SimpleEvalsFixtures.gpqa.path(percentEncoded: false))
        #expect(run.runAt == SimpleEvalsFixtures.local("2025-11-12T14:05:12"))
        #expect(run.runAt?.origin == .ingestHost)
        #expect(run.labels.isEmpty)
        #expect(run.warnings.isEmpty)
        // `chars` and every `:std` are left out: one score.
        #expect(run.scores.count == 1)
        let score = try #require(run.scores.first)
        #expect(score.dataset == "gpqa")
        #expect(score.subset == nil)
        #expect(score.metric == "accuracy")
        #expect(score.sourceMetric == "score")
        #expect(score.isPrimary)
        #expect(score.count == nil)
        #expect(close(score.score, 0.5688131313131313))
        #expect(run.samples.isEmpty)
        #expect(run.points.isEmpty)
        #expect(RunValidation.violations(of: run).isEmpty)
    }

    @Test("gpt_oss.evals AIME25, high effort: 0.85")
    func aime() throws {
        let run = try #require(try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.aime).first)
        #expect(run.model.name == "gpt-oss-20b")
        #expect(run.generationConfig.reasoningEffort == "high")
        #expect(run.generationConfig.temperature == 1.0)
        #expect(run.workload.dataset == "aime25")
        #expect(run.runAt == SimpleEvalsFixtures.local("2025-11-12T15:22:33"))
        #expect(run.scores.map(\.metric) == ["accuracy"])
        #expect(close(run.scores.first?.score, 0.85))
    }

    @Test("simple-evals MMLU: the score and the four category subsets; the sampler key is the model")
    func mmlu() throws {
        #expect(SimpleEvalsImporter.recognizes(SimpleEvalsFixtures.mmlu))
        let run = try #require(try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.mmlu).first)
        #expect(run.source.format == "simple-evals")
        #expect(run.model.name == "gpt-oss-20b-low")
        #expect(run.generationConfig.values.isEmpty)
        #expect(run.workload.dataset == "mmlu")
        #expect(run.runAt == SimpleEvalsFixtures.local("2025-11-12T16:01:02"))
        #expect(run.scores.count == 5)
        let primary = try #require(run.scores.first)
        #expect(primary.isPrimary && primary.subset == nil && primary.metric == "accuracy")
        #expect(close(primary.score, 0.8321464178891895))
        let subsets = run.scores.dropFirst()
        #expect(subsets.allSatisfy { !$0.isPrimary && $0.metric == "accuracy" && $0.dataset == "mmlu" })
        #expect(subsets.map(\.subset) == ["humanities", "other", "social_sciences", "stem"])
        #expect(subsets.map(\.sourceMetric) == ["humanities", "other", "social_sciences", "stem"])
        let expected = [0.7887353878852285, 0.8479333744602098, 0.8690282742931427, 0.8452617627567925]
        #expect(zip(subsets.map(\.score), expected).allSatisfy { close($0, $1) })
        #expect(RunValidation.violations(of: run).isEmpty)
    }

    @Test("a folder of gpt_oss.evals results: one run per metrics file, oldest first; _allresults is not one")
    func folder() throws {
        #expect(SimpleEvalsImporter.recognizes(SimpleEvalsFixtures.gptOSS))
        let runs = try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.gptOSS)
        #expect(runs.map(\.workload.dataset) == ["gpqa", "aime25"])
        #expect(runs.map(\.generationConfig.reasoningEffort) == ["low", "high"])
        let single = try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.gpqa)
        #expect(runs.first?.contentHash == single.first?.contentHash)
        let folderImporters: [String] = Importers.importers(for: SimpleEvalsFixtures.gptOSS).map { $0.name }
        let fileImporters: [String] = Importers.importers(for: SimpleEvalsFixtures.gpqa).map { $0.name }
        #expect(folderImporters == ["simple-evals"])
        #expect(fileImporters == ["simple-evals"])
    }

    @Test("recognizes: metrics files and folders holding them; not _allresults, other JSON, parent folders")
    func recognizes() throws {
        #expect(!SimpleEvalsImporter.recognizes(SimpleEvalsFixtures.gpqaAll))
        #expect(!SimpleEvalsImporter.recognizes(SimpleEvalsFixtures.root))
        #expect(!SimpleEvalsImporter.recognizes(SimpleEvalsFixtures.root.appending(path: "missing_model_20251112_140512.json")))
        let metrics = #"{"score": 0.5, "score:std": 0.5}"#
        // The right content under another name; the right name over other content.
        #expect(!SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file(metrics, name: "results.json")))
        #expect(!SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file(#"{"score": "high"}"#)))
        #expect(!SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file(#"{"results": {"score": 0.5}}"#)))
        #expect(!SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file(#"{"accuracy": 0.5}"#)))
        #expect(!SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file("[0.5]")))
        // Old simple-evals (before May 2025): no time in the name, so only a known eval will do.
        #expect(SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file(metrics, name: "mmlu_gpt-4o-2024-08-06.json")))
        #expect(!SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file(metrics, name: "report_gpt-4o.json")))
        #expect(SimpleEvalsImporter.recognizes(try SimpleEvalsFixtures.file(metrics, name: "report_gpt-4o_20250512_101500.json")))
        // An empty folder, and one holding only an _allresults file.
        let empty = try Fixtures.temporaryDirectory()
        #expect(!SimpleEvalsImporter.recognizes(empty))
        try FileManager.default.copyItem(at: SimpleEvalsFixtures.gpqaAll, to: empty.appending(path: SimpleEvalsFixtures.gpqaAll.lastPathComponent))
        #expect(!SimpleEvalsImporter.recognizes(empty))
    }

    @Test("file names: known evals with _, sampler keys with _, / as __, debug, no time")
    func fileNames() throws {
        let hard = try #require(SimpleEvalsFileName("healthbench_hard_o3_high_20250512_101500.json"))
        #expect(hard.shape == .simpleEvals)
        #expect(hard.eval == "healthbench_hard")
        #expect(hard.model == "o3_high")
        #expect(hard.reasoningEffort == nil)
        #expect(hard.stamp == "20250512_101500")
        #expect(!hard.isDebug)

        let oss = try #require(SimpleEvalsFileName("gpqa_openai__gpt-oss-120b-medium_temp0.6_20250901_080000_DEBUG.json"))
        #expect(oss.shape == .gptOSSEvals)
        #expect(oss.eval == "gpqa")
        #expect(oss.model == "openai/gpt-oss-120b")
        #expect(oss.reasoningEffort == "medium")
        #expect(oss.temperatureText == "0.6")
        #expect(oss.isDebug)

        let old = try #require(SimpleEvalsFileName("mmlu_gpt-4-turbo-2024-04-09_chatgpt.json"))
        #expect(old.eval == "mmlu" && old.model == "gpt-4-turbo-2024-04-09_chatgpt" && old.stamp == nil)

        #expect(SimpleEvalsFileName("gpqa_gpt-oss-20b-low_temp1.0_20251112_140512_allresults.json") == nil)
        #expect(SimpleEvalsFileName("gpqa_gpt-oss-20b-low_temp1.0_20251112_140512.html") == nil)
        #expect(SimpleEvalsFileName("gpqa_20251112_140512.json") == nil)
    }

    @Test("a --debug run, a tiny temperature, counts from :n_samples, other metrics by name")
    func debugAndCounts() throws {
        let text = #"{"pass@1": 0.75, "pass@1:n_samples": 4, "score": 0.75, "score:n_samples": 4, "score:std": 0.43}"#
        let url = try SimpleEvalsFixtures.file(text, name: "humaneval_my__model-low_temp1e-05_20251112_140512_DEBUG.json")
        let run = try #require(try SimpleEvalsImporter.readRuns(url).first)
        #expect(run.model.name == "my/model")
        #expect(run.generationConfig.temperature == 1e-05)
        #expect(run.labels == ["debug": "true"])
        #expect(run.warnings.count == 1)
        #expect(run.scores.map(\.metric) == ["accuracy", "pass@1"])
        #expect(run.scores.map(\.count) == [4, 4])
        #expect(run.scores.map(\.isPrimary) == [true, false])
        #expect(run.scores.map(\.subset) == [nil, nil])
    }

    @Test("re-reading gives the same content hash; so does a copy elsewhere")
    func hashes() throws {
        let first = try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.mmlu)
        let again = try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.mmlu)
        #expect(first.first?.contentHash == again.first?.contentHash)
        let copy = try Fixtures.temporaryDirectory().appending(path: SimpleEvalsFixtures.mmlu.lastPathComponent)
        try FileManager.default.copyItem(at: SimpleEvalsFixtures.mmlu, to: copy)
        #expect(try SimpleEvalsImporter.readRuns(copy).first?.contentHash == first.first?.contentHash)
        let other = try SimpleEvalsImporter.readRuns(SimpleEvalsFixtures.gpqa)
        #expect(other.first?.contentHash != first.first?.contentHash)
    }

    @Test("bad input: an ImportError naming the file and the key")
    func badInput() throws {
        let cases: [(text: String, field: String, reason: String)] = [
            (#"{"score": NaN, "score:std": NaN}"#, "score", "not a finite number"),
            (#"{"score": "0.5"}"#, "score", "expected a number"),
            (#"{"score": 1.5}"#, "score", "above 1"),
            (#"{"score": -0.1}"#, "score", "negative"),
            (#"{"score": true}"#, "score", "expected a number"),
            (#"{"score:std": 0.5}"#, "score", "missing"),
            (#"{"score": null}"#, "score", "missing"),
            (#"{"score": 0.5, "score:std": "wide"}"#, "score:std", "expected a number"),
            (#"{"score": 0.5, "score:n_samples": 3.5}"#, "score:n_samples", "expected an integer"),
        ]
        for (text, field, reason) in cases {
            let url = try SimpleEvalsFixtures.file(text)
            let error = try readError(url)
            #expect(error.file == url.path(percentEncoded: false), "\(text)")
            #expect(error.field == field, "\(text): \(error)")
            #expect(error.reason.contains(reason), "\(text): \(error)")
        }
        let subset = try SimpleEvalsFixtures.file(#"{"score": 0.5, "stem": 2.0}"#, name: "mmlu_m_20251112_160102.json")
        #expect(try readError(subset).field == "stem")

        let truncated = try SimpleEvalsFixtures.file(#"{"score": 0.5, "score:st"#)
        #expect(try readError(truncated).reason.contains("not valid JSON"))
        let list = try SimpleEvalsFixtures.file("[0.5]")
        #expect(try readError(list).reason.contains("expected an object"))

        let badTemperature = try SimpleEvalsFixtures.file(#"{"score": 0.5}"#, name: "gpqa_m-low_tempnan_20251112_140512.json")
        #expect(try readError(badTemperature).field == "file name")
        let badTime = try SimpleEvalsFixtures.file(#"{"score": 0.5}"#, name: "gpqa_m-low_temp1.0_20251399_140512.json")
        #expect(try readError(badTime).field == "file name")
        let badName = try SimpleEvalsFixtures.file(#"{"score": 0.5}"#, name: "results.json")
        #expect(try readError(badName).field == "file name")
    }
}
