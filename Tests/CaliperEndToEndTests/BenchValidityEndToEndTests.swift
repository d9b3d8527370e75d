import CaliperStore
import CaliperTestSupport
import Foundation
import GRDB
import Testing

/// `caliper bench` when the run fails: nothing listens, the model is wrong, the store is locked.
/// The run is stored marked invalid (exit 1, the errors counted by text), `latest` passes it over
/// unless asked, and a run the store cannot take is saved as a bundle (exit 2) that ingests later.
@Suite(.serialized)
struct BenchValidityEndToEndTests {
    /// A port nothing listens on: the discard port, closed on any test machine's loopback.
    static let closedURL = "http://127.0.0.1:9/v1/completions"
    static let sweep = "1.14.1-capture/perf-single-completions-p2/20261124_185544/gpt-oss-20b"
    /// libcurl's text for the closed port; it names the milliseconds it took, which vary.
    static var refused: Regex<Substring> { #/3 × Failed to connect to 127\.0\.0\.1 port 9 after \d+ ms: Couldn't connect to server/# }

    func bench(_ url: String, model: String = "gpt-oss-20b", _ extra: [String] = [], in folder: URL) throws -> CaliperProcess.Result {
        try CaliperProcess.run([
            "bench", "--url", url, "--model", model, "--no-probe", "--parallel", "1", "--number", "3",
            "--max-tokens", "8", "--prompt-length", "8",
        ] + extra, in: folder)
    }

    @Test(arguments: StoreEngine.allCases) func benchAgainstAClosedPortIsStoredInvalidAndExitsOne(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        let valid = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: Self.sweep).path, "--label", "branch=main"], in: folder)
        #expect(valid.status == 0, "\(valid.stderr)")

        let failed = try bench(Self.closedURL, ["--label", "branch=main", "--label", "only=broken"], in: folder)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr == "caliper: invalid run 2: c=1 all 3 requests failed\n")
        #expect(failed.stdout.contains("\n  invalid          c=1 all 3 requests failed\n"))
        #expect(failed.stdout.split(separator: "\n").contains { $0.wholeMatch(of: #/  failed requests  (.*)/#)?.1.wholeMatch(of: Self.refused) != nil })
        let db = CaliperProcess.storeName(in: folder)
        #expect(failed.stdout.hasSuffix("stored run 2 in \(db)\n"))

        // Selectors pass over the invalid run unless asked for it.
        for (selector, expected) in [
            ("latest label.branch=main", "(1)"), ("latest label.branch=main valid=any", "(2)"),
            ("latest label.branch=main valid=no", "(2)"), ("latest label.branch=main valid=yes", "(1)"),
        ] {
            let exported = try CaliperProcess.run(["export", selector, "-o", "x.caliper.json"], in: folder)
            #expect(exported.status == 0, "\(selector): \(exported.stderr)")
            #expect(exported.stdout == "exported 1 run \(expected) to x.caliper.json\n", "\(selector)")
        }
        let onlyInvalid = try CaliperProcess.run(["export", "latest label.only=broken", "-o", "x.caliper.json"], in: folder)
        #expect(onlyInvalid.status == 2)
        #expect(onlyInvalid.stderr == "caliper: latest label.only=broken: no valid run matches the selector in \(db): "
            + "the newest match, run 2, is invalid (c=1 all 3 requests failed); add valid=any to take it\n")
        let badValue = try CaliperProcess.run(["export", "latest valid=maybe", "-o", "x.caliper.json"], in: folder)
        #expect(badValue.status == 2)
        #expect(badValue.stderr == "caliper: latest valid=maybe: valid takes yes, no or any (got \"maybe\")\n")

        let shown = try CaliperProcess.run(["show", "2"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("\n  invalid          c=1 all 3 requests failed\n  failed requests  3 × Failed to connect to "))
        let json = try CaliperProcess.run(["show", "2", "--format", "json"], in: folder)
        #expect(json.stdout.contains(#""invalid_reason" : "c=1 all 3 requests failed""#))
        #expect(json.stdout.contains(#/"request_errors" : \[\n    {\n      "count" : 3,\n      "error" : "Failed to connect [^"]+: Couldn't connect to server"\n    }\n  \],/#))
        let validShown = try CaliperProcess.run(["show", "1", "--format", "json"], in: folder)
        #expect(!validShown.stdout.contains("invalid_reason"))
    }

    /// A policy that allows every failure still cannot make a run where nothing was answered valid;
    /// a policy file that cannot be read fails before anything is sent.
    @Test(arguments: StoreEngine.allCases) func everyRequestFailedIsInvalidUnderAnyPolicy(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        try "max_failed_requests: 100%\n".write(to: folder.appending(path: "lenient.yaml"), atomically: true, encoding: .utf8)
        let failed = try bench(Self.closedURL, ["--policy", "lenient.yaml", "--format", "json"], in: folder)
        #expect(failed.status == 1)
        #expect(failed.stderr == "caliper: invalid run 1: c=1 all 3 requests failed\n")
        #expect(failed.stdout.contains(#""invalid_reason" : "c=1 all 3 requests failed""#))

        let missing = try bench(Self.closedURL, ["--policy", "nope.yaml", "--db", "other.db"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr == "caliper: nope.yaml: cannot read the policy file\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "other.db").path))
    }

    @Test(arguments: StoreEngine.allCases) func benchWithTheWrongModelIsInvalid(engine: StoreEngine) throws {
        let (server, base) = try BenchEndToEndTests().startMockServer(["--model", "gpt-oss-20b"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let folder = try CaliperProcess.temporaryDirectory(engine)
        let result = try bench(base + "/v1/completions", model: "gpt-oss-120b", in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr == "caliper: invalid run 1: c=1 all 3 requests failed\n")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  failed requests  3 × HTTP 404") })
        #expect(line.contains("gpt-oss-120b"), "\(line)")
        #expect(line.count <= 120)
    }

    /// The store is locked for longer than --busy-timeout when the run ends: the run goes to a
    /// bundle in the current folder (exit 2), and ingesting that bundle later stores it.
    @Test func aLockedStoreSavesTheRunAsABundle() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let db = folder.appending(path: "caliper.db").path
        try CaliperProcess.createStore(db)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: db, configuration: configuration)
        try holder.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }

        let locked = try bench(Self.closedURL, ["--busy-timeout", "0"], in: folder)
        try holder.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
        #expect(locked.status == 2)
        let lines = locked.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "\(locked.stderr)")
        #expect(lines.first == "caliper: invalid run: c=1 all 3 requests failed")
        #expect(try #require(lines.dropFirst().first).dropFirst("caliper: failed requests: ".count).wholeMatch(of: Self.refused) != nil)
        let last = try #require(lines.dropFirst(2).first)
        #expect(last.hasPrefix("caliper: caliper.db: database is locked by another process; the run is saved in ./run-"))
        let saved = try #require(last.firstMatch(of: /saved in (\.\/run-[0-9T]+-[0-9a-f]{8}\.caliper\.json):/)?.1)
        #expect(try CaliperProcess.tableCounts(db)["runs"] == 0)

        let ingested = try CaliperProcess.run(["ingest", String(saved)], in: folder)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        #expect(ingested.stdout == "stored run 1: perf gpt-oss-20b, 1 point, 3 request rows from \(saved); invalid: c=1 all 3 requests failed\n")
        let again = try CaliperProcess.run(["ingest", String(saved)], in: folder)
        #expect(again.stdout == "already stored as run 1: \(saved)\n")
    }

    @Test(arguments: StoreEngine.allCases) func saveWritesTheStoredRunAsABundle(engine: StoreEngine) throws {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        try FileManager.default.createDirectory(at: folder.appending(path: "out"), withIntermediateDirectories: true)
        let result = try bench(Self.closedURL, ["--save", "out"], in: folder)
        #expect(result.status == 1)
        let saved = try #require(result.stdout.firstMatch(of: /\nsaved (out\/run-[0-9T]+-[0-9a-f]{8}\.caliper\.json)\n/)?.1)
        let exported = try CaliperProcess.run(["export", "1", "-o", "exported.caliper.json"], in: folder)
        #expect(exported.status == 0)
        #expect(try Data(contentsOf: folder.appending(path: String(saved))) == Data(contentsOf: folder.appending(path: "exported.caliper.json")))

        // A missing folder is created; one that cannot be (a file in its way) fails before the load.
        let created = try bench(Self.closedURL, ["--save", "bundles/new"], in: folder)
        #expect(created.status == 1)
        #expect(created.stdout.contains("\nsaved bundles/new/run-"))
        try Data().write(to: folder.appending(path: "blocker"))
        let blocked = try bench(Self.closedURL, ["--save", "blocker/sub"], in: folder)
        #expect(blocked.status == 2)
        #expect(blocked.stderr.hasPrefix("caliper: --save blocker/sub: cannot create the folder: "))
        #expect(blocked.stderr.filter { $0 == "\n" }.count == 1)
    }
}
