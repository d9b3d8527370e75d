import CaliperTestSupport
import Foundation
import Testing

/// Runs moving between stores: `caliper export` writes a bundle, `caliper ingest` reads it into
/// another store, which then shows and gates the runs exactly as the first did.
@Suite(.serialized)
struct RunTravelEndToEndTests {
    static let folders = [
        GateEndToEndTests.single, GateEndToEndTests.failing, GateEndToEndTests.random0171, GateEndToEndTests.random100,
        GateEndToEndTests.lowEffort,
    ]

    /// A scratch folder with `source.db` holding the example runs 1…5 and their bundle `runs.caliper.json`.
    func exported() throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory()
        for path in Self.folders {
            let result = try CaliperProcess.run(
                ["ingest", "--db", "source.db", CaliperProcess.examples.appending(path: path).path, "--recursive",
                 "--engine", "vllm", "--engine-version", "0.10.1", "--label", "branch=main"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        // A corrected run travels with its audit trail.
        let annotated = try CaliperProcess.run(
            ["annotate", "--db", "source.db", "3", "--engine-version", "0.10.2", "--label", "owner=infra"], in: folder)
        #expect(annotated.status == 0, "\(annotated.stderr)")
        let export = try CaliperProcess.run(["export", "--db", "source.db", "1", "2", "3", "4", "5", "-o", "runs.caliper.json"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout == "exported 5 runs (1, 2, 3, 4, 5) to runs.caliper.json\n")
        return folder
    }

    /// The store the runs travel to: a SQLite file beside the source, or a PostgreSQL database.
    func copyStore(_ engine: StoreEngine, in folder: URL) throws -> String {
        try TestStores.location(engine, in: folder, name: "copy.db")
    }

    @Test(arguments: StoreEngine.allCases) func exportThenIngestShowsAndGatesTheSame(engine: StoreEngine) throws {
        let folder = try exported()
        let copy = try copyStore(engine, in: folder)
        let ingest = try CaliperProcess.run(["ingest", "--db", copy, "runs.caliper.json"], in: folder)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let lines = ingest.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.first == "stored run 1: perf gpt-oss-20b, 1 point, 10 request rows from runs.caliper.json (run 1 of 5)")
        #expect(lines.dropFirst().first?.hasSuffix(
            "(run 2 of 5); invalid: c=2 3 of 10 requests failed (30.0%, limit 1%); c=4 6 of 20 requests failed (30.0%, limit 1%)") == true)
        #expect(lines.last == "5 stored, 0 already stored, 0 failed")
        #expect(try CaliperProcess.tableCounts(copy)
            == CaliperProcess.tableCounts(folder.appending(path: "source.db").path))

        for id in 1...5 {
            for format in ["table", "json"] {
                let source = try CaliperProcess.run(["show", "--db", "source.db", String(id), "--format", format], in: folder)
                let copied = try CaliperProcess.run(["show", "--db", copy, String(id), "--format", format], in: folder)
                #expect(source.status == 0)
                #expect(copied.stdout == source.stdout, "run \(id) \(format)")
            }
        }
        for (baseline, candidate, status) in [("1", "2", Int32(1)), ("3", "4", 0), ("latest kind=perf", "2", 1)] {
            let gates = try ["source.db", copy].map { db in
                try CaliperProcess.run(["gate", "--db", db, "--baseline", baseline, "--candidate", candidate], in: folder)
            }
            #expect(gates[0].status == status, "\(baseline) \(candidate): \(gates[0].stdout)")
            #expect(gates[1].status == gates[0].status)
            #expect(gates[1].stdout == gates[0].stdout)
        }
        // Exported again from the copy: the same bytes.
        let again = try CaliperProcess.run(["export", "--db", copy, "1", "2", "3", "4", "5", "-o", "again.caliper.json"], in: folder)
        #expect(again.status == 0)
        #expect(try Data(contentsOf: folder.appending(path: "again.caliper.json"))
            == Data(contentsOf: folder.appending(path: "runs.caliper.json")))
    }

    @Test(arguments: StoreEngine.allCases) func ingestingABundleTwiceStoresNothingTheSecondTime(engine: StoreEngine) throws {
        let folder = try exported()
        let copy = try copyStore(engine, in: folder)
        let first = try CaliperProcess.run(["ingest", "--db", copy, "runs.caliper.json"], in: folder)
        #expect(first.status == 0)
        let counts = try CaliperProcess.tableCounts(copy)
        let second = try CaliperProcess.run(["ingest", "--db", copy, "runs.caliper.json"], in: folder)
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix("already stored as run 1: runs.caliper.json (run 1 of 5)\n"))
        #expect(second.stdout.hasSuffix("0 stored, 5 already stored, 0 failed\n"))
        #expect(try CaliperProcess.tableCounts(copy) == counts)
        // Into the store the runs came from: every one is already there.
        let home = try CaliperProcess.run(["ingest", "--db", "source.db", "runs.caliper.json"], in: folder)
        #expect(home.stdout.hasSuffix("0 stored, 5 already stored, 0 failed\n"))
    }

    /// Each corruption: exit 2, one line naming the file and the key, and the store as it was.
    @Test(arguments: StoreEngine.allCases) func aCorruptBundleStoresNothing(engine: StoreEngine) throws {
        let folder = try exported()
        let copy = try copyStore(engine, in: folder)
        let original = try String(contentsOf: folder.appending(path: "runs.caliper.json"), encoding: .utf8)
        let seed = try CaliperProcess.run(
            ["ingest", "--db", copy, CaliperProcess.examples.appending(path: GateEndToEndTests.highEffort).path], in: folder)
        #expect(seed.status == 0)
        let counts = try CaliperProcess.tableCounts(copy)

        func replacing(_ target: String, with replacement: String) throws -> String {
            let range = try #require(original.range(of: target), "\(target)")
            return original.replacingCharacters(in: range, with: replacement)
        }
        // The first request row's latency (the metrics' "latency" is an object).
        let latency = try #require(original.firstMatch(of: /"latency" : [0-9]/)).range
        let negative = original.replacingCharacters(in: latency, with: String(original[latency]).replacing(": ", with: ": -"))
        let cases: [(String, String)] = [
            (String(original.prefix(original.count / 2)), "bad.caliper.json: not valid JSON"),
            (try replacing("\"requests\" : 10\n", with: "\"requests\" : NaN\n"), "bad.caliper.json: not valid JSON"),
            (try replacing("\"requests\" : 10\n", with: "\"requests\" : \"10\"\n"),
             #"bad.caliper.json: "runs[0].run.points[0].requests": expected a whole number"#),
            (try replacing("\"requests\" : 10\n", with: "\"requests\" : 1e999\n"), "bad.caliper.json: "),
            (try replacing(#""version" : 1"#, with: #""version" : 2"#),
             #"bad.caliper.json: "version": 2: this Caliper reads bundle versions 1 to 1"#),
            (try replacing(#""contentHash" : "#, with: #""contentHashX" : "#),
             #"bad.caliper.json: "runs[0].run.contentHash": missing"#),
            (try replacing(#""ingestedAt" : ""#, with: #""ingestedAt" : "yesterday"#),
             #"bad.caliper.json: "runs[0].ingestedAt": "yesterday"#),
            (negative, #"bad.caliper.json: "runs[0].run: point 1 (c=2), request 1: latency": -"#),
        ]
        for (index, (text, message)) in cases.enumerated() {
            try text.write(to: folder.appending(path: "bad.caliper.json"), atomically: true, encoding: .utf8)
            let result = try CaliperProcess.run(["ingest", "--db", copy, "bad.caliper.json"], in: folder)
            #expect(result.status == 2, "case \(index): \(result.stdout)")
            #expect(result.stderr.hasPrefix("caliper: " + message), "case \(index): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "case \(index): \(result.stderr)")
            #expect(result.stdout == "", "case \(index)")
            #expect(try CaliperProcess.tableCounts(copy) == counts, "case \(index)")
        }
    }

    /// `export --all` streams a whole store as gzipped JSON Lines; `ingest` takes it (or a folder
    /// holding it) into the other store with every row; a truncated file stores nothing.
    @Test(arguments: StoreEngine.allCases) func aWholeStoreMovesAsGzippedJSONLines(engine: StoreEngine) throws {
        let folder = try exported()
        let copy = try copyStore(engine, in: folder)
        let export = try CaliperProcess.run(["export", "--all", "--db", "source.db", "-o", "all.caliper.jsonl.gz"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout == "exported 5 runs to all.caliper.jsonl.gz\n")
        let compressed = try Data(contentsOf: folder.appending(path: "all.caliper.jsonl.gz"))
        #expect(compressed.prefix(2) == Data([0x1F, 0x8B]))

        // Cut short: the gzip stream ends early, nothing is stored.
        try compressed.prefix(compressed.count / 2).write(to: folder.appending(path: "cut.caliper.jsonl.gz"))
        let cut = try CaliperProcess.run(["ingest", "--db", copy, "cut.caliper.jsonl.gz"], in: folder)
        #expect(cut.status == 2)
        #expect(cut.stderr.hasPrefix("caliper: cut.caliper.jsonl.gz: "), "\(cut.stderr)")
        #expect(cut.stderr.filter { $0 == "\n" }.count == 1)
        try FileManager.default.removeItem(at: folder.appending(path: "cut.caliper.jsonl.gz"))

        // A folder holding the file, as a CI artifact download leaves it.
        try FileManager.default.createDirectory(at: folder.appending(path: "artifact"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: folder.appending(path: "all.caliper.jsonl.gz"), to: folder.appending(path: "artifact/all.caliper.jsonl.gz"))
        let ingest = try CaliperProcess.run(["ingest", "--db", copy, "artifact"], in: folder)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.hasSuffix("5 stored, 0 already stored, 0 failed\n"))
        #expect(try CaliperProcess.tableCounts(copy) == CaliperProcess.tableCounts(folder.appending(path: "source.db").path))
        for id in 1...5 {
            let source = try CaliperProcess.run(["show", "--db", "source.db", String(id), "--format", "json"], in: folder)
            let copied = try CaliperProcess.run(["show", "--db", copy, String(id), "--format", "json"], in: folder)
            #expect(copied.stdout == source.stdout, "run \(id)")
        }
        // Back out of the copy as one JSON document: the runs' bytes as the first export wrote them.
        let again = try CaliperProcess.run(["export", "--all", "--db", copy, "-o", "again.caliper.json"], in: folder)
        #expect(again.status == 0)
        #expect(try Data(contentsOf: folder.appending(path: "again.caliper.json"))
            == Data(contentsOf: folder.appending(path: "runs.caliper.json")))
    }
}
