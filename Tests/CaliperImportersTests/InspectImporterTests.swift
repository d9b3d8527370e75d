import CaliperCore
import Foundation
import Testing
import ZIPFoundation

@testable import CaliperImporters

/// The Inspect AI log in `Examples/peers` (`inspect eval mock_words.py --epochs 2
/// --reasoning-effort low`, 0.3.285), in both containers, and edited copies.
private enum InspectFixtures {
    static let folder = Fixtures.peers("real-2026-12/inspect-ai-0.3.285/mock-words-epochs2")
    static let stem = "2026-12-07T16-03-44-00-00_mock-words_WvL6dmYmALjR83jXozpVGd"
    static let logs = folder.appending(path: "logs")
    static let logsJSON = folder.appending(path: "logs-json")
    /// The native log: a zip of zstd members.
    static let evalLog = logs.appending(path: "\(stem).eval")
    /// The same log after `inspect log convert --to json`.
    static let jsonLog = logsJSON.appending(path: "\(stem).json")

    static func read(_ url: URL) throws -> Run {
        let runs = try InspectImporter.readRuns(url)
        #expect(runs.count == 1)
        return try #require(runs.first)
    }

    /// The fixture archive's members, decompressed.
    static func members() throws -> [String: Data] {
        let archive = try InspectArchive(data: try Data(contentsOf: evalLog), file: evalLog)
        var members: [String: Data] = [:]
        for name in archive.members.keys { members[name] = try archive.data(name) }
        return members
    }

    /// Writes `members` as a deflated (or stored) zip, the way Inspect wrote `.eval` logs before zstd.
    static func writeArchive(_ members: [String: Data], to url: URL, method: CompressionMethod = .deflate) throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        for name in members.keys.sorted() {
            let data = members[name] ?? Data()
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method,
                provider: { position, size in data.subdata(in: Int(position)..<(Int(position) + size)) })
        }
        try #require(archive.data).write(to: url)
    }

    /// A copy of the JSON log, edited, in a new folder.
    static func editedJSONLog(_ edit: (inout [String: Any]) throws -> Void) throws -> URL {
        let url = try Fixtures.temporaryDirectory().appending(path: "\(stem).json")
        try Fixtures.editedJSON(try Data(contentsOf: jsonLog), edit).write(to: url)
        return url
    }

    /// A copy of the JSON log with its text edited.
    static func replacedJSONLog(_ old: String, with new: String) throws -> URL {
        let url = try Fixtures.temporaryDirectory().appending(path: "\(stem).json")
        try FileManager.default.copyItem(at: jsonLog, to: url)
        try Fixtures.replace(old, with: new, in: url)
        return url
    }

    static func importError(_ location: URL) -> ImportError? {
        Fixtures.importError { _ = try InspectImporter.readRuns(location) }
    }

    /// The run without what differs between containers of one log: the hash, format and path.
    static func content(_ run: Run) -> Run {
        var run = run
        run.contentHash = ""
        run.source.format = nil
        run.source.path = nil
        return run
    }
}

@Suite struct InspectImporterTests {
    // MARK: The numbers Inspect printed

    /// `includes accuracy 0.625, stderr 0.183`, 16 samples (8 × 2 epochs), 900 tokens [I: 132, O: 768].
    @Test func evalLogHasThePrintedScoreAndEverySampleEpoch() throws {
        try #require(Zstandard.isAvailable, "libzstd is needed for Inspect's zstd members")
        let run = try InspectFixtures.read(InspectFixtures.evalLog)
        #expect(run.kind == .eval)
        #expect(run.scores.count == 1)
        let score = try #require(run.scores.first)
        #expect(score.dataset == "mock_words")
        #expect(score.subset == nil)
        #expect(score.metric == "accuracy")
        #expect(score.sourceMetric == "includes/accuracy")
        #expect(score.score == 0.625)
        #expect(score.count == 8)
        #expect(score.isPrimary)

        #expect(run.samples.count == 16)
        #expect(Set(run.samples.map(\.questionID)) == Set((1...8).map { "q\($0)" }))
        #expect(run.samples.filter { $0.repeatIndex == 0 }.count == 8)
        #expect(run.samples.filter { $0.repeatIndex == 1 }.count == 8)
        #expect(run.samples.allSatisfy { $0.dataset == "mock_words" && $0.subset == "mock_words" && $0.metric == "accuracy" })
        // generates, token, prefill, decode and kernel occur in the mock's answer: q1, q2, q4, q5, q7.
        let correct = Set(run.samples.filter { $0.score == 1 }.map(\.questionID))
        #expect(correct == ["q1", "q2", "q4", "q5", "q7"])
        #expect(run.samples.filter { $0.score == 1 }.count == 10)
        let perQuestion = Dictionary(grouping: run.samples, by: \.questionID).mapValues { $0.map(\.score).reduce(0, +) / 2 }
        #expect(perQuestion.values.reduce(0, +) / 8 == 0.625)
        // Tokens as the console totals them.
        #expect(run.samples.compactMap(\.inputTokens).reduce(0, +) == 132)
        #expect(run.samples.compactMap(\.outputTokens).reduce(0, +) == 768)
        let q1 = try #require(run.samples.first { $0.sampleID == "q1_epoch_1" })
        #expect(q1.inputTokens == 10 && q1.outputTokens == 48)
        #expect(q1.latency == 0.492)
        #expect(run.warnings.isEmpty)
    }

    @Test func evalLogIdentity() throws {
        try #require(Zstandard.isAvailable)
        let run = try InspectFixtures.read(InspectFixtures.evalLog)
        #expect(run.model == ModelIdentity(name: "sample-llm"))
        #expect(run.engine == EngineIdentity())
        #expect(run.hardware == Hardware())
        // The task's GenerateConfig (plan.config) under the CLI's (eval.model_generate_config).
        #expect(run.generationConfig.reasoningEffort == "low")
        #expect(run.generationConfig.maxTokens == 48)
        #expect(run.generationConfig.temperature == 0)
        #expect(run.generationConfig.values["max_connections"] == nil)
        #expect(run.generationConfig.values.count == 3)
        #expect(run.workload.api == "openai-api")
        #expect(run.workload.dataset == "mock_words")
        #expect(run.workload.outputLength == 48)
        #expect(run.source.tool == "inspect")
        #expect(run.source.version == "0.3.285")
        #expect(run.source.format == "eval-v2")
        #expect(run.source.path == InspectFixtures.evalLog.path(percentEncoded: false))
        let time = try #require(run.runAt)
        #expect(time.utcText == "2026-12-07T16:03:44Z")
        #expect(time.offsetText == "+00:00")
        #expect(time.origin == .source)
    }

    @Test func jsonLogImportsToTheSameRun() throws {
        try #require(Zstandard.isAvailable)
        let fromEval = try InspectFixtures.read(InspectFixtures.evalLog)
        let fromJSON = try InspectFixtures.read(InspectFixtures.jsonLog)
        #expect(fromJSON.source.format == "json-v2")
        #expect(InspectFixtures.content(fromJSON) == InspectFixtures.content(fromEval))
        #expect(fromJSON.contentHash != fromEval.contentHash)
    }

    /// `.eval` logs before 2026 deflate their members.
    @Test func deflatedArchiveImportsToTheSameRun() throws {
        try #require(Zstandard.isAvailable)
        let folder = try Fixtures.temporaryDirectory()
        let deflated = folder.appending(path: "\(InspectFixtures.stem).eval")
        try InspectFixtures.writeArchive(try InspectFixtures.members(), to: deflated)
        let stored = folder.appending(path: "stored.eval")
        try InspectFixtures.writeArchive(try InspectFixtures.members(), to: stored, method: .none)
        let original = InspectFixtures.content(try InspectFixtures.read(InspectFixtures.evalLog))
        #expect(InspectFixtures.content(try InspectFixtures.read(deflated)) == original)
        #expect(InspectFixtures.content(try InspectFixtures.read(stored)) == original)
    }

    @Test func folderOfLogsIsOneRunPerLogOldestFirst() throws {
        try #require(Zstandard.isAvailable)
        let folder = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: InspectFixtures.evalLog, to: folder.appending(path: "b.eval"))
        var members = try InspectFixtures.members()
        members["header.json"] = try Fixtures.editedJSON(try #require(members["header.json"])) { header in
            var eval = try #require(header["eval"] as? [String: Any])
            eval["created"] = "2026-12-06T09:00:00.123456-05:00"
            header["eval"] = eval
        }
        try InspectFixtures.writeArchive(members, to: folder.appending(path: "c.eval"))
        try "not a log".write(to: folder.appending(path: "notes.json"), atomically: true, encoding: .utf8)
        #expect(InspectImporter.recognizes(folder))
        let runs = try InspectImporter.readRuns(folder)
        #expect(runs.map { $0.runAt?.utcText } == ["2026-12-06T14:00:00Z", "2026-12-07T16:03:44Z"])
        #expect(runs.first?.runAt?.offsetText == "-05:00")
    }

    // MARK: Recognizing and hashing

    @Test func recognizesLogsAndTheirFolders() throws {
        #expect(InspectImporter.recognizes(InspectFixtures.evalLog))
        #expect(InspectImporter.recognizes(InspectFixtures.jsonLog))
        #expect(InspectImporter.recognizes(InspectFixtures.logs))
        #expect(InspectImporter.recognizes(InspectFixtures.logsJSON))
        #expect(!InspectImporter.recognizes(InspectFixtures.folder))
        #expect(!InspectImporter.recognizes(InspectFixtures.folder.appending(path: "mock_words.py")))
        #expect(!InspectImporter.recognizes(InspectFixtures.folder.appending(path: "console.log")))
        let lmEval = Fixtures.peers("real-2026-12/lm-eval-0.4.13/local-chat-completions-gen-kwargs/out/sample-llm")
        #expect(!InspectImporter.recognizes(lmEval))
        #expect(!InspectImporter.recognizes(lmEval.appending(path: "results_2026-12-07T16-05-01.830197.json")))
        // Inspect's own `logs.json` listing is keyed by file names, not a log.
        let listing = try Fixtures.temporaryDirectory().appending(path: "logs.json")
        try #"{"x.eval": {"version": 2, "status": "success", "eval": {"task": "t", "task_id": "i"}}}"#
            .write(to: listing, atomically: true, encoding: .utf8)
        #expect(!InspectImporter.recognizes(listing))
        #expect(Importers.importers(for: InspectFixtures.logs).map { $0.name } == ["inspect"])
        #expect(Importers.importers(for: InspectFixtures.jsonLog).map { $0.name } == ["inspect"])
    }

    @Test func reReadingOrMovingGivesTheSameHash() throws {
        try #require(Zstandard.isAvailable)
        let first = try InspectFixtures.read(InspectFixtures.evalLog)
        #expect(try InspectFixtures.read(InspectFixtures.evalLog).contentHash == first.contentHash)
        #expect(try InspectFixtures.read(InspectFixtures.logs).contentHash == first.contentHash)
        let moved = try Fixtures.temporaryCopy(of: InspectFixtures.logs)
        #expect(try InspectFixtures.read(moved).contentHash == first.contentHash)
    }

    // MARK: Other shapes of a log

    /// `--no-log-samples`: the per-question reductions stand in, one row per question.
    @Test func reductionsStandInWhenTheLogHasNoSamples() throws {
        let url = try InspectFixtures.editedJSONLog { $0.removeValue(forKey: "samples") }
        let run = try InspectFixtures.read(url)
        #expect(run.samples.count == 8)
        #expect(run.samples.allSatisfy { $0.repeatIndex == 0 && $0.latency == nil })
        #expect(run.samples.map(\.score).reduce(0, +) == 5)
        #expect(run.scores.first?.score == 0.625)
    }

    /// Early 0.3 logs: `results.scorer` + `results.metrics`, samples with one `score`.
    @Test func earlySchemaWithOneScorer() throws {
        let url = try InspectFixtures.editedJSONLog { log in
            var results = try #require(log["results"] as? [String: Any])
            var score = try #require((results["scores"] as? [[String: Any]])?.first)
            results["metrics"] = score.removeValue(forKey: "metrics")
            results["scorer"] = score
            results.removeValue(forKey: "scores")
            results.removeValue(forKey: "headline")
            log["results"] = results
            log["version"] = 1
            var samples = try #require(log["samples"] as? [[String: Any]])
            for index in samples.indices {
                let scores = try #require(samples[index].removeValue(forKey: "scores") as? [String: Any])
                samples[index]["score"] = scores["includes"]
            }
            log["samples"] = samples
        }
        let run = try InspectFixtures.read(url)
        #expect(run.source.format == "json-v1")
        #expect(run.scores.map(\.metric) == ["accuracy"])
        #expect(run.scores.first?.score == 0.625)
        #expect(run.samples.count == 16)
        #expect(run.samples.filter { $0.score == 1 }.count == 10)
    }

    @Test func severalScorersArePrefixed() throws {
        let url = try InspectFixtures.editedJSONLog { log in
            var results = try #require(log["results"] as? [String: Any])
            var scores = try #require(results["scores"] as? [[String: Any]])
            var other = scores[0]
            other["name"] = "match"
            other["scorer"] = "match"
            other["metrics"] = ["accuracy": ["name": "accuracy", "value": 0.5, "params": [:]]]
            scores.append(other)
            results["scores"] = scores
            log["results"] = results
        }
        let run = try InspectFixtures.read(url)
        #expect(run.scores.map(\.metric).sorted() == ["includes/accuracy", "match/accuracy"])
        #expect(run.scores.first { $0.isPrimary }?.metric == "includes/accuracy")
        #expect(Set(run.samples.map(\.metric)) == ["includes/accuracy"])
    }

    @Test func scoreValuesConvertAsInspectDoes() throws {
        let reader = JSONFields(file: URL(fileURLWithPath: "x.json"))
        func value(_ raw: JSONValue) throws -> Double? {
            try InspectSamples.value(raw, scoreName: "includes", path: "v", reader: reader, metric: "accuracy")
        }
        #expect(try value(.string("C")) == 1)
        #expect(try value(.string("P")) == 0.5)
        #expect(try value(.string("I")) == 0)
        #expect(try value(.string("N")) == 0)
        #expect(try value(.bool(true)) == 1)
        #expect(try value(.string("yes")) == 1)
        #expect(try value(.string("0.25")) == 0.25)
        #expect(try value(.int(0)) == 0)
        #expect(try value(.string("maybe")) == nil)
        #expect(try value(.array([.int(1)])) == nil)
        #expect(try value(.object(["includes": .string("C")])) == 1)
        #expect(throws: ImportError.self) { try value(.double(1.5)) }
    }

    @Test func modelNamesAndTimes() {
        #expect(InspectImporter.modelIdentity("openai-api/mock/sample-llm").identity == ModelIdentity(name: "sample-llm"))
        let vllm = InspectImporter.modelIdentity("vllm/Qwen/Qwen3-8B")
        #expect(vllm.provider == "vllm")
        #expect(vllm.identity == ModelIdentity(name: "Qwen/Qwen3-8B", checkpoint: "Qwen/Qwen3-8B"))
        #expect(InspectImporter.modelIdentity("openai/gpt-4o").identity.name == "gpt-4o")
        #expect(InspectImporter.parseTime("2026-12-07T16:03:44+00:00")?.utcText == "2026-12-07T16:03:44Z")
        #expect(InspectImporter.parseTime("2026-12-07T16:03:44.5+05:30")?.utcText == "2026-12-07T10:33:44Z")
        #expect(InspectImporter.parseTime("2026-12-07T16:03:44Z")?.offsetText == "+00:00")
        #expect(InspectImporter.parseTime("yesterday") == nil)
    }

    // MARK: Bad input

    @Test func truncatedArchiveNamesTheFile() throws {
        let url = try Fixtures.temporaryDirectory().appending(path: "cut.eval")
        try Data(contentsOf: InspectFixtures.evalLog).prefix(20_000).write(to: url)
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.file == url.path(percentEncoded: false))
        #expect(error.reason.contains("not a readable zip archive"))
    }

    @Test func corruptMemberNamesTheMember() throws {
        try #require(Zstandard.isAvailable)
        var data = try Data(contentsOf: InspectFixtures.evalLog)
        let archive = try InspectArchive(data: data, file: InspectFixtures.evalLog)
        let header = try #require(archive.members["header.json"])
        // Inside header.json's compressed bytes (past its 30-byte local header and name).
        let middle = Int(header.localHeaderOffset) + 30 + "header.json".utf8.count + Int(header.compressedSize) / 2
        data[middle] ^= 0xFF
        let url = try Fixtures.temporaryDirectory().appending(path: "bad.eval")
        try data.write(to: url)
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.file == url.appending(path: "header.json").path(percentEncoded: false))
        #expect(error.reason.contains("zstd") || error.reason.contains("CRC"))
    }

    @Test func unfinishedEvalHasNoResults() throws {
        try #require(Zstandard.isAvailable)
        var members = try InspectFixtures.members()
        members.removeValue(forKey: "header.json")
        let url = try Fixtures.temporaryDirectory().appending(path: "running.eval")
        try InspectFixtures.writeArchive(members, to: url)
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.file.hasSuffix("running.eval/header.json"))
        #expect(error.reason.contains("has not finished"))
    }

    @Test func failedEvalWithoutResultsIsRefused() throws {
        let url = try InspectFixtures.editedJSONLog { log in
            log["status"] = "error"
            log["results"] = NSNull()
        }
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.field == "results")
        #expect(error.reason.contains("status error"))
    }

    @Test func nanMetricNamesTheKey() throws {
        let url = try InspectFixtures.replacedJSONLog("\"value\": 0.625", with: "\"value\": NaN")
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.file == url.path(percentEncoded: false))
        #expect(error.field == "results.scores[0].metrics.accuracy.value")
        #expect(error.reason.contains("not a finite number"))
    }

    @Test func negativeTimeNamesTheSample() throws {
        let url = try InspectFixtures.editedJSONLog { log in
            var samples = try #require(log["samples"] as? [[String: Any]])
            samples[3]["working_time"] = -0.5
            log["samples"] = samples
        }
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.field == "samples[3].working_time")
        #expect(error.reason.contains("negative"))
    }

    @Test func wrongTypeNamesTheKey() throws {
        let url = try InspectFixtures.replacedJSONLog("\"task\": \"mock_words\"", with: "\"task\": 7")
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.field == "eval.task")
        #expect(error.reason.contains("expected a string"))
    }

    @Test func duplicateSampleEpochIsRefused() throws {
        let url = try InspectFixtures.editedJSONLog { log in
            var samples = try #require(log["samples"] as? [[String: Any]])
            samples[1]["id"] = samples[0]["id"]
            samples[1]["epoch"] = samples[0]["epoch"]
            log["samples"] = samples
        }
        let error = try #require(InspectFixtures.importError(url))
        #expect(error.field == "samples[1].id")
    }

    @Test func corruptZstandardDataIsAnError() {
        #expect(throws: Zstandard.Failure.self) { try Zstandard.decompress(Data([1, 2, 3, 4, 5]), expectedSize: 10) }
    }
}
