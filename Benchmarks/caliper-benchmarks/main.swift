import CaliperAnalysis
import CaliperCore
import CaliperImporters
import CaliperStore
import Foundation
import GRDB

// Speed figures for the issues' targets. Run from the repository root:
//   swift build -c release && .build/release/caliper-benchmarks
// It builds synthetic EvalScope 1.14.1 result folders from a real one in Examples/, then times the
// same code path `caliper ingest` uses (import + one transaction per run).
// `.build/release/caliper-benchmarks trend` runs only the `caliper trend` figure (TrendBenchmark.swift).
// `.build/release/caliper-benchmarks changepoints|trend|client|postgres` runs only that part; the
// PostgreSQL figures need a server: `Scripts/with-postgres .build/release/caliper-benchmarks postgres`.
switch CommandLine.arguments.dropFirst().first {
case "trend":
    try TrendBenchmark.run()
    exit(0)
case "changepoints":
    ChangePointBenchmark.run()
    exit(0)
case "client":
    try await ClientOverheadBenchmark.run()
    exit(0)
case "postgres":
    let scratch = FileManager.default.temporaryDirectory.appending(path: "caliper-benchmarks-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    try TeamStoreBenchmark.run(scratch: scratch)
    exit(0)
default:
    break
}

let examples = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "Examples/evalscope/1.14.1-capture/perf-single-completions-p2/20261124_185544/gpt-oss-20b")
let scratch = FileManager.default.temporaryDirectory.appending(path: "caliper-benchmarks-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A copy of the example run whose args differ by `tag` (so each copy hashes differently), with
/// `rows` synthetic request rows in its benchmark_data.db (nil keeps the real 10 rows).
func makeRun(at folder: URL, tag: Int, rows: Int?) throws {
    try FileManager.default.copyItem(at: examples, to: folder)
    let point = folder.appending(path: "parallel_2_number_10")
    let argsURL = point.appending(path: "benchmark_args.json")
    var args = try String(contentsOf: argsURL, encoding: .utf8)
    args = args.replacingOccurrences(of: "\"seed\": null", with: "\"seed\": \(tag)")
    try args.write(to: argsURL, atomically: true, encoding: .utf8)
    guard let rows else { return }
    // The folder name and the summary must agree with the rows, or the importer refuses the run.
    let renamed = folder.appending(path: "parallel_2_number_\(rows)")
    try FileManager.default.moveItem(at: point, to: renamed)
    let summaryURL = renamed.appending(path: "benchmark_summary.json")
    var summary = try String(contentsOf: summaryURL, encoding: .utf8)
    for key in ["Total Requests", "Success Requests", "Stream Requests"] {
        summary = summary.replacingOccurrences(of: "\"\(key)\": 10,", with: "\"\(key)\": \(rows),")
    }
    try summary.write(to: summaryURL, atomically: true, encoding: .utf8)
    let database = try DatabaseQueue(path: renamed.appending(path: "benchmark_data.db").path)
    try database.write { db in
        try db.execute(sql: "DELETE FROM result")
        let insert = try db.makeStatement(sql: """
            INSERT INTO result (request, start_time, inter_token_latencies, success, response_messages, completed_time,
                latency, first_chunk_latency, prompt_tokens, completion_tokens, max_gpu_memory_cost,
                time_per_output_token, request_id, is_stream)
            VALUES (?, ?, ?, 1, 'gARdlC4=', ?, ?, ?, 512, 64, 0.0, ?, NULL, 1)
            """)
        var rng = SystemRandomNumberGenerator()
        let gaps = "[" + Array(repeating: "0.0051", count: 63).joined(separator: ", ") + "]"
        for index in 0..<rows {
            let start = Double(index) * 0.01
            let ttft = Double.random(in: 0.04...0.09, using: &rng)
            let latency = ttft + 63 * Double.random(in: 0.004...0.007, using: &rng)
            try insert.execute(arguments: [
                #"{"prompt": "x", "model": "gpt-oss-20b", "max_tokens": 64, "stream": true}"#, start, gaps,
                start + latency, latency, ttft, (latency - ttft) / 63,
            ])
        }
    }
}

func report(_ name: String, _ value: Double, _ unit: String, target: String) {
    print("\(name.padding(toLength: 62, withPad: " ", startingAt: 0)) \(String(format: "%12.2f", value)) \(unit)   (target \(target))")
}

// 1. One perf run with 10,000 request rows.
var rowRates: [Double] = []
for trial in 0..<5 {
    let folder = scratch.appending(path: "big-\(trial)")
    try makeRun(at: folder, tag: trial, rows: 10_000)
    let store = try Store(path: scratch.appending(path: "big-\(trial).db").path)
    let elapsed = try seconds {
        let run = try EvalScopePerfImporter.read(folder)
        guard case .stored = try store.ingest(run) else { fatalError("not stored") }
    }
    rowRates.append(10_000 / elapsed)
}
rowRates.sort()
report("ingest 10,000-request perf run (median of 5)", rowRates[2], "rows/s", target: "≥ 200,000")

// 2. A tree of 500 run folders.
let tree = scratch.appending(path: "tree")
for index in 0..<500 {
    try makeRun(at: tree.appending(path: String(format: "run-%03d", index)), tag: 1_000 + index, rows: nil)
}
let treeStore = try Store(path: scratch.appending(path: "tree.db").path)
var stored = 0
let treeSeconds = try seconds {
    for case .result(let folder, _) in ResultDiscovery.find(in: tree, recursive: true) {
        for run in try Importers.importer(for: folder)!.readRuns(folder) {
            if case .stored = try treeStore.ingest(run) { stored += 1 }
        }
    }
}
precondition(stored == 500, "stored \(stored) of 500")
report("ingest a tree of 500 run folders", 500 / treeSeconds, "folders/s", target: "≥ 100")

// 3. `caliper gate` as a whole process on a 10,000-run store (GateBenchmark.swift).
guard let caliper = GateBenchmark.caliper() else { exit(0) }
let sqliteGate = try GateBenchmark.run(store: scratch.appending(path: "gate.db").path, caliper: caliper, scratch: scratch)

// 4. Change-point detection over a 1,000-point series (ChangePointBenchmark.swift).
ChangePointBenchmark.run()

// 5. `caliper trend` over 10,000 runs as a whole process (TrendBenchmark.swift).
let sqliteTrend = try TrendBenchmark.run()

// 6. The same on the team store, PostgreSQL, beside SQLite (TeamStoreBenchmark.swift); needs a server.
try TeamStoreBenchmark.run(scratch: scratch, sqliteGate: sqliteGate, sqliteTrend: sqliteTrend)

// 7. The load generator's error against injected truth and its throughput (ClientOverheadBenchmark.swift).
try await ClientOverheadBenchmark.run()
