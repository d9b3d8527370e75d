import CaliperStore
import CaliperTestSupport
import Foundation
import GRDB
import Testing

/// `caliper annotate`, `delete`, the re-ingest hint, and `runs`/`show` within 120 columns: the real
/// binary on the bundled EvalScope results and a real SQLite file.
@Suite(.serialized)
struct RunEditingEndToEndTests {
    let sweep = "1.14.1-capture/perf-sweep-completions-p1-4-8/20261124_190305/gpt-oss-20b"
    let highEffort = "1.14.1-capture/eval-aime25-mcq-effort-high-r4/20261124_190048"
    static let childTables = ["run_labels", "perf_points", "perf_metrics", "perf_requests", "eval_scores", "eval_samples", "run_edits"]

    /// A scratch folder with the examples linked in and the sweep (run 1) and an eval run (run 2) stored.
    func store(_ engine: StoreEngine) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        try FileManager.default.createSymbolicLink(at: folder.appending(path: "examples"), withDestinationURL: CaliperProcess.examples)
        let first = try CaliperProcess.run(
            ["ingest", "examples/\(sweep)", "--engine", "vllm", "--engine-version", "0.10.1", "--label", "branch=main"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CaliperProcess.run(["ingest", "examples/\(highEffort)", "--label", "branch=main"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        return folder
    }

    /// Rows per child table that belong to `runID`.
    func rows(of runID: Int64, in folder: URL) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in Self.childTables {
            let sql = ["perf_metrics", "perf_requests"].contains(table)
                ? "SELECT count(*) FROM \(table) WHERE point_id IN (SELECT id FROM perf_points WHERE run_id = ?)"
                : "SELECT count(*) FROM \(table) WHERE run_id = ?"
            counts[table] = try TestStores.count(CaliperProcess.store(in: folder), sql, [.integer(runID)])
        }
        return counts
    }

    @Test(arguments: StoreEngine.allCases) func annotateChangesKeysRecordsEditsAndKeepsTheContentHash(engine: StoreEngine) throws {
        let folder = try store(engine)
        let db = CaliperProcess.store(in: folder)
        let hash = try TestStores.texts(db, "SELECT content_hash FROM runs WHERE id = 1")
        let result = try CaliperProcess.run([
            "annotate", "latest kind=perf", "--engine-version", "0.10.2", "--hardware", "NVIDIA H20 96GB", "--gpus", "2",
            "--label", "commit=3f2a9c1", "--label", "branch=release",
        ], in: folder, environment: ["USER": "ana"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            run 1: engine_version 0.10.1 → 0.10.2
            run 1: hardware (unset) → H20 96GB x 2
            run 1: label.branch main → release
            run 1: label.commit (unset) → 3f2a9c1

            """)
        let removed = try CaliperProcess.run(["annotate", "1", "--unlabel", "commit"], in: folder, environment: ["USER": "ana"])
        #expect(removed.stdout == "run 1: label.commit 3f2a9c1 → (removed)\n")

        #expect(try TestStores.texts(db, "SELECT engine_version FROM runs WHERE id = 1") == ["0.10.2"])
        #expect(try TestStores.texts(db, "SELECT hardware_name FROM runs WHERE id = 1") == ["H20"])
        #expect(try TestStores.count(db, "SELECT hardware_count FROM runs WHERE id = 1") == 2)
        #expect(try TestStores.number(db, "SELECT hardware_memory_gb FROM runs WHERE id = 1") == 96.0)
        #expect(try TestStores.texts(db, "SELECT content_hash FROM runs WHERE id = 1") == hash)
        #expect(try TestStores.texts(db, "SELECT field FROM run_edits ORDER BY id")
            == ["engine_version", "hardware", "label.branch", "label.commit", "label.commit"])
        #expect(try TestStores.texts(db, "SELECT edited_by FROM run_edits").allSatisfy { $0?.hasPrefix("ana@") == true })
        #expect(try TestStores.texts(db, "SELECT new_value FROM run_edits ORDER BY id").last == .some(nil))

        // Show lists the edits, as text and JSON.
        let shown = try CaliperProcess.run(["show", "1"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("\nedits:\nEDITED AT (UTC)"))
        #expect(shown.stdout.contains("engine_version  0.10.1"))
        let json = try CaliperProcess.run(["show", "latest kind=perf", "--format", "json"], in: folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let listed = try #require(document["edits"] as? [[String: Any]])
        #expect(listed.count == 5)
        #expect(listed[0]["field"] as? String == "engine_version" && listed[0]["new_value"] as? String == "0.10.2")

        // Ingesting the same files again is still a no-op.
        let again = try CaliperProcess.run(["ingest", "examples/\(sweep)"], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout == "already stored as run 1: examples/\(sweep)\n")
        #expect(try CaliperProcess.tableCounts(in: folder)["runs"] == 2)
    }

    @Test(arguments: StoreEngine.allCases) func annotateRefusesBadInputAndWritesNothing(engine: StoreEngine) throws {
        let folder = try store(engine)
        let cases: [([String], String)] = [
            (["annotate", "1"], "caliper: nothing to change: give --engine, --engine-version, --hardware, --gpus, --label or --unlabel\n"),
            (["annotate", "9", "--engine", "vllm"], "caliper: no run 9 in \(CaliperProcess.storeName(in: folder))\n"),
            (["annotate", "1", "--unlabel", "nope"], "caliper: run 1 has no label \"nope\"\n"),
            (["annotate", "1", "--gpus=-1"], "caliper: --gpus -1: negative\n"),
            (["annotate", "1", "--engine", " "], "caliper: --engine must not be empty\n"),
            (["annotate", "1", "--label", "a=1", "--unlabel", "a"], "caliper: label \"a\" is both set with --label and removed with --unlabel\n"),
        ]
        let before = try CaliperProcess.tableCounts(in: folder)
        for (arguments, message) in cases {
            let result = try CaliperProcess.run(arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
        #expect(try rows(of: 1, in: folder)["run_edits"] == 0)
        #expect(try CaliperProcess.tableCounts(in: folder) == before)
        #expect(try CaliperProcess.run(["annotate", "1", "--engine", "x"], in: try CaliperProcess.temporaryDirectory()).stderr
            == "caliper: no store at caliper.db\n")
    }

    @Test(arguments: StoreEngine.allCases) func deleteNeedsYesWithoutATerminalThenRemovesEveryRow(engine: StoreEngine) throws {
        let folder = try store(engine)
        #expect(try rows(of: 1, in: folder)["perf_requests"] == 56)
        let refused = try CaliperProcess.run(["delete", "1"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stdout == "")
        #expect(refused.stderr == "caliper: stdin is not a terminal: pass --yes to delete run 1\n")
        #expect(try rows(of: 1, in: folder)["perf_requests"] == 56)

        let unknown = try CaliperProcess.run(["delete", "1", "7", "--yes"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "caliper: no run 7 in \(CaliperProcess.storeName(in: folder))\n")
        #expect(try rows(of: 1, in: folder)["perf_requests"] == 56)

        _ = try CaliperProcess.run(["annotate", "1", "--label", "x=y"], in: folder)
        let deleted = try CaliperProcess.run(["delete", "latest kind=perf", "2", "--yes"], in: folder)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout == """
            deleted run 1 (perf gpt-oss-20b, 3 points, 56 request rows)
            deleted run 2 (eval gpt-oss-20b, 2 datasets, 192 sample rows)

            """)
        for id in [Int64(1), 2] {
            #expect(try rows(of: id, in: folder).values.allSatisfy { $0 == 0 }, "run \(id)")
        }
        #expect(try CaliperProcess.tableCounts(in: folder).values.allSatisfy { $0 == 0 })

        // Deleted runs can be ingested again.
        let again = try CaliperProcess.run(["ingest", "examples/\(sweep)"], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("stored run "))
    }

    /// On a terminal (util-linux `script` gives one) each run is asked for; only "y" deletes.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func deleteAsksOnATerminal() throws {
        let folder = try store(.sqlite)
        func answer(_ reply: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "\(CaliperProcess.binary.path) delete 2", "/dev/null"]
            process.currentDirectoryURL = folder
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(Data("\(reply)\n".utf8))
            try input.fileHandleForWriting.close()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return text
        }
        let question = "delete run 2 (eval gpt-oss-20b, 2 datasets, 192 sample rows)? [y/N] "
        let kept = try answer("n")
        #expect(kept.contains(question + "nothing deleted"))
        #expect(try rows(of: 2, in: folder)["eval_samples"] == 192)
        let deleted = try answer("y")
        #expect(deleted.contains(question + "deleted run 2 (eval gpt-oss-20b, 2 datasets, 192 sample rows)"))
        #expect(try rows(of: 2, in: folder).values.allSatisfy { $0 == 0 })
    }

    /// The sqlite3 shell deletes with foreign keys off: migration 005's triggers still take the
    /// run's rows, so the next ingest (which reuses the id) does not hit a UNIQUE constraint.
    @Test func aRawSQLDeleteWithForeignKeysOffLeavesNoOrphans() throws {
        let folder = try store(.sqlite)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let raw = try DatabaseQueue(path: folder.appending(path: "caliper.db").path, configuration: configuration)
        try raw.write { db in
            #expect(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == false)
            try db.execute(sql: "DELETE FROM runs WHERE id = 2")
        }
        #expect(try rows(of: 2, in: folder).values.allSatisfy { $0 == 0 })
        #expect(try rows(of: 1, in: folder)["perf_requests"] == 56)
        let again = try CaliperProcess.run(["ingest", "examples/\(highEffort)"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("stored run 2: eval gpt-oss-20b"))
    }

    @Test(arguments: StoreEngine.allCases) func reingestWithOtherAnnotationsSaysHowToApplyThem(engine: StoreEngine) throws {
        let folder = try store(engine)
        let result = try CaliperProcess.run(
            ["ingest", "examples/\(sweep)", "--engine-version", "0.10.2", "--label", "branch=main"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout == "already stored as run 1: examples/\(sweep); its engine_version is 0.10.1, not 0.10.2: "
            + "to change it, caliper annotate 1 --engine-version 0.10.2\n")

        let several = try CaliperProcess.run(
            ["ingest", "examples/\(sweep)", "--hardware", "NVIDIA H20 96GB", "--gpus", "1", "--label", "branch=pr 7"], in: folder)
        #expect(several.stdout == "already stored as run 1: examples/\(sweep); its hardware is unknown, not H20 96GB x 1, "
            + "its label.branch is main, not pr 7: to change them, caliper annotate 1 --hardware 'NVIDIA H20 96GB' --gpus 1 "
            + "--label 'branch=pr 7'\n")
        let json = try CaliperProcess.run(["ingest", "examples/\(sweep)", "--engine", "sglang", "--format", "json"], in: folder)
        if json.status == 0, let document = try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] {
            let duplicates = document["duplicates"] as? [[String: Any]]
            #expect((duplicates?.first?["hint"] as? String)?.hasSuffix("caliper annotate 1 --engine sglang") == true)
        }
    }

    @Test(arguments: StoreEngine.allCases) func runsAndShowFit120ColumnsUnlessWide(engine: StoreEngine) throws {
        let folder = try store(engine)
        let long = String(repeating: "very-long-label-value-", count: 8)
        _ = try CaliperProcess.run(["annotate", "1", "--label", "note=\(long)", "--engine", String(repeating: "engine", count: 10)], in: folder)
        for command in [["runs"], ["show", "1"], ["show", "2"]] {
            let fitted = try CaliperProcess.run(command, in: folder)
            #expect(fitted.status == 0)
            let widest = fitted.stdout.split(separator: "\n").map(\.count).max() ?? 0
            #expect(widest <= 120, "\(command): \(widest) columns")
            let wide = try CaliperProcess.run(command + ["--wide"], in: folder)
            #expect(wide.stdout.contains(long) || command == ["show", "2"], "\(command)")
        }
        let runs = try CaliperProcess.run(["runs"], in: folder)
        #expect(runs.stdout.contains("…"))
        #expect(try CaliperProcess.run(["runs", "--wide"], in: folder).stdout.split(separator: "\n").map(\.count).max() ?? 0 > 120)
    }
}
