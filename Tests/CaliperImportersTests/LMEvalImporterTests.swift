import CaliperCore
import Foundation
import Testing

@testable import CaliperImporters

/// lm-evaluation-harness results in `Examples/peers`, and scratch copies to break.
private enum LMEvalFixtures {
    /// `lm_eval run --model local-chat-completions --gen_kwargs temperature=0.6,max_gen_toks=64`, one local task.
    static let keyword = Fixtures.peers("real-2026-12/lm-eval-0.4.13/local-chat-completions-gen-kwargs/out/sample-llm")
    static let keywordResults = keyword.appending(path: "results_2026-12-07T16-05-01.830197.json")
    static let keywordSamples = keyword.appending(path: "samples_sample_keyword_2026-12-07T16-05-01.830197.jsonl")
    /// A group (`math_sample`) of two gsm8k-style tasks with two filters each.
    static let group = Fixtures.peers("lm-eval/SAMPLE_real-run_api-chat_gsm8k-group/openai__gpt-oss-20b")
    /// `--model dummy`, a multiple choice task (`acc,none`, `acc_norm,none`).
    static let multipleChoice = Fixtures.peers("lm-eval/SAMPLE_real-run_dummy_multiple-choice/vdujuxrm")
    /// gsm8k with gpt-oss-20b-like numbers and an H20 `pretty_env_info`.
    static let realistic = Fixtures.peers("lm-eval/SAMPLE_realistic_gsm8k_gpt-oss-20b/openai__gpt-oss-20b")
    static let realisticResults = realistic.appending(path: "results_2026-11-20T09-45-12.418093.json")

    static func only(_ folder: URL) throws -> Run {
        let runs = try LMEvalImporter.readRuns(folder)
        #expect(runs.count == 1)
        return try #require(runs.first)
    }

    static func importError(_ location: URL) -> ImportError? {
        Fixtures.importError { _ = try LMEvalImporter.readRuns(location) }
    }
}

@Suite struct LMEvalImporterTests {
    // MARK: The numbers lm-eval printed

    /// `sample_keyword | 2 | second_word | 0 | exact_match | 0.4167 ± 0.1486` (5/12).
    @Test func keywordRunHasThePrintedScoreAndItsSamples() throws {
        let run = try LMEvalFixtures.only(LMEvalFixtures.keyword)
        #expect(run.kind == .eval)
        #expect(run.scores.count == 1)
        let score = try #require(run.scores.first)
        #expect(score.dataset == "sample_keyword")
        #expect(score.subset == nil)
        #expect(score.metric == "exact_match,second_word")
        #expect(score.sourceMetric == "exact_match,second_word")
        #expect(near(score.score, 5.0 / 12))
        #expect(abs(score.score - 0.4167) < 5e-5)
        #expect(score.count == 12)
        #expect(score.isPrimary)

        #expect(run.samples.count == 12)
        #expect(run.samples.filter { $0.score == 1 }.count == 5)
        #expect(Set(run.samples.map(\.metric)) == ["exact_match,second_word"])
        #expect(Set(run.samples.map(\.subset)) == ["sample_keyword"])
        #expect(run.samples.allSatisfy { $0.dataset == "sample_keyword" && $0.repeatIndex == 0 })
        let first = try #require(run.samples.first)
        #expect(first.sampleID == "0")
        #expect(first.questionID == "34b886084eeb790880a270aef1592f9bd939784a67571be1f4d28dd9a5547855")
        #expect(first.score == 1)
        #expect(Set(run.samples.map(\.questionID)).count == 12)
        #expect(run.warnings.isEmpty)
    }

    @Test func keywordRunIdentity() throws {
        let run = try LMEvalFixtures.only(LMEvalFixtures.keyword)
        #expect(run.model == ModelIdentity(name: "sample-llm"))
        #expect(run.engine == EngineIdentity())
        #expect(run.hardware == Hardware())
        // The CLI's gen_kwargs (temperature 0.6, max_gen_toks 64) over the task's YAML (max_gen_toks 16).
        #expect(run.generationConfig.temperature == 0.6)
        #expect(run.generationConfig.maxTokens == 64)
        #expect(run.generationConfig.values["until"] == .array([.string("\n\n")]))
        #expect(run.generationConfig.values["max_gen_toks"] == nil)
        #expect(run.workload.api == "local-chat-completions")
        #expect(run.workload.url == "http://127.0.0.1:18931/v1/chat/completions")
        #expect(run.workload.endpoint == "/v1/chat/completions")
        #expect(run.workload.dataset == "sample_keyword")
        #expect(run.workload.outputLength == 64)
        #expect(run.source.tool == "lm-eval")
        #expect(run.source.version == "0.4.13")
        #expect(run.source.format == "results-v2")
        #expect(run.source.path == LMEvalFixtures.keywordResults.path(percentEncoded: false))
        // `date` 1796659498.12 is the start; the file name's 16:05:01 (saved 3 s later) says UTC.
        let time = try #require(run.runAt)
        #expect(time.utcText == "2026-12-07T16:04:58Z")
        #expect(time.offsetText == "+00:00")
        #expect(time.origin == .source)
    }

    /// The group fixture: `math_sample` (0.6111 strict, 0.7778 flexible over 18) of
    /// `gsm8k_sample` (0.5 / 0.6667 over 12) and `gsm8k_sample_b` (0.8333 / 1.0 over 6).
    @Test func groupIsOneDatasetWithItsTasksAsSubsets() throws {
        let run = try LMEvalFixtures.only(LMEvalFixtures.group)
        let table = Dictionary(uniqueKeysWithValues: run.scores.map { ("\($0.subset ?? "-") \($0.metric)", $0) })
        #expect(Set(run.scores.map(\.dataset)) == ["math_sample"])
        #expect(run.scores.count == 6)
        let expected: [(String, Double, Int)] = [
            ("- exact_match,strict-match", 0.6111111111111112, 18), ("- exact_match,flexible-extract", 0.7777777777777778, 18),
            ("gsm8k_sample exact_match,strict-match", 0.5, 12), ("gsm8k_sample exact_match,flexible-extract", 0.6666666666666666, 12),
            ("gsm8k_sample_b exact_match,strict-match", 0.8333333333333334, 6), ("gsm8k_sample_b exact_match,flexible-extract", 1.0, 6),
        ]
        for (key, value, count) in expected {
            let score = try #require(table[key], "\(key)")
            #expect(near(score.score, value), "\(key)")
            #expect(score.count == count, "\(key)")
        }
        let primary = run.scores.filter { $0.isPrimary && $0.subset == nil }
        #expect(primary.map(\.metric) == ["exact_match,strict-match"])
        #expect(run.scores.first?.metric == "exact_match,strict-match")

        // Samples: the strict-match lines of both tasks, each task a subset.
        #expect(run.samples.count == 18)
        #expect(Set(run.samples.map(\.dataset)) == ["math_sample"])
        for (subset, mean) in [("gsm8k_sample", 0.5), ("gsm8k_sample_b", 0.8333333333333334)] {
            let rows = run.samples.filter { $0.subset == subset }
            #expect(near(rows.map(\.score).reduce(0, +) / Double(rows.count), mean), "\(subset)")
        }
        #expect(run.workload.dataset == "math_sample")
        #expect(run.model == ModelIdentity(name: "openai/gpt-oss-20b", checkpoint: "openai/gpt-oss-20b"))
        #expect(run.generationConfig.reasoningEffort == "low")
        #expect(run.generationConfig.temperature == 0)
        #expect(run.generationConfig.maxTokens == 4096)
        #expect(run.generationConfig.values["do_sample"] == .bool(false))
    }

    /// `--model dummy`: `acc,none` 0.375 and `acc_norm,none` 0.375 over 8; a random model name.
    @Test func multipleChoiceNamesAccuracyCanonically() throws {
        let run = try LMEvalFixtures.only(LMEvalFixtures.multipleChoice)
        #expect(run.scores.map(\.metric) == ["accuracy", "acc_norm"])
        #expect(run.scores.map(\.sourceMetric) == ["acc,none", "acc_norm,none"])
        #expect(run.scores.map(\.isPrimary) == [true, false])
        #expect(run.scores.allSatisfy { $0.score == 0.375 && $0.count == 8 })
        #expect(run.samples.count == 8)
        #expect(run.samples.allSatisfy { $0.metric == "accuracy" })
        #expect(run.samples.map(\.score).reduce(0, +) == 3)
        #expect(run.model.name == "vdujuxrm")
        #expect(run.generationConfig == GenerationConfig())
        #expect(run.workload.api == "dummy")
    }

    /// gsm8k: strict-match 0.6467 ± 0.0132, flexible-extract 0.8954 ± 0.0084 over 1319.
    @Test func realisticGSM8KLeavesTheClientMachineOutOfTheHardware() throws {
        let run = try LMEvalFixtures.only(LMEvalFixtures.realistic)
        let strict = try #require(run.scores.first { $0.metric == "exact_match,strict-match" })
        let flexible = try #require(run.scores.first { $0.metric == "exact_match,flexible-extract" })
        #expect(near(strict.score, 0.6467020470053071))
        #expect(near(flexible.score, 0.8953752843062927))
        #expect(strict.count == 1319)
        #expect(strict.isPrimary && !flexible.isPrimary)
        // The samples file is cut to 3 documents × 2 filters.
        #expect(run.samples.map(\.sampleID) == ["0", "1", "2"])
        #expect(run.samples.map(\.score) == [1, 0, 0])
        // `pretty_env_info` shows an H20, but local-chat-completions ran the model elsewhere.
        #expect(run.hardware == Hardware())
        #expect(run.engine == EngineIdentity())
        #expect(run.workload.url == "http://10.0.0.12:8000/v1/chat/completions")
        #expect(run.runAt?.seconds == 1_795_200_312)
    }

    @Test func localModelTypesTakeTheGPUFromTheEnvironment() throws {
        let folder = try Fixtures.temporaryCopy(of: LMEvalFixtures.realistic)
        try Fixtures.editJSON(folder.appending(path: LMEvalFixtures.realisticResults.lastPathComponent)) { root in
            var config = try #require(root["config"] as? [String: Any])
            config["model"] = "vllm"
            config["model_args"] = "pretrained=openai/gpt-oss-20b,tensor_parallel_size=1,gpu_memory_utilization=0.9"
            root["config"] = config
            root["model_name"] = "openai/gpt-oss-20b"
        }
        let run = try LMEvalFixtures.only(folder)
        #expect(run.hardware == Hardware(description: "NVIDIA H20", count: 1))
        #expect(run.hardware.name == "H20")
        #expect(run.engine == EngineIdentity(name: "vllm"))
        #expect(run.model.checkpoint == "openai/gpt-oss-20b")
        #expect(run.workload.api == "vllm")
    }

    @Test func identityHelpers() {
        #expect(LMEvalIdentity.parseArguments("pretrained=Qwen/Qwen3-8B,tensor_parallel_size=2,trust_remote_code=True,dtype=auto") == [
            "pretrained": .string("Qwen/Qwen3-8B"), "tensor_parallel_size": .int(2), "trust_remote_code": .bool(true),
            "dtype": .string("auto"),
        ])
        let env = ["pretty_env_info": JSONValue.string("GPU models and configuration: \nGPU 0: NVIDIA A100-SXM4-80GB\nGPU 1: NVIDIA A100-SXM4-80GB\nGPU 2: NVIDIA A100-SXM4-80GB\nGPU 3: NVIDIA A100-SXM4-80GB\nNvidia driver version: 550")]
        let vllm = LMEvalIdentity.hardware(modelType: "vllm", arguments: ["tensor_parallel_size": .int(2)], root: env)
        #expect(vllm.name == "A100" && vllm.count == 2 && vllm.memoryGB == 80)
        #expect(LMEvalIdentity.hardware(modelType: "hf", arguments: ["parallelize": .bool(true)], root: env).count == 4)
        #expect(LMEvalIdentity.hardware(modelType: "hf", arguments: [:], root: env).count == 1)
        #expect(LMEvalIdentity.hardware(modelType: "vllm", arguments: ["tensor_parallel_size": .int(16)], root: env).count == 4)
        #expect(LMEvalIdentity.hardware(modelType: "local-completions", arguments: [:], root: env) == Hardware())
        #expect(LMEvalIdentity.engine(modelType: "hf", root: ["transformers_version": .string("4.57.1")])
            == EngineIdentity(name: "transformers", version: "4.57.1"))
    }

    // MARK: Layouts and versions

    /// 0.4.0 – 0.4.2: `results.json`, a `k=v` model_args string and gen_kwargs string, samples as
    /// a JSON list named after model_args, lines without `filter` or `doc_hash`.
    @Test func oldLayoutWithResultsJSONAndSampleLists() throws {
        let folder = try Fixtures.temporaryDirectory()
        let source = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: LMEvalFixtures.realisticResults)) as? [String: Any])
        var root: [String: Any] = [:]
        for key in ["results", "configs", "versions", "n-shot", "git_hash", "date", "pretty_env_info", "transformers_version", "upper_git_hash"] {
            root[key] = source[key]
        }
        root["results"] = ["gsm8k": [
            "exact_match,strict-match": 0.5, "exact_match_stderr,strict-match": "N/A",
            "exact_match,flexible-extract": 1.0, "exact_match_stderr,flexible-extract": "N/A", "alias": "gsm8k",
        ]]
        root["config"] = [
            "model": "hf", "model_args": "pretrained=EleutherAI/pythia-160m,dtype=float32", "batch_size": 1,
            "gen_kwargs": "temperature=0,max_gen_toks=32",
        ]
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted]).write(to: folder.appending(path: "results.json"))
        // Two documents, strict-match block first, then flexible-extract; no filter or hash keys.
        let lines: [[String: Any]] = [
            ["doc_id": 0, "target": "18", "exact_match": 1.0], ["doc_id": 1, "target": "3", "exact_match": 0.0],
            ["doc_id": 0, "target": "18", "exact_match": 1.0], ["doc_id": 1, "target": "3", "exact_match": 1.0],
        ]
        try JSONSerialization.data(withJSONObject: lines, options: [.prettyPrinted])
            .write(to: folder.appending(path: "pretrained__EleutherAI__pythia-160m,dtype__float32_gsm8k.jsonl"))

        #expect(LMEvalImporter.recognizes(folder))
        let run = try LMEvalFixtures.only(folder)
        #expect(run.source.format == "results-v1")
        #expect(run.source.version == "0.4.2")
        #expect(run.scores.map(\.metric) == ["exact_match,strict-match", "exact_match,flexible-extract"])
        #expect(run.scores.allSatisfy { $0.count == nil })
        #expect(run.samples.map(\.questionID) == ["0", "1"])
        #expect(run.samples.map(\.score) == [1, 0])
        #expect(run.model == ModelIdentity(name: "EleutherAI/pythia-160m", checkpoint: "EleutherAI/pythia-160m"))
        #expect(run.engine.name == "transformers")
        #expect(run.hardware.name == "H20")
        #expect(run.generationConfig.maxTokens == 32)
        #expect(run.generationConfig.temperature == 0)
        // gen_kwargs applied to the task; the task's own until/do_sample stay.
        #expect(run.generationConfig.values["do_sample"] == .bool(false))
        #expect(run.runAt?.seconds == 1_795_200_312)
        #expect(run.runAt?.offsetText == nil)
    }

    @Test func severalResultsFilesInAFolderAreSeveralRunsOldestFirst() throws {
        let folder = try Fixtures.temporaryCopy(of: LMEvalFixtures.keyword)
        let later = "2026-12-07T17-30-00.000001"
        try FileManager.default.copyItem(
            at: LMEvalFixtures.keywordResults, to: folder.appending(path: "results_\(later).json"))
        try FileManager.default.copyItem(
            at: LMEvalFixtures.keywordSamples, to: folder.appending(path: "samples_sample_keyword_\(later).jsonl"))
        try Fixtures.editJSON(folder.appending(path: "results_\(later).json")) { root in
            root["date"] = 1_796_664_000.5
        }
        let runs = try LMEvalImporter.readRuns(folder)
        #expect(runs.count == 2)
        #expect(runs.map { $0.runAt?.seconds } == [1_796_659_498, 1_796_664_000])
        #expect(runs.allSatisfy { $0.samples.count == 12 })
        #expect(runs[0].contentHash != runs[1].contentHash)
        #expect(runs[1].source.path?.hasSuffix("results_\(later).json") == true)
    }

    // MARK: Recognizing and hashing

    @Test func recognizesResultsFilesAndTheirFolders() throws {
        #expect(LMEvalImporter.recognizes(LMEvalFixtures.keyword))
        #expect(LMEvalImporter.recognizes(LMEvalFixtures.keywordResults))
        #expect(LMEvalImporter.recognizes(LMEvalFixtures.group))
        #expect(!LMEvalImporter.recognizes(LMEvalFixtures.keywordSamples))
        #expect(!LMEvalImporter.recognizes(LMEvalFixtures.keyword.deletingLastPathComponent()))
        #expect(!LMEvalImporter.recognizes(LMEvalFixtures.keyword.deletingLastPathComponent().deletingLastPathComponent()))
        let inspect = Fixtures.peers("real-2026-12/inspect-ai-0.3.285/mock-words-epochs2")
        #expect(!LMEvalImporter.recognizes(inspect.appending(path: "logs-json")))
        #expect(!LMEvalImporter.recognizes(inspect.appending(path: "logs-json/2026-12-07T16-03-44-00-00_mock-words_WvL6dmYmALjR83jXozpVGd.json")))
        let other = try Fixtures.temporaryDirectory()
        try #"{"results": {"x": 1}}"#.write(to: other.appending(path: "results_2026-12-07T16-05-01.json"), atomically: true, encoding: .utf8)
        #expect(!LMEvalImporter.recognizes(other))
        #expect(Importers.importers(for: LMEvalFixtures.keyword).map { $0.name } == ["lm-eval"])
    }

    @Test func reReadingOrMovingGivesTheSameHash() throws {
        let first = try LMEvalFixtures.only(LMEvalFixtures.keyword)
        let again = try LMEvalFixtures.only(LMEvalFixtures.keyword)
        #expect(first.contentHash == again.contentHash)
        let byFile = try #require(try LMEvalImporter.readRuns(LMEvalFixtures.keywordResults).first)
        #expect(byFile.contentHash == first.contentHash)
        let moved = try LMEvalFixtures.only(try Fixtures.temporaryCopy(of: LMEvalFixtures.keyword))
        #expect(moved.contentHash == first.contentHash)
        #expect(moved.samples == first.samples)
        let other = try LMEvalFixtures.only(LMEvalFixtures.group)
        #expect(other.contentHash != first.contentHash)
    }

    // MARK: Bad input

    private func brokenKeyword(_ edit: (URL, URL) throws -> Void) throws -> URL {
        let folder = try Fixtures.temporaryCopy(of: LMEvalFixtures.keyword)
        try edit(
            folder.appending(path: LMEvalFixtures.keywordResults.lastPathComponent),
            folder.appending(path: LMEvalFixtures.keywordSamples.lastPathComponent))
        return folder
    }

    @Test func nanScoreNamesFileAndKey() throws {
        let folder = try brokenKeyword { results, _ in
            try Fixtures.replace("\"exact_match,second_word\": 0.4166666666666667", with: "\"exact_match,second_word\": NaN", in: results)
        }
        let error = try #require(LMEvalFixtures.importError(folder))
        #expect(error.file.hasSuffix(LMEvalFixtures.keywordResults.lastPathComponent))
        #expect(error.field == "results.sample_keyword.exact_match,second_word")
        #expect(error.reason.contains("not a finite number"))
    }

    @Test func shareAboveOneIsRefused() throws {
        let folder = try brokenKeyword { results, _ in
            try Fixtures.replace("\"exact_match,second_word\": 0.4166666666666667", with: "\"exact_match,second_word\": 41.7", in: results)
        }
        let error = try #require(LMEvalFixtures.importError(folder))
        #expect(error.description.contains("\"results.sample_keyword.exact_match,second_word\": 41.7: above 1"))
    }

    @Test func wrongTypeNamesTheKey() throws {
        let folder = try brokenKeyword { results, _ in
            try Fixtures.replace("\"effective\": 12", with: "\"effective\": \"twelve\"", in: results)
        }
        let error = try #require(LMEvalFixtures.importError(folder))
        #expect(error.field == "n-samples.sample_keyword.effective")
        #expect(error.reason.contains("expected an integer"))
    }

    @Test func negativeDateIsRefused() throws {
        let folder = try brokenKeyword { results, _ in
            try Fixtures.replace("\"date\": 1796659498.1196458", with: "\"date\": -5", in: results)
        }
        let error = try #require(LMEvalFixtures.importError(folder))
        #expect(error.field == "date")
        #expect(error.reason.contains("negative"))
    }

    @Test func truncatedResultsFile() throws {
        let folder = try brokenKeyword { results, _ in
            let data = try Data(contentsOf: results)
            try data.prefix(200).write(to: results)
        }
        // A cut file no longer looks like lm-eval's to the folder check; read directly, it names the file.
        let error = try #require(LMEvalFixtures.importError(folder.appending(path: LMEvalFixtures.keywordResults.lastPathComponent)))
        #expect(error.reason.contains("not valid JSON"))
        #expect(error.file.hasSuffix(".json"))
    }

    @Test func truncatedSamplesLineNamesTheLine() throws {
        let folder = try brokenKeyword { _, samples in
            let text = try String(contentsOf: samples, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[4] = String(lines[4].prefix(100))
            try lines.joined(separator: "\n").write(to: samples, atomically: true, encoding: .utf8)
        }
        let error = try #require(LMEvalFixtures.importError(folder))
        #expect(error.file.hasSuffix(LMEvalFixtures.keywordSamples.lastPathComponent))
        #expect(error.field == "line 5")
    }

    @Test func sampleScoreOutOfRangeNamesTheLine() throws {
        let folder = try brokenKeyword { _, samples in
            try Fixtures.replace("\"exact_match\": 0.0}", with: "\"exact_match\": -1.0}", in: samples)
        }
        let error = try #require(LMEvalFixtures.importError(folder))
        #expect(error.description.contains("line 2: exact_match\": -1.0: negative"))
    }

    @Test func duplicateDocumentIsRefused() throws {
        let folder = try brokenKeyword { _, samples in
            try Fixtures.replace("{\"doc_id\": 1,", with: "{\"doc_id\": 0,", in: samples)
        }
        let error = try #require(LMEvalFixtures.importError(folder))
        #expect(error.field == "line 2: doc_id")
        #expect(error.reason.contains("also on line 1"))
    }

    @Test func corpusLevelMetricKeepsScoresWithoutSamples() throws {
        let folder = try brokenKeyword { _, samples in
            let text = try String(contentsOf: samples, encoding: .utf8)
            try text.replacingOccurrences(of: "\"exact_match\": 1.0}", with: "\"exact_match\": [\"model\", \"model\"]}")
                .replacingOccurrences(of: "\"exact_match\": 0.0}", with: "\"exact_match\": [\"model\", \"token\"]}")
                .write(to: samples, atomically: true, encoding: .utf8)
        }
        let run = try LMEvalFixtures.only(folder)
        #expect(run.samples.isEmpty)
        #expect(run.scores.count == 1)
        #expect(run.warnings.count == 1)
        #expect(run.warnings.first?.contains("corpus-level") == true)
    }
}
