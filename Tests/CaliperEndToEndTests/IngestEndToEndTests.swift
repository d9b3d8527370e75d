import CaliperTestSupport
import Foundation
import GRDB
import Testing

/// `caliper ingest`, `runs` and `show` as a user runs them: the real binary, real EvalScope folders,
/// a real store (a SQLite file, or a PostgreSQL database); exact output and exit codes.
@Suite(.serialized)
struct IngestEndToEndTests {
    let sweep = "1.14.1-capture/perf-sweep-completions-p1-4-8/20261124_190305/gpt-oss-20b"
    let highEffort = "1.14.1-capture/eval-aime25-mcq-effort-high-r4/20261124_190048"

    /// Runs caliper in a scratch folder holding a copy-free link to the examples; on `.postgres`,
    /// `caliper` run there without `--db` uses a new PostgreSQL database.
    func scratch(_ engine: StoreEngine = .sqlite) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        try FileManager.default.createSymbolicLink(at: folder.appending(path: "examples"), withDestinationURL: CaliperProcess.examples)
        return folder
    }

    @Test(arguments: StoreEngine.allCases) func ingestThenReingestIsANoOp(engine: StoreEngine) throws {
        let folder = try scratch(engine)
        let path = "examples/\(sweep)"
        let flags = ["--engine", "vllm", "--engine-version", "0.10.1+gptoss", "--hardware", "NVIDIA H20 96GB", "--gpus", "1",
                     "--label", "branch=main", "--label", "commit=3f2a9c1"]
        let first = try CaliperProcess.run(["ingest", path] + flags, in: folder)
        #expect(first.status == 0)
        #expect(first.stdout == "stored run 1: perf gpt-oss-20b, 3 points, 56 request rows from \(path)\n")
        #expect(first.stderr == "")

        let second = try CaliperProcess.run(["ingest", path] + flags, in: folder)
        #expect(second.status == 0)
        #expect(second.stdout == "already stored as run 1: \(path)\n")
        #expect(try CaliperProcess.tableCounts(in: folder)["perf_requests"] == 56)
    }

    @Test(arguments: StoreEngine.allCases) func showPrintsTheStoredRunAsJSON(engine: StoreEngine) throws {
        let folder = try scratch(engine)
        _ = try CaliperProcess.run(["ingest", "examples/\(sweep)", "--hardware", "H20-96GB*1", "--engine", "vllm",
                                    "--engine-version", "0.10.1", "--label", "branch=main"], in: folder)
        let shown = try CaliperProcess.run(["show", "1", "--format", "json"], in: folder)
        #expect(shown.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["id"] as? Int == 1)
        #expect(json["kind"] as? String == "perf")
        #expect(json["model"] as? String == "gpt-oss-20b")
        #expect(json["engine"] as? String == "vllm")
        #expect(json["engine_version"] as? String == "0.10.1")
        let hardware = try #require(json["hardware"] as? [String: Any])
        #expect(hardware["name"] as? String == "H20")
        #expect(hardware["count"] as? Int == 1)
        #expect(hardware["memory_gb"] as? Double == 96)
        #expect(json["labels"] as? [String: String] == ["branch": "main"])
        let config = try #require(json["generation_config"] as? [String: Any])
        #expect(config["max_tokens"] as? Int == 128)
        #expect(config["ignore_eos"] as? Bool == true)
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["tool"] as? String == "evalscope")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["concurrency"] as? Int } == [1, 4, 8])
        #expect(points.map { $0["requests"] as? Int } == [8, 16, 32])
        let metrics = try #require(points.first?["metrics"] as? [String: [String: Double]])
        #expect(metrics["ttft"]?["mean"] == 0.06866)
        #expect(metrics["output_throughput"]?["value"] == 160.5695)
        #expect(metrics["success_rate"]?["value"] == 1)
    }

    @Test(arguments: StoreEngine.allCases) func showTextSaysUnknownForWhatNobodyRecorded(engine: StoreEngine) throws {
        let folder = try scratch(engine)
        _ = try CaliperProcess.run(["ingest", "examples/\(highEffort)"], in: folder)
        let shown = try CaliperProcess.run(["show", "1"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("  engine           unknown\n"))
        #expect(shown.stdout.contains("  hardware         unknown\n"))
        #expect(shown.stdout.contains("  source           evalscope 1.14.1 [eval-v2]\n"))
        #expect(shown.stdout.contains(#""reasoning_effort":"high""#))
        #expect(shown.stdout.contains("aime25       (all)       accuracy *     0.8  120\n"))
    }

    /// A tree with bad folders in it: they are named and skipped, the rest goes in, exit 2 says so.
    @Test(arguments: StoreEngine.allCases) func recursiveIngestReportsBadFoldersAndStoresTheRest(engine: StoreEngine) throws {
        let folder = try scratch(engine)
        let result = try CaliperProcess.run(["ingest", "--recursive", "examples/history", "--format", "json"], in: folder)
        #expect(result.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [[String: Any]]])
        let failed = (report["failed"] ?? []).compactMap { $0["path"] as? String }
        #expect(failed == [
            "examples/history/0.17.1/perf-chat-nostream/20261124_184315/chat-nostream",
            "examples/history/1.0.0/perf-chat-nostream/20261124_184544/chat-nostream",
        ])
        #expect(report["stored"]?.count == 23)
        #expect((report["failed"] ?? []).allSatisfy { ($0["error"] as? String)?.contains("benchmark.log") == true })

        let again = try CaliperProcess.run(["ingest", "-r", "examples/history", "--format", "json"], in: folder)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: [[String: Any]]])
        #expect(second["stored"]?.count == 0)
        #expect(second["duplicates"]?.count == 23)
    }

    /// A result file of the sweep's c=4 point overwritten with `contents`.
    struct BadInput: Sendable, CustomTestStringConvertible {
        var file: String
        var contents: String

        var testDescription: String { "\(file): \(contents.debugDescription)" }
    }

    /// Bad input: one line naming the file and key, exit 2, nothing written.
    @Test(arguments: [
        BadInput(file: "benchmark_summary.json", contents: "{\"Test Duration (s)\": 2.5, \"Concur"),
        BadInput(file: "benchmark_summary.json", contents: "<html>not json</html>"),
        BadInput(file: "benchmark_args.json", contents: ""),
    ], StoreEngine.allCases)
    func badInputIsOneLineAndWritesNothing(input: BadInput, engine: StoreEngine) throws {
        let folder = try scratch(engine)
        // An empty store beforehand, so that "nothing written" is counted on either engine.
        try CaliperProcess.createStore(CaliperProcess.store(in: folder))
        let copy = folder.appending(path: "broken")
        try FileManager.default.copyItem(at: CaliperProcess.examples.appending(path: sweep), to: copy)
        try Data(input.contents.utf8).write(to: copy.appending(path: "parallel_4_number_16/\(input.file)"))
        let result = try CaliperProcess.run(["ingest", "broken"], in: folder)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("caliper: broken/parallel_4_number_16/\(input.file): ")
            || result.stderr.contains("/broken/parallel_4_number_16/\(input.file): "))
        #expect(result.stderr.split(separator: "\n").count == 1)
        let counts = try CaliperProcess.tableCounts(in: folder)
        #expect(counts.count == 8 && counts.values.allSatisfy { $0 == 0 }, "\(counts)")
    }

    @Test(arguments: StoreEngine.allCases) func unrecognizedFolderAndMissingPathExit2(engine: StoreEngine) throws {
        let folder = try scratch(engine)
        try FileManager.default.createDirectory(at: folder.appending(path: "empty"), withIntermediateDirectories: true)
        let empty = try CaliperProcess.run(["ingest", "empty"], in: folder)
        #expect(empty.status == 2)
        #expect(empty.stderr == "caliper: empty: not a result of a format Caliper reads (try --recursive)\n")
        let missing = try CaliperProcess.run(["ingest", "nowhere"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr == "caliper: nowhere: no such file or directory\n")
    }

    @Test func usageErrorsExit2() throws {
        let result = try CaliperProcess.run(["ingest", "x", "--gpus", "many"], in: try scratch())
        #expect(result.status == 2)
        #expect(result.stderr.contains("--gpus"))
        let label = try CaliperProcess.run(["ingest", "x", "--label", "nokey"], in: try scratch())
        #expect(label.status == 2)
        #expect(label.stderr == "caliper: label \"nokey\" is not key=value\n")
    }

    @Test(arguments: StoreEngine.allCases) func runsListsAndFilters(engine: StoreEngine) throws {
        let folder = try scratch(engine)
        // EvalScope's folder names have no zone: read as UTC here, whatever the machine's zone.
        _ = try CaliperProcess.run(["ingest", "examples/\(sweep)", "--label", "branch=main", "--engine", "vllm", "--engine-version", "0.10.1"],
                                   in: folder, environment: ["TZ": "UTC"])
        _ = try CaliperProcess.run(["ingest", "examples/\(highEffort)", "--label", "branch=dev"], in: folder, environment: ["TZ": "UTC"])
        // 120 columns by default: the widest columns are cut with …; --wide shows them whole.
        let fitted = try CaliperProcess.run(["runs"], in: folder)
        #expect(fitted.stdout == """
            ID  KIND  MODEL        ENGINE       HARDWARE  EFFORT  DATASET          MEASURED         RUN AT (UTC)         LABELS
             1  perf  gpt-oss-20b  vllm 0.10.1  unknown   -       random           3 points c=1,4…  2026-11-24 19:03:05  branch=main
             2  eval  gpt-oss-20b  unknown      unknown   high    aime25,general…  aime25 accurac…  2026-11-24 19:00:48  branch=dev

            """)
        let all = try CaliperProcess.run(["runs", "--wide"], in: folder)
        #expect(all.status == 0)
        #expect(all.stdout == """
            ID  KIND  MODEL        ENGINE       HARDWARE  EFFORT  DATASET             MEASURED                                          RUN AT (UTC)         LABELS
             1  perf  gpt-oss-20b  vllm 0.10.1  unknown   -       random              3 points c=1,4,8                                  2026-11-24 19:03:05  branch=main
             2  eval  gpt-oss-20b  unknown      unknown   high    aime25,general_mcq  aime25 accuracy 0.8 · general_mcq accuracy 0.875  2026-11-24 19:00:48  branch=dev

            """)
        let perf = try CaliperProcess.run(["runs", "--kind", "perf", "--format", "json"], in: folder)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(perf.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? Int } == [1])
        let dev = try CaliperProcess.run(["runs", "--label", "branch=dev", "--reasoning-effort", "high"], in: folder)
        #expect(dev.stdout.split(separator: "\n").count == 2)
        let none = try CaliperProcess.run(["runs", "--model", "llama"], in: folder)
        #expect(none.stdout == "no runs\n")
    }

    /// The schema is embedded: a binary copied out of .build works on its own.
    @Test(arguments: StoreEngine.allCases) func copiedBinaryWorksAlone(engine: StoreEngine) throws {
        let folder = try scratch()
        let copy = folder.appending(path: "bin/caliper")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CaliperProcess.binary, to: copy)
        let db = try TestStores.location(engine, in: folder, name: "copied.db")
        let result = try CaliperProcess.run(["ingest", "examples/\(sweep)", "--db", db], executable: copy, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CaliperProcess.tableCounts(db)["perf_points"] == 3)
    }

    @Test(arguments: StoreEngine.allCases) func storeFromEnvironment(engine: StoreEngine) throws {
        let folder = try scratch()
        // A relative path or a postgres:// URL.
        let location = try TestStores.location(engine, in: folder, name: "env.db")
        let named = engine == .sqlite ? "env.db" : location
        let result = try CaliperProcess.run(["ingest", "examples/\(sweep)"], in: folder, environment: ["CALIPER_DB": named])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CaliperProcess.tableCounts(location)["runs"] == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "caliper.db").path))
    }

    @Test func notADatabaseExits2() throws {
        let folder = try scratch()
        try Data(String(repeating: "not a database ", count: 20).utf8).write(to: folder.appending(path: "bad.db"))
        let result = try CaliperProcess.run(["runs", "--db", "bad.db"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr == "caliper: bad.db: file is not a SQLite database\n")
    }

    /// Another process holds the write lock: wait --busy-timeout, then one line and exit 2, nothing written.
    @Test func lockedStoreExits2() throws {
        let folder = try scratch()
        try CaliperProcess.createStore(folder.appending(path: "caliper.db").path)
        let holder = try DatabaseQueue(path: folder.appending(path: "caliper.db").path)
        let result = try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            defer { try? db.execute(sql: "ROLLBACK") }
            return try CaliperProcess.run(["ingest", "examples/\(sweep)", "--busy-timeout", "0.2"], in: folder)
        }
        #expect(result.status == 2)
        #expect(result.stderr == "caliper: caliper.db: database is locked by another process\n")
        #expect(try CaliperProcess.tableCounts(folder.appending(path: "caliper.db").path)["runs"] == 0)
    }

    /// The README's main command.
    @Test func demoStoresTheExamples() throws {
        let folder = try scratch()
        let result = try CaliperProcess.run(["demo", "--db", "demo.db", "--examples", "examples"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\n32 runs in demo.db:\n"))
        #expect(result.stdout.contains("Not stored (EvalScope 0.17.1 and 1.0.0 crash on --no-stream"))
        #expect(try CaliperProcess.tableCounts(folder.appending(path: "demo.db").path)["runs"] == 32)
    }

    /// The committed example reports are what the demo renders today, on either engine: byte for byte.
    @Test(arguments: StoreEngine.allCases) func demoRendersTheCommittedExampleReports(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let store = engine == .sqlite ? [] : ["--db", try TestStores.location(.postgres, in: folder)]
        // The examples' folder names have no zone: the reports were rendered on a UTC host.
        let result = try CaliperProcess.run(["demo"] + store, in: folder, environment: ["TZ": "UTC"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\nFAIL: invalid run: candidate c=2 3 of 10 requests failed (30.0%, limit 1%)"))
        let committed = CaliperProcess.examples.deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Reports/examples")
        // Reports/examples also holds trend-synthetic-step.*, rendered by TrendExampleTests.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appending(path: "demo-output/reports").path).sorted()
        #expect(names.count == 21)
        let committedNames = try FileManager.default.contentsOfDirectory(atPath: committed.path)
        #expect(Set(committedNames) == Set(names).union(["trend-synthetic-step.md", "trend-synthetic-step.html", "trend-synthetic-step.json"]))
        for name in names {
            let expected = try String(contentsOf: committed.appending(path: name), encoding: .utf8)
            let rendered = try String(contentsOf: folder.appending(path: "demo-output/reports/\(name)"), encoding: .utf8)
            #expect(rendered == expected, "Reports/examples/\(name) is stale: run the demo and copy demo-output/reports/")
        }
    }
}

/// `caliper demo` as a newcomer runs it: from a binary copied anywhere, never at the cost of a store.
struct DemoEndToEndTests {
    /// The examples travel inside the binary: a copy of it alone, in an empty folder, runs the demo.
    @Test func aCopiedBinaryRunsTheDemo() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let copy = folder.appending(path: "bin/caliper")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CaliperProcess.binary, to: copy)
        let result = try CaliperProcess.run(["demo", "--db", "out/demo.db"], executable: copy, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Caliper demo: importing the example EvalScope results in out/examples/evalscope\n"))
        #expect(result.stdout.contains("\n32 runs in out/demo.db:\n"))
        let embedded = try FileManager.default.subpathsOfDirectory(atPath: folder.appending(path: "out/examples").path)
        let bundled = try FileManager.default.subpathsOfDirectory(atPath: CaliperProcess.examples.deletingLastPathComponent().path)
            .filter { $0.hasPrefix("evalscope") }
        #expect(embedded.sorted() == bundled.sorted())
    }

    /// `Sources/CEmbeddedExamples/examples.S` links every file of Examples/evalscope, byte for byte.
    @Test func theEmbeddedListingIsUpToDate() throws {
        let root = CaliperProcess.examples.deletingLastPathComponent().deletingLastPathComponent()
        let listing = try String(contentsOf: root.appending(path: "Sources/CEmbeddedExamples/examples.S"), encoding: .utf8)
        let linked = listing.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.range(of: ".incbin \"Examples/") else { return nil }
            return String(line[start.upperBound...].dropLast())
        }
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: CaliperProcess.examples.deletingLastPathComponent().path)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = CaliperProcess.examples.deletingLastPathComponent().appending(path: path).path
            if path.hasPrefix("evalscope/"), FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        #expect(linked == files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "run Scripts/embed-examples")
    }

    /// `demo --db precious.db` must not delete a store the demo did not write, nor any other file.
    @Test func theDemoLeavesAForeignStoreAlone() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        try FileManager.default.createSymbolicLink(at: folder.appending(path: "examples"), withDestinationURL: CaliperProcess.examples)
        let ingested = try CaliperProcess.run(
            ["ingest", "--db", "precious.db", "examples/1.14.1-capture/perf-sweep-completions-p1-4-8/20261124_190305/gpt-oss-20b"],
            in: folder)
        #expect(ingested.status == 0)
        try Data("not a database".utf8).write(to: folder.appending(path: "notes.db"))
        let before = try Data(contentsOf: folder.appending(path: "precious.db"))

        let refused = try CaliperProcess.run(["demo", "--db", "precious.db"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr == "caliper: precious.db: not a demo store (run 1 is not one of the demo's): refusing to replace it; pass another --db\n")
        #expect(try Data(contentsOf: folder.appending(path: "precious.db")) == before)

        let other = try CaliperProcess.run(["demo", "--db", "notes.db"], in: folder)
        #expect(other.status == 2)
        #expect(other.stderr == "caliper: notes.db: not a demo store (not a Caliper store): refusing to replace it; pass another --db\n")
        #expect(try String(contentsOf: folder.appending(path: "notes.db"), encoding: .utf8) == "not a database")

        // Its own store it replaces: a second demo run stores the same 32 runs again.
        #expect(try CaliperProcess.run(["demo", "--db", "demo/demo.db"], in: folder).status == 0)
        let again = try CaliperProcess.run(["demo", "--db", "demo/demo.db"], in: folder)
        #expect(again.status == 0)
        #expect(try CaliperProcess.tableCounts(folder.appending(path: "demo/demo.db").path)["runs"] == 32)
    }
}

/// The perf view of `caliper show`, exact.
struct ShowPerfEndToEndTests {
    @Test(arguments: StoreEngine.allCases) func showsPointsInReadableUnits(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        try FileManager.default.createSymbolicLink(at: folder.appending(path: "examples"), withDestinationURL: CaliperProcess.examples)
        let ingested = try CaliperProcess.run(
            ["ingest", "examples/1.14.1-capture/perf-sweep-completions-p1-4-8/20261124_190305/gpt-oss-20b"], in: folder)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let shown = try CaliperProcess.run(["show", "1"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.stdout.hasSuffix("""
            CONCURRENCY  REQUESTS  ROWS        REQ/S     OUT TOK/S  SUCCESS     LATENCY       TTFT   TTFT P99      TPOT       ITL
                      1         8     8  1.254 req/s  160.57 tok/s  100.00%   797.00 ms   68.66 ms   76.29 ms   5.73 ms   5.73 ms
                      4        16    16  3.569 req/s  456.84 tok/s  100.00%  1081.00 ms  100.95 ms  114.03 ms   7.72 ms   7.72 ms
                      8        32    32  5.135 req/s  657.32 tok/s  100.00%  1454.90 ms  145.45 ms  170.90 ms  10.31 ms  10.31 ms

            """))
        #expect(shown.stdout.contains("  generation       {\"ignore_eos\":true,\"max_tokens\":128,\"min_tokens\":128,\"stream\":true,\"temperature\":0}\n"))
        #expect(shown.stdout.contains("  source           evalscope 1.10..1.14 [perf-G]\n"))
        #expect(shown.stdout.contains("  engine           unknown\n"))
    }
}
