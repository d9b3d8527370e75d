import Foundation
import Testing

/// `caliper ingest` of gpt_oss.evals results as a user brings them from `/tmp`: the real binary,
/// the folder in `Examples/peers/simple-evals/gpt-oss-evals` (two metrics files and one
/// `_allresults.json`), a new SQLite store.
@Suite(.serialized)
struct SimpleEvalsIngestEndToEndTests {
    static let folder = CaliperProcess.repository.appending(path: "Examples/peers/simple-evals/gpt-oss-evals")

    @Test func ingestGPTOSSEvalsFolderThenShow() throws {
        let work = try CaliperProcess.temporaryDirectory()
        let db = work.appending(path: "store.sqlite").path
        let ingested = try CaliperProcess.run(["ingest", Self.folder.path, "--db", db], in: work)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let path = Self.folder.path
        #expect(ingested.stdout == """
            stored run 1: eval gpt-oss-20b, 1 dataset, 0 sample rows from \(path) (run 1 of 2)
            stored run 2: eval gpt-oss-20b, 1 dataset, 0 sample rows from \(path) (run 2 of 2)
            2 stored, 0 already stored, 0 failed

            """)

        let again = try CaliperProcess.run(["ingest", Self.folder.path, "--db", db], in: work)
        #expect(again.status == 0)
        #expect(again.stdout.hasSuffix("0 stored, 2 already stored, 0 failed\n"), "\(again.stdout)")

        let shown = try CaliperProcess.run(["show", "1", "--db", db, "--format", "json"], in: work)
        #expect(shown.status == 0)
        let run = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(run["kind"] as? String == "eval")
        #expect(run["model"] as? String == "gpt-oss-20b")
        let source = try #require(run["source"] as? [String: Any])
        #expect(source["tool"] as? String == "simple-evals")
        #expect(source["format"] as? String == "gpt-oss-evals")
        let generation = try #require(run["generation_config"] as? [String: Any])
        #expect(generation["reasoning_effort"] as? String == "low")
        #expect(generation["temperature"] as? Double == 1)
        #expect(run["run_at_zone"] as? String == "ingest host")
        let scores = try #require(run["scores"] as? [[String: Any]])
        #expect(scores.count == 1)
        #expect(scores.first?["dataset"] as? String == "gpqa")
        #expect(scores.first?["metric"] as? String == "accuracy")
        #expect((scores.first?["score"] as? Double).map { abs($0 - 0.5688131313131313) < 1e-12 } == true)
    }
}
