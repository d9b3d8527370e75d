import CaliperStore
import CaliperTestSupport
import Foundation
import Testing

/// PostgreSQL as the team store: many CI jobs writing at once, a server restarted under a writer,
/// and URLs whose password must never be printed. The real `caliper` against the real test server.
@Suite(.serialized)
struct TeamStoreEndToEndTests {
    /// 16 different EvalScope results from the bundled history (the two crashed --no-stream runs left out).
    static let distinct: [String] = {
        var folders: [String] = []
        for version in ["0.13.2", "0.17.1", "1.0.0", "1.14.1", "1.9.1"] {
            for run in ["perf-chat-multi", "perf-chat-single", "perf-completions-openqa", "perf-random-ignore-eos", "eval-openai-service"] {
                let path = "history/\(version)/\(run)"
                if FileManager.default.fileExists(atPath: CaliperProcess.examples.appending(path: path).path) { folders.append(path) }
            }
        }
        return Array(folders.prefix(16))
    }()

    static let same = GateEndToEndTests.single

    /// 16 `caliper ingest` of 16 runs and 8 of one run, all at once, twice: each run stored exactly
    /// once, the losers told which run holds theirs, and never a database error.
    @Test func twentyFourWritersAtOnceStoreEveryRunOnce() throws {
        #expect(Self.distinct.count == 16)
        let folder = try CaliperProcess.temporaryDirectory(.postgres)
        for round in 1...2 {
            let paths = Self.distinct + Array(repeating: Self.same, count: 8)
            let running = try paths.map { path in
                try CaliperProcess.start(["ingest", CaliperProcess.examples.appending(path: path).path, "--recursive"], in: folder)
            }
            let results = running.map { $0.finish() }
            for (path, result) in zip(paths, results) {
                #expect(result.status == 0, "round \(round) \(path): \(result.stderr)")
                #expect(result.stderr == "", "round \(round) \(path)")
                #expect(!result.stdout.contains("duplicate key"))
            }
            let sameLines = results.suffix(8).map { $0.stdout.split(separator: "\n").first.map(String.init) ?? "" }
            let stored = sameLines.filter { $0.hasPrefix("stored run ") }
            let already = sameLines.filter { $0.hasPrefix("already stored as run ") }
            #expect(stored.count == (round == 1 ? 1 : 0), "\(sameLines)")
            #expect(already.count == (round == 1 ? 7 : 8), "\(sameLines)")
            // Every loser names the winner's run.
            let ids = Set(sameLines.compactMap { $0.firstMatch(of: /run (\d+)/).map { String($0.output.1) } })
            #expect(ids.count == 1, "\(sameLines)")
            let counts = try CaliperProcess.tableCounts(in: folder)
            #expect(counts["runs"] == 17)
            #expect(try TestStores.count(CaliperProcess.store(in: folder), "SELECT count(DISTINCT content_hash) FROM runs") == 17)
        }
        #expect(try TestStores.count(CaliperProcess.store(in: folder), "SELECT count(*) FROM caliper_migrations") == 6)
    }

    /// The server restarts while an ingest is writing (held mid-transaction by another session's
    /// lock): one line, exit 2, nothing of the run stored; the same command works once it is back.
    @Test func aServerRestartMidIngestStoresNothingAndTheRetryWorks() throws {
        let data = try #require(ProcessInfo.processInfo.environment["CALIPER_TEST_POSTGRES_DATA"], "\(TestStores.NoServer())")
        let folder = try CaliperProcess.temporaryDirectory(.postgres)
        let location = CaliperProcess.store(in: folder)
        try CaliperProcess.createStore(location)
        let lock = try TestStores.LockHolder(location, table: "perf_requests")
        let arguments = ["ingest", CaliperProcess.examples.appending(path: GateEndToEndTests.failing).path]
        let ingest = try CaliperProcess.start(arguments, in: folder)
        // Until it waits on the lock: its run row and points are written, uncommitted. A guard, not a timing.
        var waited = 0
        while try TestStores.count(location, """
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = 'caliper' AND wait_event_type = 'Lock' AND datname = current_database()
            """) == 0 {
            waited += 1
            try #require(waited < 6000, "the ingest never reached the lock")
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(try Self.spawnAndWait([CaliperProcess.repository.appending(path: "Scripts/postgres-cluster").path, "restart", data]) == 0)
        // The restart ended the lock's session too.
        _ = lock

        let cut = ingest.finish()
        #expect(cut.status == 2, "\(cut.stdout)")
        #expect(cut.stderr.hasPrefix("caliper: \(location): the connection to the server was lost"), "\(cut.stderr)")
        #expect(cut.stderr.filter { $0 == "\n" }.count == 1, "\(cut.stderr)")
        #expect(try CaliperProcess.tableCounts(location).values.allSatisfy { $0 == 0 })

        let again = try CaliperProcess.run(arguments, in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("stored run "))
        #expect(try CaliperProcess.tableCounts(location)["perf_requests"] == 30)
    }

    /// A password in the URL is masked wherever the store is named: messages, the demo's output,
    /// reports; a wrong one fails in one line without it.
    @Test func aPasswordInTheURLIsNeverPrinted() throws {
        let password = try #require(ProcessInfo.processInfo.environment["CALIPER_TEST_POSTGRES_PASSWORD"], "\(TestStores.NoServer())")
        let folder = try CaliperProcess.temporaryDirectory()
        let plain = try TestStores.location(.postgres, in: folder)
        let secret = plain.replacingOccurrences(of: "caliper_admin@", with: "caliper_admin:\(password)@")
        let masked = plain.replacingOccurrences(of: "caliper_admin@", with: "caliper_admin:***@")
        // Without PGPASSWORD: the URL's password is the only one.
        let environment = ["PGPASSWORD": "", "CALIPER_DB": secret]
        var outputs: [String] = []
        let ingest = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: GateEndToEndTests.single).path], in: folder, environment: environment)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        outputs += [ingest.stdout, ingest.stderr]
        for arguments in [["runs"], ["show", "1"], ["show", "9"], ["gate", "--baseline", "1", "--candidate", "1"],
                          ["trend", "--metric", "ttft", "--model", "nobody"], ["compare", "1", "9", "-o", "x.md"]] {
            let result = try CaliperProcess.run(arguments, in: folder, environment: environment)
            outputs += [result.stdout, result.stderr]
        }
        let missing = try CaliperProcess.run(["show", "9"], in: folder, environment: environment)
        #expect(missing.stderr == "caliper: no run 9 in \(masked)\n")

        let wrong = secret.replacingOccurrences(of: password, with: "not-\(password)")
        let refused = try CaliperProcess.run(["runs"], in: folder, environment: ["PGPASSWORD": "", "CALIPER_DB": wrong])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("caliper: \(masked): password authentication failed"), "\(refused.stderr)")
        #expect(refused.stderr.filter { $0 == "\n" }.count == 1)
        outputs += [refused.stdout, refused.stderr]
        let reports = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in reports where !name.hasSuffix(".db") {
            outputs.append((try? String(contentsOf: folder.appending(path: name), encoding: .utf8)) ?? "")
        }
        for output in outputs { #expect(!output.contains(password), "\(output)") }
    }

    /// Runs a program and waits for it with waitpid. Foundation's Process is not used here: the
    /// restarted server, its grandchild, outlives the script, and Process then never sees it end.
    static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var pid: pid_t = 0
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let started = posix_spawn(&pid, arguments[0], nil, nil, &argv, environ)
        guard started == 0 else { throw CaliperProcess.MoveFailure(description: "cannot start \(arguments[0]): \(started)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }
}
