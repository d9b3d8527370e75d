import CaliperCore
import Foundation
import GRDB
import Testing

/// One point folder (`parallel_<P>_number_<N>/`) of a real `evalscope perf` 1.14.1 run in
/// `Examples/evalscope/1.14.1-capture`: EvalScope's own summary and percentile files, and the
/// per-request rows of its `benchmark_data.db` in insertion (= accumulation) order.
struct EvalScopePerfFixture: CustomTestStringConvertible, Sendable {
    /// One row of the `result` table. Times in seconds on EvalScope's `perf_counter()` clock.
    struct Row: Sendable {
        var startTime: Double
        var completedTime: Double
        var success: Bool
        var isStream: Bool
        var latency: Double?
        var ttft: Double?
        var tpot: Double?
        var promptTokens: Int?
        var completionTokens: Int?
        var gaps: [Double]
    }

    var name: String
    var folder: URL
    var summary: [String: JSONValue]
    /// `benchmark_percentile.json` rows; nil when EvalScope wrote none (nothing succeeded).
    var percentiles: [[String: JSONValue]]?
    var args: [String: JSONValue]
    var rows: [Row]

    var testDescription: String { name }

    /// `Examples/evalscope/1.14.1-capture`.
    static let captureRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Examples/evalscope/1.14.1-capture")

    /// The perf runs of the capture whose point folders the parity tests use.
    static let runs = [
        "perf-sweep-completions-p1-4-8", "perf-single-completions-p2", "perf-sweep-chat-reasoning-p1-4",
        "perf-sweep-failures-p2-4", "perf-single-chat-nostream-p2",
    ]

    /// Every point folder of ``runs``, loaded (a failure to load is a test failure, not a skip).
    static let all: [EvalScopePerfFixture] = runs.flatMap { run in
        pointFolders(of: run).map { folder in
            do {
                return try EvalScopePerfFixture(run: run, folder: folder)
            } catch {
                fatalError("cannot load \(folder.path): \(error)")
            }
        }
    }

    /// `<run>/<timestamp>/<model>/parallel_*`, sorted by name.
    static func pointFolders(of run: String) -> [URL] {
        let files = FileManager.default
        var folders: [URL] = []
        let runURL = captureRoot.appending(path: run)
        for stamp in (try? files.contentsOfDirectory(at: runURL, includingPropertiesForKeys: nil)) ?? [] {
            for model in (try? files.contentsOfDirectory(at: stamp, includingPropertiesForKeys: nil)) ?? [] {
                for point in (try? files.contentsOfDirectory(at: model, includingPropertiesForKeys: nil)) ?? []
                where point.lastPathComponent.hasPrefix("parallel_") || point.lastPathComponent.hasPrefix("rate_") {
                    folders.append(point)
                }
            }
        }
        return folders.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    init(run: String, folder: URL) throws {
        name = "\(run)/\(folder.lastPathComponent)"
        self.folder = folder
        summary = try Self.json(folder.appending(path: "benchmark_summary.json")).objectValue ?? [:]
        args = try Self.json(folder.appending(path: "benchmark_args.json")).objectValue ?? [:]
        let percentileURL = folder.appending(path: "benchmark_percentile.json")
        percentiles = FileManager.default.fileExists(atPath: percentileURL.path(percentEncoded: false))
            ? try Self.json(percentileURL).arrayValue?.compactMap(\.objectValue) : nil
        rows = try Self.rows(folder.appending(path: "benchmark_data.db"))
    }

    /// Lenient JSON: `benchmark_percentile.json` holds bare `NaN`.
    static func json(_ url: URL) throws -> JSONValue {
        try JSONValue.parse(try Data(contentsOf: url))
    }

    static func rows(_ url: URL) throws -> [Row] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: url.path(percentEncoded: false), configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            try GRDB.Row.fetchAll(db, sql: """
                SELECT start_time, completed_time, success, is_stream, latency, first_chunk_latency,
                       time_per_output_token, prompt_tokens, completion_tokens, inter_token_latencies
                FROM result ORDER BY rowid
                """).map { row in
                Row(
                    startTime: row["start_time"], completedTime: row["completed_time"],
                    success: (row["success"] as Int) == 1, isStream: (row["is_stream"] as Int) == 1,
                    latency: row["latency"], ttft: row["first_chunk_latency"], tpot: row["time_per_output_token"],
                    promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"],
                    gaps: try JSONDecoder().decode([Double].self, from: Data((row["inter_token_latencies"] as String).utf8)))
            }
        }
    }

    /// The run's concurrency (`parallel`), and its rate (nil for EvalScope's −1, unlimited).
    var concurrency: Int? { args["parallel"]?.intValue }
    var requestRate: Double? { args["rate"]?.doubleValue.flatMap { $0 < 0 ? nil : $0 } }
    /// Whether the endpoint is chat (`…/chat/completions`) rather than completions.
    var isChat: Bool { args["url"]?.stringValue?.hasSuffix("chat/completions") == true }
}

/// Python's `round(x, digits)`: the double nearest to x correctly rounded to `digits` decimals,
/// ties to even, as glibc's `printf` also rounds the exact binary value.
func pythonRound(_ value: Double, _ digits: Int) -> Double {
    Double(String(format: "%.\(digits)f", value))!
}
