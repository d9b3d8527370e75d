import Foundation
import Testing

/// lm-evaluation-harness and Inspect AI results as a user brings them to Caliper: the real binary
/// ingests two runs of each tool into a SQLite store, shows one, and compares them question by
/// question.
@Suite(.serialized)
struct EvalToolsEndToEndTests {
        /// `lm_eval run … --log_samples`: `sample_keyword`, exact_match 0.4167 (5/12).
    static let lmEval = CaliperProcess.peers.appending(path: "real-2026-12/lm-eval-0.4.13/local-chat-completions-gen-kwargs/out/sample-llm")
    static let inspect = CaliperProcess.peers.appending(path: "real-2026-12/inspect-ai-0.3.285/mock-words-epochs2")
    static let inspectStem = "2026-12-07T16-03-44-00-00_mock-words_WvL6dmYmALjR83jXozpVGd"

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Ingests `paths` in order into `<folder>/store.sqlite`; each must store one run.
    func ingest(_ paths: [URL], in folder: URL) throws {
        for (index, path) in paths.enumerated() {
            let result = try CaliperProcess.run(["ingest", path.path, "--db", "store.sqlite"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("stored run \(index + 1): eval "), "\(result.stdout)")
        }
    }

    func compare(in folder: URL) throws -> [String: Any] {
        let result = try CaliperProcess.run(["compare", "1", "2", "--db", "store.sqlite", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return try json(result.stdout)
    }

    /// A copy of the lm-eval fixture where five more documents were answered right (10/12).
    func betterLMEvalRun(in folder: URL) throws -> URL {
        let copy = folder.appending(path: "candidate/sample-llm")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.lmEval, to: copy)
        // The examples are read-only; so is a copy of them.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        let samples = copy.appending(path: "samples_sample_keyword_2026-12-07T16-05-01.830197.jsonl")
        var lines: [String] = []
        for line in try String(contentsOf: samples, encoding: .utf8).split(separator: "\n") {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if let document = object["doc_id"] as? Int, [1, 2, 4, 5, 7].contains(document) { object["exact_match"] = 1.0 }
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        try FileManager.default.removeItem(at: samples)
        try (lines.joined(separator: "\n") + "\n").write(to: samples, atomically: true, encoding: .utf8)
        let results = copy.appending(path: "results_2026-12-07T16-05-01.830197.json")
        let text = try String(contentsOf: results, encoding: .utf8)
        try FileManager.default.removeItem(at: results)
        try text.replacingOccurrences(of: "\"exact_match,second_word\": 0.4166666666666667", with: "\"exact_match,second_word\": 0.8333333333333334")
            .write(to: results, atomically: true, encoding: .utf8)
        return copy
    }

    @Test func twoLMEvalRunsPairQuestionByQuestion() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        try ingest([Self.lmEval, try betterLMEvalRun(in: folder)], in: folder)

        let run = try CaliperProcess.show(1, db: "store.sqlite", in: folder)
        #expect(run["kind"] as? String == "eval")
        #expect(run["model"] as? String == "sample-llm")
        let scores = try #require(run["scores"] as? [[String: Any]])
        #expect(scores.count == 1)
        #expect(scores.first?["metric"] as? String == "exact_match,second_word")
        #expect(abs((scores.first?["score"] as? Double ?? 0) - 5.0 / 12) < 1e-12)
        #expect(scores.first?["num"] as? Int == 12)
        let config = try #require(run["generation_config"] as? [String: Any])
        #expect(config["temperature"] as? Double == 0.6)
        #expect(config["max_tokens"] as? Int == 64)
        let source = try #require(run["source"] as? [String: Any])
        #expect(source["tool"] as? String == "lm-eval")
        #expect(source["version"] as? String == "0.4.13")

        let report = try compare(in: folder)
        #expect(report["comparable"] as? Bool == true)
        let verdicts = try #require(report["verdicts"] as? [[String: Any]])
        let score = try #require(verdicts.first { $0["point"] as? String == "sample_keyword" && $0["metric"] as? String == "exact_match,second_word" })
        #expect(score["method"] as? [String: String] == ["interval": "paired_bootstrap", "test": "exact_mcnemar"])
        #expect(score["mode"] as? String == "statistical")
        #expect(score["n_baseline"] as? Int == 12)
        #expect(abs((score["baseline"] as? Double ?? 0) - 5.0 / 12) < 1e-12)
        #expect(abs((score["candidate"] as? Double ?? 0) - 10.0 / 12) < 1e-12)
        // Five questions flipped one way: exact McNemar p = 2 × 0.5⁵.
        #expect(abs((score["p_value"] as? Double ?? 0) - 0.0625) < 1e-9)
    }

    @Test func twoInspectLogsPairQuestionByQuestion() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        // The candidate: the converted JSON log, with q3 ("Paris") answered right in both epochs.
        let candidate = folder.appending(path: "candidate/\(Self.inspectStem).json")
        try FileManager.default.createDirectory(at: candidate.deletingLastPathComponent(), withIntermediateDirectories: true)
        let source = Self.inspect.appending(path: "logs-json/\(Self.inspectStem).json")
        var log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var samples = try #require(log["samples"] as? [[String: Any]])
        for index in samples.indices where samples[index]["id"] as? String == "q3" {
            var scores = try #require(samples[index]["scores"] as? [String: Any])
            var includes = try #require(scores["includes"] as? [String: Any])
            includes["value"] = "C"
            scores["includes"] = includes
            samples[index]["scores"] = scores
        }
        log["samples"] = samples
        var results = try #require(log["results"] as? [String: Any])
        var entries = try #require(results["scores"] as? [[String: Any]])
        var metrics = try #require(entries[0]["metrics"] as? [String: Any])
        metrics["accuracy"] = ["name": "accuracy", "value": 0.75, "params": [String: Any]()]
        entries[0]["metrics"] = metrics
        results["scores"] = entries
        log["results"] = results
        try JSONSerialization.data(withJSONObject: log, options: [.sortedKeys]).write(to: candidate)

        try ingest([Self.inspect.appending(path: "logs"), candidate], in: folder)
        let run = try CaliperProcess.show(1, db: "store.sqlite", in: folder)
        #expect(run["model"] as? String == "sample-llm")
        let scores = try #require(run["scores"] as? [[String: Any]])
        #expect(scores.first?["metric"] as? String == "accuracy")
        #expect(scores.first?["score"] as? Double == 0.625)
        #expect((run["generation_config"] as? [String: Any])?["reasoning_effort"] as? String == "low")
        #expect((run["source"] as? [String: Any])?["tool"] as? String == "inspect")

        let report = try compare(in: folder)
        #expect(report["comparable"] as? Bool == true)
        let verdicts = try #require(report["verdicts"] as? [[String: Any]])
        let score = try #require(verdicts.first { $0["point"] as? String == "mock_words" && $0["metric"] as? String == "accuracy" })
        #expect(score["method"] as? [String: String] == ["interval": "paired_bootstrap", "test": "exact_mcnemar"])
        #expect(score["n_baseline"] as? Int == 8)
        #expect(score["baseline"] as? Double == 0.625)
        #expect(score["candidate"] as? Double == 0.75)
        #expect(score["p_value"] as? Double == 1)
    }
}
