import CaliperCore
import Foundation
import GRDB
import Testing

@testable import CaliperImporters

/// Generations without a fixture folder (C = 0.16.x, E = 1.5.x), built from real neighbours by
/// rewriting keys and database columns exactly as those versions wrote them; plus detection,
/// version ranges, run order and the timing-array scanner.
@Suite("EvalScope perf: generations, version ranges, order")
struct EvalScopePerfGenerationTests {
    func rewriteJSON(_ file: URL, _ change: (inout [String: JSONValue]) -> Void) throws {
        var object = try #require(try JSONValue.parse(Data(contentsOf: file)).objectValue)
        change(&object)
        try JSONEncoder().encode(JSONValue.object(object)).write(to: file)
    }

    func pointFolders(_ root: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("parallel_") }
    }

    func execute(_ database: URL, _ sql: String) throws {
        try DatabaseQueue(path: database.path(percentEncoded: false)).write { try $0.execute(sql: sql) }
    }

    @Test("synthetic 0.16.x (generation C): package latency, n_chunks table, TPOT recomputed")
    func generationC() throws {
        let reference = try PerfFixture.read("history/0.17.1/perf-chat-multi")
        let root = try Fixtures.temporaryCopy(of: PerfFixture.root("history/0.17.1/perf-chat-multi"))
        for folder in try pointFolders(root) {
            try rewriteJSON(folder.appending(path: "benchmark_summary.json")) {
                $0["Average package latency (s)"] = $0.removeValue(forKey: "Average inter-token latency (s)")
                $0["Average package per request"] = .double(64)
            }
            // The ≤ 0.17.0 columns: n_chunks and chunk_time, no time_per_output_token.
            try execute(folder.appending(path: "benchmark_data.db"), """
                CREATE TABLE result_c(request TEXT, start_time REAL, chunk_times TEXT, success INTEGER,
                    response_messages TEXT, completed_time REAL, latency REAL, first_chunk_latency REAL,
                    n_chunks INTEGER, chunk_time REAL, prompt_tokens INTEGER, completion_tokens INTEGER,
                    max_gpu_memory_cost REAL);
                INSERT INTO result_c SELECT request, start_time, chunk_times, success, response_messages,
                    completed_time, latency, first_chunk_latency, json_array_length(chunk_times) - 2,
                    json_extract(chunk_times, '$[#-2]') - json_extract(chunk_times, '$[0]'),
                    prompt_tokens, completion_tokens, max_gpu_memory_cost FROM result ORDER BY rowid;
                DROP TABLE result;
                ALTER TABLE result_c RENAME TO result;
                """)
        }
        let imported = try EvalScopePerfImporter.read(root)
        #expect(imported.source.format == "perf-C")
        #expect(imported.source.version == "0.16.0..0.17.0")
        #expect(imported.points.map(\.concurrency) == [1, 4])
        for (point, expected) in zip(imported.points, reference.points) {
            #expect(point.metrics[.itl, .mean] == expected.metrics[.itl, .mean])
            #expect(point.metrics[.itl, .p50] == expected.metrics[.itl, .p50])
            #expect(point.metrics[.tpot, .p50] == expected.metrics[.tpot, .p50])
            #expect(point.records.count == expected.records.count)
            for (record, reference) in zip(point.records, expected.records) {
                #expect(close(record.tpot, reference.tpot!))
                #expect(record.itlCount == reference.itlCount)
                #expect(record.itlMean == reference.itlMean)
            }
        }
    }

    @Test("synthetic 1.5.x (generation E): lower-case request rate, inter_token_latencies, JSON request")
    func generationE() throws {
        let reference = try PerfFixture.read("history/1.0.0/perf-chat-multi")
        let root = try Fixtures.temporaryCopy(of: PerfFixture.root("history/1.0.0/perf-chat-multi"))
        for folder in try pointFolders(root) {
            let rate: JSONValue = folder.lastPathComponent == "parallel_4_number_8" ? .int(2) : .int(-1)
            try rewriteJSON(folder.appending(path: "benchmark_summary.json")) { $0["Request rate (req/s)"] = rate }
            // 1.1.1 – 1.9.0: gaps instead of timestamps, the request body as JSON.
            try execute(folder.appending(path: "benchmark_data.db"), """
                CREATE TABLE result_e(request TEXT, start_time REAL, inter_token_latencies TEXT, success INTEGER,
                    response_messages TEXT, completed_time REAL, latency REAL, first_chunk_latency REAL,
                    prompt_tokens INTEGER, completion_tokens INTEGER, max_gpu_memory_cost REAL,
                    time_per_output_token REAL);
                INSERT INTO result_e SELECT
                    json_object('messages', json_array(json_object('role', 'user', 'content', 'hi')),
                                'model', 'mock-model', 'stream', json(CASE WHEN rowid = 1 THEN 'false' ELSE 'true' END)),
                    start_time,
                    (SELECT json_group_array(value - previous) FROM (
                        SELECT value, lag(value) OVER (ORDER BY key) AS previous FROM json_each(chunk_times))
                     WHERE previous IS NOT NULL),
                    success, response_messages, completed_time, latency, first_chunk_latency,
                    prompt_tokens, completion_tokens, max_gpu_memory_cost, time_per_output_token
                FROM result ORDER BY rowid;
                DROP TABLE result;
                ALTER TABLE result_e RENAME TO result;
                """)
        }
        var imported = try EvalScopePerfImporter.read(root)
        #expect(imported.source.format == "perf-E")
        #expect(imported.source.version == "1.4.1..1.6")
        #expect(imported.points.map(\.requestRate) == [nil, 2])
        #expect(imported.points.map(\.concurrency) == [1, 4])
        for (point, expected) in zip(imported.points, reference.points) {
            #expect(point.metrics == expected.metrics)
            for (record, reference) in zip(point.records, expected.records) {
                #expect(record.itlCount == reference.itlCount)
                #expect(close(record.itlMean, reference.itlMean!, tolerance: 1e-9))
                #expect(record.tpot == reference.tpot)
            }
        }
        // The request body's `stream` wins over the run's arguments.
        #expect(imported.points[0].records.map(\.isStream) == [false, true, true, true])

        try Data("<!DOCTYPE html>".utf8).write(to: root.appending(path: "perf_report.html"))
        imported = try EvalScopePerfImporter.read(root)
        #expect(imported.source.version == "1.5..1.6")
    }

    @Test("each generation's exact key list is detected", arguments: [
        ("A", ["Time taken for tests (s)", "Number of concurrency", "Total requests", "Succeed requests", "Failed requests",
               "Throughput(average tokens/s)", "Average QPS", "Average latency (s)", "Average time to first token (s)",
               "Average time per output token (s)", "Average input tokens per request", "Average output tokens per request",
               "Average package latency (s)", "Average package per request", "Expected number of requests", "Result DB path"]),
        ("B", ["Time taken for tests (s)", "Number of concurrency", "Total requests", "Succeed requests", "Failed requests",
               "Output token throughput (tok/s)", "Total token throughput (tok/s)", "Request throughput (req/s)",
               "Average latency (s)", "Average time to first token (s)", "Average time per output token (s)",
               "Average input tokens per request", "Average output tokens per request", "Average package latency (s)",
               "Average package per request", "Expected number of requests", "Result DB path"]),
        ("C", ["Time taken for tests (s)", "Number of concurrency", "Total requests", "Succeed requests", "Failed requests",
               "Output token throughput (tok/s)", "Total token throughput (tok/s)", "Request throughput (req/s)",
               "Average latency (s)", "Average time to first token (s)", "Average time per output token (s)",
               "Average input tokens per request", "Average output tokens per request", "Average package latency (s)",
               "Average package per request"]),
        ("D", ["Time taken for tests (s)", "Number of concurrency", "Total requests", "Succeed requests", "Failed requests",
               "Output token throughput (tok/s)", "Total token throughput (tok/s)", "Request throughput (req/s)",
               "Average latency (s)", "Average time to first token (s)", "Average time per output token (s)",
               "Average inter-token latency (s)", "Average input tokens per request", "Average output tokens per request"]),
        ("E", ["Time taken for tests (s)", "Number of concurrency", "Request rate (req/s)", "Total requests",
               "Succeed requests", "Failed requests", "Output token throughput (tok/s)", "Total token throughput (tok/s)",
               "Request throughput (req/s)", "Average latency (s)", "Average time to first token (s)",
               "Average time per output token (s)", "Average inter-token latency (s)",
               "Average input tokens per request", "Average output tokens per request"]),
        ("E", ["Time taken for tests (s)", "Number of concurrency", "Request rate (req/s)", "Total requests",
               "Succeed requests", "Failed requests", "Request throughput (req/s)", "Input token throughput (tok/s)",
               "Average latency (s)", "Average input tokens per request"]),
        ("F", ["Test Duration (s)", "Concurrency", "Request Rate (req/s)", "Total Requests", "Success Requests",
               "Failed Requests", "Req Throughput (req/s)", "Avg Latency (s)", "Avg Input Tokens",
               "Output Throughput (tok/s)", "Total Throughput (tok/s)", "TTFT (ms)", "TPOT (ms)", "ITL (ms)",
               "Avg Output Tokens", "Input Throughput (tok/s)", "First-Turn TTFT (ms)"]),
        ("G", ["Test Duration (s)", "Concurrency", "Request Rate (req/s)", "Total Requests", "Success Requests",
               "Failed Requests", "Stream Requests", "Non-Stream Requests", "Req Throughput (req/s)", "Avg Latency (s)",
               "Avg Input Tokens", "Output Throughput (tok/s)", "Total Throughput (tok/s)", "Avg TTFT (ms)",
               "Avg TPOT (ms)", "Avg ITL (ms)", "Avg Output Tokens", "Input Throughput (tok/s)", "Avg Steady ITL (ms)"]),
    ])
    func detection(generation: String, keys: [String]) {
        #expect(EvalScopePerfGeneration.detect(summaryKeys: Set(keys))?.rawValue == generation)
        // Every metric key the generation maps is one it really writes (or an optional one).
        let names = EvalScopePerfGeneration(rawValue: generation)!.keys
        #expect(Set(keys).isSuperset(of: [names.duration, names.concurrency, names.total, names.success, names.failed]))
    }

    @Test("version ranges narrow by database columns, percentile rows, report and keys")
    func versionRanges() {
        func range(_ generation: EvalScopePerfGeneration, columns: Set<String> = [], labels: [String]? = nil,
                   report: Bool = false, keys: Set<String> = []) -> String {
            generation.versionRange(EvalScopePerfEvidence(
                summaryKeys: keys, databaseColumns: columns, percentileLabels: labels, hasHTMLReport: report))
        }
        #expect(range(.a, columns: ["chunk_times", "n_chunks"]) == "0.8..0.14")
        #expect(range(.b) == "0.15..0.15")
        #expect(range(.c) == "0.16.0..0.17.0")
        #expect(range(.d, columns: ["chunk_times"]) == "0.17.1..1.1.0")
        #expect(range(.d, columns: ["inter_token_latencies"]) == "1.1.1..1.4.0")
        #expect(range(.d) == "0.17.1..1.4.0")
        #expect(range(.e) == "1.4.1..1.6")
        #expect(range(.e, report: true) == "1.5..1.6")
        #expect(range(.f) == "1.7..1.9")
        #expect(range(.f, labels: ["1%", "50%", "99%"]) == "1.7..1.7")
        #expect(range(.f, labels: ["1%", "99%", "max"]) == "1.8..1.9")
        #expect(range(.f, columns: ["inter_token_latencies", "request_id"], labels: ["1%", "max"]) == "1.9.1..1.9")
        #expect(range(.g) == "1.10..1.14")
        #expect(range(.g, keys: ["Avg Steady ITL (ms)"]) == "1.12..1.14")
        #expect(EvalScopePerfGeneration.allCases.map(\.format) == ["perf-A", "perf-B", "perf-C", "perf-D", "perf-E", "perf-F", "perf-G"])
    }

    @Test("points run in dataset_offset order, else numeric folder order")
    func runOrder() throws {
        // 0.17.1 has no dataset_offset; "parallel_12_…" sorts before "parallel_1_…" as text.
        let numeric = try Fixtures.temporaryCopy(of: PerfFixture.root("history/0.17.1/perf-chat-multi"))
        try FileManager.default.moveItem(
            at: numeric.appending(path: "parallel_4_number_8"), to: numeric.appending(path: "parallel_12_number_8"))
        // The summary must agree with its folder's name.
        try rewriteJSON(numeric.appending(path: "parallel_12_number_8/benchmark_summary.json")) {
            $0["Number of concurrency"] = .int(12)
        }
        #expect(try EvalScopePerfImporter.read(numeric).points.map(\.requests) == [4, 8])

        let offsets = try Fixtures.temporaryCopy(of: PerfFixture.root("1.14.1-capture/perf-sweep-completions-p1-4-8"))
        for (folder, offset) in [("parallel_1_number_8", 40), ("parallel_4_number_16", 20), ("parallel_8_number_32", 0)] {
            try rewriteJSON(offsets.appending(path: "\(folder)/benchmark_args.json")) { $0["dataset_offset"] = .int(Int64(offset)) }
        }
        #expect(try EvalScopePerfImporter.read(offsets).points.map(\.concurrency) == [8, 4, 1])
    }

    @Test("open-loop rate folders: no concurrency, the requested rate")
    func openLoop() throws {
        let root = try Fixtures.temporaryCopy(of: PerfFixture.root("1.14.1-capture/perf-single-completions-p2"))
        try FileManager.default.moveItem(
            at: root.appending(path: "parallel_2_number_10"), to: root.appending(path: "rate_2.5_number_10"))
        try rewriteJSON(root.appending(path: "rate_2.5_number_10/benchmark_summary.json")) {
            $0["Concurrency"] = .int(-1)
            $0["Request Rate (req/s)"] = .double(2.5)
        }
        #expect(EvalScopePerfImporter.recognizes(root))
        let point = try #require(try EvalScopePerfImporter.read(root).points.first)
        #expect(point.concurrency == nil)
        #expect(point.requestRate == 2.5)
    }

    @Test("the timing-array scanner reads JSON number arrays exactly")
    func numberArrays() {
        func scan(_ text: String) -> EvalScopePerfNumberArray.Summary? {
            Array(text.utf8).withUnsafeBytes { EvalScopePerfNumberArray.scan($0) }
        }
        #expect(scan("[]") == EvalScopePerfNumberArray.Summary())
        #expect(scan(" [ 1 , 2.5,-3e-2 ] ") == .init(count: 3, sum: 1 + 2.5 - 0.03, first: 1, last: -0.03))
        #expect(scan("[0.0057183961746035]")?.sum == 0.0057183961746035)
        #expect(scan("[7102.554547536, 7103.023715835]")?.last == 7103.023715835)
        #expect(scan("[1.5E+2]")?.sum == 150)
        #expect(scan("[123456789012.25]")?.sum == 123456789012.25)
        // More than 19 significant digits: the first 19 count.
        #expect(close(scan("[0.000123456789012345678901]")?.sum, 1.23456789012345678e-4, tolerance: 1e-15))
        #expect(close(scan("[12345678901234567890123]")?.sum, 1.2345678901234568e22, tolerance: 1e-15))
        #expect(scan("[1, 2") == nil)
        #expect(scan("[NaN]") == nil)
        #expect(scan("[1,,2]") == nil)
        #expect(scan("{}") == nil)
        #expect(scan("") == nil)
    }

    @Test("10,000 request rows read in one pass")
    func manyRows() throws {
        let folder = try Fixtures.temporaryDirectory()
        let database = folder.appending(path: "benchmark_data.db")
        let gaps = "[" + (0..<64).map { "0.00\(5_000_000_000_000 + $0 * 1_234_567_891)" }.joined(separator: ", ") + "]"
        try DatabaseQueue(path: database.path(percentEncoded: false)).write { db in
            try db.execute(sql: """
                CREATE TABLE result(request TEXT, start_time REAL, inter_token_latencies TEXT, success INTEGER,
                    response_messages TEXT, completed_time REAL, latency REAL, first_chunk_latency REAL,
                    prompt_tokens INTEGER, completion_tokens INTEGER, max_gpu_memory_cost REAL,
                    time_per_output_token REAL, request_id TEXT, is_stream INTEGER);
                INSERT INTO result SELECT '{"prompt": "x", "stream": true}', 7000 + i * 0.01, ?, i % 10 != 0,
                    'gARdlC4=', 7000.4 + i * 0.01, 0.4, 0.05, 1024, 64, 0.0, 0.0055, NULL, 1
                FROM (WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999) SELECT i FROM n);
                """, arguments: [gaps])
        }
        let table = try EvalScopePerfRequests.read(database, streamDefault: nil)
        #expect(table.records.count == 10_000)
        #expect(table.records.filter(\.success).count == 9_000)
        let expectedMean = (0..<64).map { Double("0.00\(5_000_000_000_000 + $0 * 1_234_567_891)")! }.reduce(0, +) / 64
        #expect(table.records.allSatisfy { $0.itlCount == 64 && close($0.itlMean, expectedMean, tolerance: 1e-14) })
        #expect(close(table.records[9_999].startOffset, 99.99, tolerance: 1e-9))
        #expect(table.records.map(\.sequence) == Array(0..<10_000))
    }
}
