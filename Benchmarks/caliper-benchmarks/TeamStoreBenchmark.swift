import CaliperCore
import CaliperStore
import Foundation

/// The team store's figures beside SQLite's, from the same benchmark run: a perf run with 10,000
/// request rows stored (target ≥ 100,000 rows/s into PostgreSQL), `caliper gate` on a 10,000-run
/// store (< 300 ms) and `caliper trend` over 10,000 runs (< 500 ms), whole processes.
///
/// Needs a PostgreSQL server whose URL is in `CALIPER_TEST_POSTGRES` (password in
/// `CALIPER_TEST_POSTGRES_PASSWORD` or `PGPASSWORD`), as `Scripts/with-postgres` provides, and `psql`
/// to create the databases `caliper_bench_*` on it (dropped first).
enum TeamStoreBenchmark {
    /// - Parameters: sqliteGate, sqliteTrend: the SQLite figures when this run measured them already.
    static func run(scratch: URL, sqliteGate measuredGate: Double? = nil, sqliteTrend measuredTrend: Double? = nil) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let server = environment["CALIPER_TEST_POSTGRES"] else {
            print("postgres: skipped, no server (run `Scripts/with-postgres .build/release/caliper-benchmarks postgres`)")
            return
        }
        if let password = environment["CALIPER_TEST_POSTGRES_PASSWORD"], environment["PGPASSWORD"] == nil {
            setenv("PGPASSWORD", password, 1)
        }
        func database(_ name: String) throws -> String {
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            psql.arguments = ["psql", "-q", server, "-c", "DROP DATABASE IF EXISTS \(name)", "-c", "CREATE DATABASE \(name)"]
            try psql.run()
            psql.waitUntilExit()
            precondition(psql.terminationStatus == 0, "psql could not create \(name)")
            var location = try PostgresLocation(url: server)
            location.database = name
            return location.description
        }

        // 1. One perf run, one point, 10,000 request rows: Store.ingest alone (what `caliper ingest` does after reading).
        func ingestRate(_ location: String) throws -> Double {
            var rates: [Double] = []
            let store = try Store(location: location)
            for trial in 0..<5 {
                var run = GateBenchmark.benchmarkRun(
                    model: "gpt-oss-20b", tag: 20_000 + trial, labels: [:], requestsPerPoint: 10_000, ttftScale: 1)
                run.points = Array(run.points.prefix(1))
                let elapsed = try seconds {
                    guard case .stored = try store.ingest(run) else { fatalError("not stored") }
                }
                rates.append(10_000 / elapsed)
            }
            return rates.sorted()[2]
        }
        let sqliteIngest = try ingestRate(scratch.appending(path: "team-ingest.db").path)
        let postgresIngest = try ingestRate(try database("caliper_bench_ingest"))

        guard let caliper = GateBenchmark.caliper() else { return }
        let sqliteGate = try measuredGate
            ?? GateBenchmark.run(store: scratch.appending(path: "team-gate.db").path, caliper: caliper, scratch: scratch, label: " (SQLite)")
        let postgresGate = try GateBenchmark.run(
            store: try database("caliper_bench_gate"), caliper: caliper, scratch: scratch, label: " (PostgreSQL)", target: "< 300")
        let sqliteTrend = try measuredTrend ?? TrendBenchmark.run(label: " (SQLite)")
        // Kept between benchmark runs, as the SQLite trend store is: filling it takes a while.
        var trendLocation = try PostgresLocation(url: server)
        trendLocation.database = "caliper_bench_trend"
        if !(try databaseExists("caliper_bench_trend", server: server)) { _ = try database("caliper_bench_trend") }
        let postgresTrend = try TrendBenchmark.run(store: trendLocation.description, label: " (PostgreSQL)", target: "< 500")

        print("\nteam store beside SQLite (same run):")
        print("  figure                                         SQLite     PostgreSQL   target (PostgreSQL)")
        print(String(format: "  ingest 10,000 request rows (rows/s)      %12.0f   %12.0f   ≥ 100,000", sqliteIngest, postgresIngest))
        print(String(format: "  caliper gate, 10,000 runs (ms)           %12.1f   %12.1f   < 300", sqliteGate, postgresGate))
        print(String(format: "  caliper trend, 10,000 runs (ms)          %12.1f   %12.1f   < 500", sqliteTrend, postgresTrend))
    }

    private static func databaseExists(_ name: String, server: String) throws -> Bool {
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = ["psql", "-qtA", server, "-c", "SELECT 1 FROM pg_database WHERE datname = '\(name)'"]
        let pipe = Pipe()
        psql.standardOutput = pipe
        try psql.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        psql.waitUntilExit()
        return output.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }
}
