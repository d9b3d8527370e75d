import CaliperCore
import CaliperImporters
import Foundation
import Testing

/// Broken copies of real eval folders: each must fail with one ImportError naming the file
/// (and key or line), never a partial Run.
@Suite struct EvalScopeEvalBadInputTests {
    /// A scratch copy of a fixture run, with `edit` applied to the text of one file.
    private func broken(
        _ fixture: URL, _ relativePath: String, _ edit: (String) throws -> String
    ) throws -> (folder: URL, file: URL) {
        let copy = try Fixtures.temporaryCopy(of: fixture)
        let file = copy.appending(path: relativePath)
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = try edit(text)
        #expect(edited != text, "the edit changed nothing")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        return (copy, file)
    }

    private func importError(_ folder: URL) -> ImportError? {
        Fixtures.importError { _ = try EvalScopeEvalImporter.read(folder) }
    }

    private static let current = EvalScopeEvalFixtures.openAIService("1.14.1")
    private static let flat = EvalScopeEvalFixtures.openAIService("1.0.0")
    private static let old = EvalScopeEvalFixtures.openAIService("0.13.2")

    @Test func truncatedReport() throws {
        let (folder, file) = try broken(Self.current, "reports/mock-model/general_mcq.json") { String($0.prefix(300)) }
        let error = try #require(importError(folder))
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.description.contains("general_mcq.json") && error.description.contains("not valid JSON"))
    }

    @Test func reportThatIsNotAnObject() throws {
        let (folder, _) = try broken(Self.flat, "reports/mock-model/general_qa.json") { _ in "[1, 2]" }
        let error = try #require(importError(folder))
        #expect(error.file.hasSuffix("reports/mock-model/general_qa.json"))
        #expect(error.reason.contains("expected a JSON object"))
    }

    @Test func malformedReviewLineIsNamed() throws {
        let (folder, file) = try broken(Self.current, "reviews/mock-model/general_mcq_example.jsonl") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[2] = String(lines[2].prefix(80))
            return lines.joined(separator: "\n")
        }
        let error = try #require(importError(folder))
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.field == "line 3")
    }

    @Test func missingMetricsKey() throws {
        let (folder, _) = try broken(Self.old, "reports/mock-model/general_mcq.json") {
            $0.replacingOccurrences(of: "\"metrics\":", with: "\"metricz\":")
        }
        let error = try #require(importError(folder))
        #expect(error.file.hasSuffix("reports/mock-model/general_mcq.json"))
        #expect(error.field == "metrics")
        #expect(error.reason == "missing")
    }

    @Test func scoreAsString() throws {
        let (folder, _) = try broken(Self.current, "reports/mock-model/general_mcq.json") {
            $0.replacing("\"score\": 0.7,", with: "\"score\": \"0.7\",", maxReplacements: 1)
        }
        let error = try #require(importError(folder))
        #expect(error.file.hasSuffix("general_mcq.json"))
        #expect(error.field == "metrics[0].score")
        #expect(error.reason.contains("expected a number"))
    }

    @Test func missingSampleScoreInReview() throws {
        let (folder, file) = try broken(Self.flat, "reviews/mock-model/general_qa_example.jsonl") {
            $0.replacing("\"score\": {\"value\"", with: "\"scor\": {\"value\"", maxReplacements: 1)
        }
        let error = try #require(importError(folder))
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.field == "line 1: sample_score.score")
    }

    @Test func unknownReviewLineLayout() throws {
        let (folder, _) = try broken(Self.old, "reviews/mock-model/general_mcq_example.jsonl") {
            $0.replacing("\"choices\":", with: "\"answers\":", maxReplacements: 1)
        }
        let error = try #require(importError(folder))
        #expect(error.file.hasSuffix("general_mcq_example.jsonl"))
        #expect(error.field == "line 1")
        #expect(error.reason.contains("unknown review line layout"))
    }

    @Test func missingReportsFolder() throws {
        let copy = try Fixtures.temporaryCopy(of: Self.current)
        try FileManager.default.removeItem(at: copy.appending(path: "reports"))
        let error = try #require(importError(copy))
        #expect(error.file.hasSuffix("/reports"))
        #expect(error.reason.contains("no reports folder"))
    }

    @Test func noReportAtAll() throws {
        let copy = try Fixtures.temporaryCopy(of: Self.flat)
        for name in ["general_mcq.json", "general_qa.json"] {
            try FileManager.default.removeItem(at: copy.appending(path: "reports/mock-model/\(name)"))
        }
        let error = try #require(importError(copy))
        #expect(error.file.hasSuffix("reports/mock-model/"))
        #expect(error.reason.contains("no report"))
    }

    @Test func unknownReportLayout() throws {
        let (folder, _) = try broken(Self.current, "reports/mock-model/general_qa.json") {
            $0.replacing("\"schema_version\": 2", with: "\"schema_version\": 3", maxReplacements: 1)
        }
        let error = try #require(importError(folder))
        #expect(error.file.hasSuffix("general_qa.json"))
        #expect(error.field == "schema_version")
        #expect(error.reason.contains("unknown report layout"))
    }

    @Test func metricWithNeitherIdentityNorName() throws {
        let (folder, _) = try broken(Self.old, "reports/mock-model/general_qa.json") {
            $0.replacing("\"name\": \"bleu-2\"", with: "\"title\": \"bleu-2\"", maxReplacements: 1)
        }
        let error = try #require(importError(folder))
        #expect(error.field == "metrics[1]")
        #expect(error.reason.contains("unknown report layout"))
    }

    /// Two source names for one quantity would break the store's unique key: refuse, naming both.
    @Test func twoMetricsWithOneCanonicalName() throws {
        let (folder, _) = try broken(Self.flat, "reports/mock-model/general_qa.json") {
            $0.replacing("\"name\": \"mean_Rouge-L-P\"", with: "\"name\": \"Rouge-L-R\"", maxReplacements: 1)
        }
        let error = try #require(importError(folder))
        #expect(error.file.hasSuffix("general_qa.json"))
        #expect(error.reason.contains("\"Rouge-L-R\" and \"mean_Rouge-L-R\" both mean \"rouge-l-r\""))
    }

    @Test func yamlThatDoesNotParse() throws {
        let (folder, file) = try broken(Self.current, "configs/task_config.yaml") { "model: [unclosed\n" + $0 }
        let error = try #require(importError(folder))
        #expect(error.file == file.path(percentEncoded: false))
        #expect(error.reason.contains("not valid YAML"))
    }

    @Test func repeatedSampleID() throws {
        let (folder, _) = try broken(Self.current, "reviews/mock-model/general_mcq_example.jsonl") { text in
            let first = text.split(separator: "\n")[0]
            return text + (text.hasSuffix("\n") ? "" : "\n") + first + "\n"
        }
        let error = try #require(importError(folder))
        #expect(error.field == "line 21")
        #expect(error.reason.contains("already on line 1"))
    }
}
