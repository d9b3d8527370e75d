import Foundation
import GRDB
import Testing

/// How commands open the store, as users meet it: several processes creating one store at once,
/// readers beside a writer, a store the user may only read, files that are not Caliper's.
@Suite(.serialized)
struct StoreOpeningEndToEndTests {
    static let sweep = "1.14.1-capture/perf-sweep-completions-p1-4-8/20261124_190305/gpt-oss-20b"
    static let random0171 = "history/0.17.1/perf-random-ignore-eos"
    static let random100 = "history/1.0.0/perf-random-ignore-eos"

    /// A scratch folder whose store holds the two EvalScope runs of one server, runs 1 and 2.
    func twoRunStore() throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory()
        for path in [Self.random0171, Self.random100] {
            let result = try CaliperProcess.run(["ingest", CaliperProcess.examples.appending(path: path).path, "--recursive"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        return folder
    }

    /// Starts every command at once and waits for all of them.
    func runTogether(_ commands: [[String]], in folder: URL) throws -> [CaliperProcess.Result] {
        // Each prints a few lines, well under a pipe's buffer, so finishing in turn cannot block a child.
        try commands.map { try CaliperProcess.start($0, in: folder) }.map { $0.finish() }
    }

    /// The issue's race: 8 processes opening one new store failed 4–14 % of them. Ten rounds, none may fail.
    @Test func eightProcessesCreateOneNewStore() throws {
        let examples = CaliperProcess.examples.path
        for round in 1...10 {
            let folder = try CaliperProcess.temporaryDirectory()
            let commands = (0..<8).map { index in
                ["ingest", "\(examples)/\(index.isMultiple(of: 2) ? Self.sweep : Self.random0171)", "--recursive"]
            }
            let results = try runTogether(commands, in: folder)
            for result in results {
                #expect(result.status == 0, "round \(round): \(result.stderr)")
                #expect(result.stderr == "", "round \(round)")
            }
            #expect(results.filter { $0.stdout.hasPrefix("stored run") }.count == 2, "round \(round)")
            #expect(try CaliperProcess.tableCounts(folder.appending(path: "caliper.db").path)["runs"] == 2)
        }
    }

    /// While another connection holds the write lock for 6 s, `runs`, `show`, `compare` and `trend`
    /// answer at once: each returns while the lock is still held.
    @Test func readersDoNotWaitForAWriter() throws {
        let folder = try twoRunStore()
        let path = folder.appending(path: "caliper.db").path
        let locked = DispatchSemaphore(value: 0)
        let holding = DispatchGroup()
        holding.enter()
        let holder = Thread {
            do {
                try DatabaseQueue(path: path).writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE; DELETE FROM run_labels")
                    locked.signal()
                    Thread.sleep(forTimeInterval: 6)
                    try db.execute(sql: "ROLLBACK")
                }
            } catch {
                Issue.record("the lock holder failed: \(error)")
                locked.signal()
            }
            holding.leave()
        }
        holder.start()
        locked.wait()

        let writer = try CaliperProcess.run(
            ["ingest", "\(CaliperProcess.examples.path)/\(Self.sweep)", "--busy-timeout", "0"], in: folder)
        #expect(writer.stderr == "caliper: caliper.db: database is locked by another process\n")
        for arguments in [["runs"], ["show", "1"], ["compare", "1", "2"],
                          ["trend", "--metric", "output_throughput", "--concurrency", "2"]] {
            let reader = try CaliperProcess.run(arguments, in: folder)
            #expect(reader.status == 0, "\(arguments): \(reader.stderr)")
            #expect(holding.wait(timeout: .now()) == .timedOut, "\(arguments) returned only after the writer let go")
        }
        holding.wait()
    }

    /// A user without write permission on the store or its folder (root ignores permissions, so the
    /// binary runs as `nobody`) can list, show and compare; ingesting fails in one line, writing nothing.
    @Test func aStoreTheUserMayOnlyReadCanBeListedAndCompared() throws {
        let folder = try twoRunStore()
        let bin = folder.appending(path: "bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appending(path: "caliper")
        try FileManager.default.copyItem(at: CaliperProcess.binary, to: copy)
        let storeFolder = folder.appending(path: "readonly")
        try FileManager.default.createDirectory(at: storeFolder, withIntermediateDirectories: true)
        let store = storeFolder.appending(path: "caliper.db")
        try FileManager.default.moveItem(at: folder.appending(path: "caliper.db"), to: store)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: store.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: storeFolder.path)
        let before = try Data(contentsOf: store)

        func asNobody(_ arguments: [String]) throws -> CaliperProcess.Result {
            try CaliperProcess.run(
                ["--reuid=nobody", "--regid=nogroup", "--clear-groups", copy.path] + arguments + ["--db", store.path],
                executable: URL(fileURLWithPath: "/usr/bin/setpriv"), in: folder)
        }
        let runs = try asNobody(["runs"])
        #expect(runs.status == 0, "\(runs.stderr)")
        #expect(runs.stdout.split(separator: "\n").count == 3)
        let compare = try asNobody(["compare", "1", "2"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("c=2"))
        let show = try asNobody(["show", "2"])
        #expect(show.status == 0, "\(show.stderr)")
        let ingest = try asNobody(["ingest", "\(CaliperProcess.examples.path)/\(Self.sweep)"])
        #expect(ingest.status == 2)
        #expect(ingest.stderr.hasPrefix("caliper: \(store.path): "))
        #expect(ingest.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: store) == before)
    }

    /// Another application's SQLite file, even one with a `runs` table, is refused and left byte-identical.
    @Test func anotherApplicationsDatabaseIsLeftUntouched() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let path = folder.appending(path: "other.db")
        try DatabaseQueue(path: path.path).write { db in
            try db.execute(sql: "CREATE TABLE runs (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO runs VALUES (1, 'theirs')")
        }
        let before = try Data(contentsOf: path)
        for arguments in [["ingest", "\(CaliperProcess.examples.path)/\(Self.sweep)"], ["runs"]] {
            let result = try CaliperProcess.run(arguments + ["--db", "other.db"], in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "caliper: other.db: not a Caliper store (its tables carry no Caliper migration record); left untouched\n")
        }
        #expect(try Data(contentsOf: path) == before)
    }

    @Test func aStoreFromANewerCaliperIsRefused() throws {
        let folder = try twoRunStore()
        let path = folder.appending(path: "caliper.db")
        try DatabaseQueue(path: path.path).writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('003_future'); PRAGMA user_version = 3")
        }
        let before = try Data(contentsOf: path)
        for arguments in [["ingest", "\(CaliperProcess.examples.path)/\(Self.sweep)"], ["runs"], ["compare", "1", "2"]] {
            let result = try CaliperProcess.run(arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "caliper: caliper.db: written by a newer Caliper: schema 4, this binary knows up to 3\n")
        }
        #expect(try Data(contentsOf: path) == before)
    }

    @Test func aReaderDoesNotCreateAStore() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let result = try CaliperProcess.run(["runs"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr == "caliper: no store at caliper.db\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "caliper.db").path))
    }

    /// `--busy-timeout` is seconds from 0 to a day; `inf`, `nan` and `1e300` used to trap.
    @Test(arguments: ["inf", "nan", "1e300", "-1", "86401"])
    func busyTimeoutOutOfRangeIsAUsageError(value: String) throws {
        let result = try CaliperProcess.run(["ingest", "x", "--busy-timeout=\(value)"], in: try CaliperProcess.temporaryDirectory())
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("--busy-timeout must be from 0 (do not wait) to 86400 seconds"))
    }
}
