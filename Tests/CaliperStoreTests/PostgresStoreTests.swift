import CaliperCore
@testable import CaliperStore
import CaliperTestSupport
import Foundation
import Testing

/// What only a PostgreSQL store has to get right: which databases it refuses, many processes
/// opening and ingesting into one database at once, and values crossing the wire unchanged.
struct PostgresStoreTests {
    /// A new, empty database on the test server, and a session on it that Caliper has not prepared.
    func emptyDatabase() throws -> (url: String, session: PostgresSession) {
        let url = try TestStores.location(.postgres, in: try temporaryFolder())
        return (url, try PostgresSession(try PostgresLocation(url: url)))
    }

    /// The first column of `sql`'s rows, read on `session` outside any store.
    func values<T: SQLDecodable>(_ session: PostgresSession, _ sql: String) throws -> [T] {
        try session.transaction(readOnly: true) { db in try db.fetchAll(sql) { try $0[0] as T } }
    }

    func hasMigrationRecord(_ session: PostgresSession) throws -> Bool {
        try values(session, "SELECT to_regclass('caliper_migrations') IS NOT NULL") == [true]
    }

    @Test func aStoreFromANewerCaliperIsRefused() throws {
        let url = try TestStores.location(.postgres, in: try temporaryFolder())
        try Store(location: url).write { try $0.execute("INSERT INTO caliper_migrations (identifier) VALUES ('007_future')") }
        for mode in [Store.Mode.readWrite, .readOnly] {
            let error = try #require(throws: StoreError.self) { try Store(location: url, mode: mode) }
            #expect(error.reason == "written by a newer Caliper: schema 7, this binary knows up to 6", "\(mode)")
        }
    }

    /// A `runs` table Caliper did not make (no migration record) is someone else's: refused, and
    /// neither the record table nor any migration is added to the database.
    @Test func anotherApplicationsRunsTableIsRefusedUntouched() throws {
        let (url, session) = try emptyDatabase()
        try session.script("CREATE TABLE runs (id bigint PRIMARY KEY, name text); INSERT INTO runs VALUES (1, 'theirs')")
        for mode in [Store.Mode.readWrite, .readOnly] {
            let error = try #require(throws: StoreError.self) { try Store(location: url, mode: mode) }
            #expect(error.reason == "not a Caliper store (it has tables named as Caliper's (runs) but no caliper_migrations); left untouched")
            #expect(!error.description.contains(try #require(ProcessInfo.processInfo.environment["CALIPER_TEST_POSTGRES_PASSWORD"])))
        }
        #expect(try !hasMigrationRecord(session))
        #expect(try values(session, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()") == ["runs"])
        #expect(try values(session, "SELECT name FROM runs") == ["theirs"])
    }

    @Test func aReaderOfAnEmptyDatabaseSaysThereIsNoStore() throws {
        let (url, session) = try emptyDatabase()
        let error = try #require(throws: StoreError.self) { try Store(location: url, mode: .readOnly) }
        #expect(error.reason == "no Caliper store in this database")
        // Reading created nothing.
        #expect(try !hasMigrationRecord(session))
    }

    /// Sixteen CI jobs opening a new database at once: one migrates under the advisory lock, the
    /// others wait and find it done; every migration is recorded once.
    @Test func concurrentFirstOpeningsAllSucceed() throws {
        for _ in 0..<3 {
            let (url, session) = try emptyDatabase()
            let results = Collected<String>()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    results.append(try Store(location: url).appliedMigrations().joined(separator: ","))
                } catch {
                    results.append("\(error)")
                }
            }
            #expect(results.all == Array(repeating: allMigrations.joined(separator: ","), count: 8))
            #expect(try values(session, "SELECT identifier FROM caliper_migrations ORDER BY identifier") == allMigrations)
        }
    }

    /// The same run from eight connections at once: the content hash is unique, so one stores it
    /// and the other seven find its id.
    @Test func concurrentIngestsOfOneRunStoreItOnce() throws {
        let url = try TestStores.location(.postgres, in: try temporaryFolder())
        let stores = try (0..<8).map { _ in try Store(location: url) }
        let run = SampleRuns.perf()
        let outcomes = Collected<IngestOutcome>()
        let failures = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            do {
                outcomes.append(try stores[index].ingest(run))
            } catch {
                failures.append("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let stored = outcomes.all.filter { if case .stored = $0 { true } else { false } }
        #expect(stored.count == 1)
        let id = try #require(stored.first).runID
        #expect(outcomes.all.filter { $0 == .duplicate(id) }.count == 7)
        #expect(try stores[0].runCount() == 1)
        #expect(try stores[0].requestRowCounts(runID: id) == [20, 20])
    }

    /// Binary floats through the bound parameters and the JSON bulk path alike come back bit for
    /// bit, and texts byte for byte, whatever they hold.
    @Test func numbersAndTextsRoundTripExactly() throws {
        let store = try newStore(.postgres)
        let doubles: [Double] = [
            0.1 + 0.2, 1e-300, .leastNonzeroMagnitude, .leastNormalMagnitude, Double.leastNormalMagnitude.nextDown, 1 / 3, 9_999_999.999999998, 1e7, 0,
        ]
        let texts = [
            #"it's "quoted""#, #"back\slash \\ \n not a newline"#, "line\nbreak\r\ttab", "ünïcödé 漢字 ﬁ", "emoji 🚀👩‍👩‍👧 e\u{301}",
            "\u{1}\u{1F} control", "{\"json\": [1, 2]}", "$1 ? ?? $$ -- /* */ ;",
        ]
        var run = SampleRuns.perf(hash: "exact", concurrency: [1], requestsPerPoint: doubles.count, labels: [:])
        run.labels = Dictionary(uniqueKeysWithValues: texts.enumerated().map { ("key \($0.offset) \($0.element)", $0.element) })
        run.generationConfig = GenerationConfig([
            "temperature": .double(-Double.greatestFiniteMagnitude), "top_p": .double(0.1 + 0.2),
            "max_tokens": .int(1_000_000_000), "seed": .int(.max), "floor": .int(.min),
            "tiny": .double(1e-300), "huge": .double(Double.greatestFiniteMagnitude), "text": .string(texts.joined(separator: "|")),
        ])
        run.hardware = Hardware(description: "NVIDIA H20 96GB", count: 1_000_000_000)
        run.workload.minPromptLength = 1_000_000_000
        run.points[0].records = doubles.enumerated().map { index, value in
            RequestRecord(
                sequence: index, success: index % 2 == 0, startOffset: value, latency: 1e7 - value, ttft: value, tpot: value,
                itlMean: value, itlCount: 1_000_000_000, inputTokens: 1_000_000_000 - index, outputTokens: index,
                isStream: true, error: texts[index % texts.count])
        }
        run.points[0].metrics[.ttft, .mean] = 0.1 + 0.2
        run.points[0].metrics[.ttft, .p99] = .leastNonzeroMagnitude
        run.points[0].metrics[.outputThroughput, .value] = 999_999_999.99999988
        let id = try store.ingest(run).runID

        let loaded = try #require(try store.run(id: id, detail: .full)).run
        #expect(loaded.labels == run.labels)
        #expect(loaded.generationConfig == run.generationConfig)
        #expect(loaded.generationConfig.temperature == -Double.greatestFiniteMagnitude)
        #expect(loaded.hardware.count == 1_000_000_000)
        #expect(loaded.workload.minPromptLength == 1_000_000_000)
        #expect(loaded.points == run.points)
        #expect(loaded.points.first?.records.map(\.ttft) == doubles)
        #expect(loaded.points.first?.records.map(\.error) == (0..<doubles.count).map { texts[$0 % texts.count] })
        // Stored again, it is the same run: the hash and every key read back equal.
        #expect(try store.ingest(run) == .duplicate(id))
    }
}

/// Values appended from many threads at once.
final class Collected<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value] = []

    func append(_ value: Value) { lock.withLock { values.append(value) } }

    var all: [Value] { lock.withLock { values } }
}
