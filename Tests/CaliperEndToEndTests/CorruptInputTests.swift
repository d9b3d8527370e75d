import CaliperCore
import Foundation
import GRDB
import Testing

/// Corrupt copies of the example result folders, each ingested by the real `caliper` binary into a
/// store that already holds runs. Whatever the damage, the binary exits 0 or 2 (never a trap, never
/// a hang), a refusal is one line on stderr and leaves the store byte-identical, and what is
/// accepted holds only valid numbers.
///
/// The named cases are the ones seen in the wild (issue 10); the generated ones derive well over a
/// hundred variants: truncations, wrong types, NaN/Inf, out-of-range and overflowing numbers,
/// missing keys, binary garbage, broken databases, contradicting files, broken JSON Lines, links
/// and special files.
@Suite(.serialized)
struct CorruptInputTests {
    /// What a variant must do: be refused with a message containing the text, be stored, or either.
    enum Outcome: CustomStringConvertible {
        case refused(String)
        case stored
        case either

        var description: String {
            switch self {
            case .refused(let text): "refused (\(text))"
            case .stored: "stored"
            case .either: "refused or stored"
            }
        }
    }

    struct Variant: CustomStringConvertible {
        var name: String
        /// The example result folder, relative to Examples/evalscope.
        var example: String
        var outcome: Outcome
        /// Stderr must contain this line (a warning) when stored.
        var warning: String? = nil
        var corrupt: @Sendable (URL) throws -> Void

        var description: String { name }
    }

    // MARK: Example folders

    static let perf = "1.14.1-capture/perf-sweep-failures-p2-4/20261124_185711/gpt-oss-20b"
    static let perfPoint = "parallel_2_number_10"
    static let perfOld = "history/0.13.2/perf-random-ignore-eos/20261124_185849/random-ignore-eos"
    static let perf17 = "history/0.17.1/perf-chat-multi/20261124_184301/mock-model"
    static let eval = "1.14.1-capture/eval-aime25-mcq-effort-low-r4/20261124_190016"
    static let evalOld = "history/1.0.0/eval-openai-service/20261124_184622"
    static let eval013 = "history/0.13.2/eval-openai-service/20261124_185900"

    // MARK: File edits

    static func text(_ file: URL) throws -> String { String(decoding: try Data(contentsOf: file), as: UTF8.self) }

    static func write(_ text: String, to file: URL) throws { try Data(text.utf8).write(to: file) }

    /// Replaces the value of a top-level key in a JSON file's text with `raw` (JSON as written).
    static func setJSON(_ file: URL, key: String, raw: String) throws {
        let source = try text(file)
        let pattern = try Regex("\"\(NSRegularExpression.escapedPattern(for: key))\"\\s*:\\s*(\"[^\"]*\"|[^,}\\n]+)")
        guard source.contains(pattern) else { throw Missing(what: "\(key) in \(file.path)") }
        try write(source.replacing(pattern, maxReplacements: 1) { _ in "\"\(key)\": \(raw)" }, to: file)
    }

    static func removeJSONKey(_ file: URL, key: String) throws {
        guard var object = try JSONValue.parse(Data(contentsOf: file)).objectValue else { throw Missing(what: file.path) }
        object[key] = nil
        try JSONEncoder().encode(JSONValue.object(object)).write(to: file)
    }

    static func sql(_ database: URL, _ statement: String) throws {
        let queue = try DatabaseQueue(path: database.path)
        try queue.write { try $0.execute(sql: statement) }
        try queue.close()
    }

    static func garbage(_ count: Int, seed: UInt64) -> Data {
        var state = seed
        return Data((0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        })
    }

    struct Missing: Error { var what: String }

    // MARK: The named cases (issue 10)

    static let named: [Variant] = {
        let summary = "\(perfPoint)/benchmark_summary.json"
        let percentile = "\(perfPoint)/benchmark_percentile.json"
        let database = "\(perfPoint)/benchmark_data.db"
        func summaryValue(_ key: String, _ raw: String, _ message: String) -> Variant {
            Variant(name: "summary \(key) = \(raw)", example: perf, outcome: .refused(message)) {
                try setJSON($0.appending(path: summary), key: key, raw: raw)
            }
        }
        func row(_ name: String, _ statement: String, _ message: String) -> Variant {
            Variant(name: "request rows: \(name)", example: perf, outcome: .refused(message)) {
                try sql($0.appending(path: database), statement)
            }
        }
        return [
            row("negative latency", "UPDATE result SET latency = -0.5 WHERE rowid = 1", "result row 1: latency\": -0.5: negative"),
            row("negative TTFT", "UPDATE result SET first_chunk_latency = -0.01 WHERE rowid = 2", "first_chunk_latency\": -0.01: negative"),
            row("negative tokens", "UPDATE result SET completion_tokens = -3 WHERE rowid = 1", "completion_tokens\": -3.0: negative"),
            row("latency 9e999", "UPDATE result SET latency = 9e999 WHERE rowid = 1", "latency\": inf: not finite"),
            row("latency 'abc'", "UPDATE result SET latency = 'abc' WHERE rowid = 1", "latency\": 'abc': text, expected a number"),
            row("completion_tokens 'many'", "UPDATE result SET completion_tokens = 'many' WHERE rowid = 1",
                "completion_tokens\": 'many': text, expected a number"),
            row("success 'yes'", "UPDATE result SET success = 'yes' WHERE rowid = 1", "success\": 'yes': text, expected 0 or 1"),
            row("prompt tokens 1024.7", "UPDATE result SET prompt_tokens = 1024.7 WHERE rowid = 1",
                "prompt_tokens\": 1024.7: not a whole number"),
            row("completion_tokens 2^63-1", "UPDATE result SET completion_tokens = 9223372036854775807 WHERE rowid = 1",
                "completion_tokens\": 9.223372036854776e+18: above 1000000000"),
            row("empty result table", "DELETE FROM result", "0 request rows, but benchmark_summary.json says 10 requests"),
            summaryValue("Avg Latency (s)", "-1.5", "\"Avg Latency (s)\": -1.5: negative"),
            summaryValue("Avg Latency (s)", "1e308", "\"Avg Latency (s)\": 1e+308: above 10000000"),
            summaryValue("Avg TTFT (ms)", "Infinity", "\"Avg TTFT (ms)\": inf: not finite"),
            summaryValue("Output Throughput (tok/s)", "-Infinity", "\"Output Throughput (tok/s)\": -inf: not finite"),
            summaryValue("Test Duration (s)", "0", "\"Test Duration (s)\": 0.0: zero, must be positive"),
            summaryValue("Test Duration (s)", "-3", "\"Test Duration (s)\": -3.0: negative"),
            summaryValue("Total Requests", "-8", "\"Total Requests\": -8: negative"),
            summaryValue("Success Requests", "800", "\"Success Requests\": 800: with 3 failed, does not add up to the 10"),
            summaryValue("Concurrency", "7", "\"Concurrency\": 7 in folder parallel_2_number_10"),
            Variant(name: "negative percentile", example: perf, outcome: .refused("\"TTFT (ms)\" at \"50%\": -70.0: negative")) {
                let file = $0.appending(path: percentile)
                var rows = try #require(try JSONValue.parse(Data(contentsOf: file)).arrayValue)
                let index = try #require(rows.firstIndex { $0["Percentiles"]?.stringValue == "50%" })
                guard case .object(var row) = rows[index] else { throw Missing(what: "50% row") }
                row["TTFT (ms)"] = .double(-70)
                rows[index] = .object(row)
                try JSONEncoder().encode(JSONValue.array(rows)).write(to: file)
            },
            Variant(name: "summary -1 sentinel is missing, not a value", example: perf, outcome: .stored) {
                try setJSON($0.appending(path: summary), key: "Avg ITL (ms)", raw: "-1")
            },
            Variant(name: "repeats 2^63-1", example: eval, outcome: .refused("\"repeats\": 9223372036854775807: above 1000000")) {
                let file = $0.appending(path: "configs/task_config.yaml")
                try write(try text(file).replacing(/repeats: \d+/, with: "repeats: 9223372036854775807"), to: file)
            },
            Variant(name: "huge sample and group ids (pre-1.14)", example: evalOld, outcome: .stored) {
                let file = $0.appending(path: "reviews/mock-model/general_mcq_example.jsonl")
                try write(
                    try text(file).replacing(/"sample_id": (\d+), "group_id": (\d+)/) { match in
                        // Near Int64.max: group_id × repeats overflows.
                        let (sample, group) = (Int(match.1) ?? 0, Int(match.2) ?? 0)
                        return "\"sample_id\": \(Int.max - 1_000 + sample), \"group_id\": \(Int.max / 2 - 1_000 + group)"
                    }, to: file)
                let config = $0.appending(path: "configs/task_config_e75917.yaml")
                try write(try text(config).replacing("repeats: 1", with: "repeats: 3"), to: config)
            },
            Variant(name: "accuracy 7.5 in a review", example: evalOld, outcome: .refused("sample_score.score.value.acc\": 7.5: above 1")) {
                let file = $0.appending(path: "reviews/mock-model/general_mcq_example.jsonl")
                try write(try text(file).replacing("\"acc\": 0.0", with: "\"acc\": 7.5", maxReplacements: 1), to: file)
            },
            Variant(name: "report score -4.2", example: eval, outcome: .refused("metrics[0].score\": -4.2: negative")) {
                let file = $0.appending(path: "reports/gpt-oss-20b/aime25.json")
                guard case .object(var report) = try JSONValue.parse(Data(contentsOf: file)),
                      case .array(var metrics) = report["metrics"] ?? .null, case .object(var metric) = metrics[0]
                else { throw Missing(what: "metrics[0]") }
                metric["score"] = .double(-4.2)
                metrics[0] = .object(metric)
                report["metrics"] = .array(metrics)
                try JSONEncoder().encode(JSONValue.object(report)).write(to: file)
            },
            Variant(name: "two reports of one dataset", example: eval, outcome: .refused("one report per dataset")) {
                let reports = $0.appending(path: "reports/gpt-oss-20b")
                try FileManager.default.copyItem(at: reports.appending(path: "aime25.json"), to: reports.appending(path: "aime25_copy.json"))
            },
            Variant(
                name: "an empty reviews file", example: eval, outcome: .stored,
                warning: "reviews/gpt-oss-20b/aime25_default.jsonl: empty; no samples of aime25/default are stored"
            ) {
                try Data().write(to: $0.appending(path: "reviews/gpt-oss-20b/aime25_default.jsonl"))
            },
        ]
    }()

    // MARK: Generated variants

    static func generated() -> [Variant] {
        var variants: [Variant] = []
        let summary = "\(perfPoint)/benchmark_summary.json"
        let textFiles: [(String, String)] = [
            (perf, summary), (perf, "\(perfPoint)/benchmark_percentile.json"), (perf, "\(perfPoint)/benchmark_args.json"),
            (perfOld, "benchmark_summary.json"), (eval, "reports/gpt-oss-20b/aime25.json"),
            (eval, "reviews/gpt-oss-20b/aime25_default.jsonl"), (eval, "configs/task_config.yaml"),
            (evalOld, "reviews/mock-model/general_qa_example.jsonl"), (eval013, "reviews/mock-model/general_mcq_example.jsonl"),
        ]
        // Truncations at several offsets.
        for (example, file) in textFiles {
            for fraction in [0.0, 0.001, 0.25, 0.5, 0.97] {
                variants.append(Variant(name: "\(file) cut at \(fraction)", example: example, outcome: .either) {
                    let url = $0.appending(path: file)
                    let data = try Data(contentsOf: url)
                    try data.prefix(Int(Double(data.count) * fraction)).write(to: url)
                })
            }
            variants.append(Variant(name: "\(file) is binary garbage", example: example, outcome: .refused(file.split(separator: "/").last.map(String.init) ?? file)) {
                try garbage(700, seed: UInt64(file.count)).write(to: $0.appending(path: file))
            })
        }
        // Wrong types, NaN/Inf, out-of-range and overflowing numbers in the summary.
        let keys = ["Test Duration (s)", "Concurrency", "Total Requests", "Failed Requests", "Avg Latency (s)", "Avg TTFT (ms)",
                    "Output Throughput (tok/s)", "Avg Output Tokens"]
        let values = ["\"x\"", "null", "[1]", "true", "{}", "NaN", "Infinity", "-Infinity", "-2.5", "1e308", "9223372036854775808",
                      "1e400", "0.5"]
        for key in keys {
            for value in values {
                variants.append(Variant(name: "summary \(key) = \(value)", example: perf, outcome: .either) {
                    try setJSON($0.appending(path: summary), key: key, raw: value)
                })
            }
        }
        // Missing keys.
        for key in keys + ["Success Requests", "Request Rate (req/s)"] {
            variants.append(Variant(name: "summary without \(key)", example: perf, outcome: .either) {
                try removeJSONKey($0.appending(path: summary), key: key)
            })
        }
        // Broken request databases.
        let database = "\(perfPoint)/benchmark_data.db"
        let statements = [
            "DROP TABLE result", "ALTER TABLE result DROP COLUMN success", "UPDATE result SET start_time = 'soon'",
            "UPDATE result SET inter_token_latencies = 'not a list' WHERE rowid = 1",
            "UPDATE result SET inter_token_latencies = '[1e999]' WHERE rowid = 1",
            "UPDATE result SET inter_token_latencies = x'00ff' WHERE rowid = 1",
            "UPDATE result SET success = 2 WHERE rowid = 3", "UPDATE result SET success = NULL WHERE rowid = 3",
            "UPDATE result SET time_per_output_token = -1 WHERE rowid = 1", "UPDATE result SET is_stream = 'sure'",
            "INSERT INTO result (success) VALUES (1)", "UPDATE result SET prompt_tokens = x'01'",
        ]
        for statement in statements {
            variants.append(Variant(name: "database: \(statement)", example: perf, outcome: .either) {
                try sql($0.appending(path: database), statement)
            })
        }
        variants.append(Variant(name: "database is not SQLite", example: perf, outcome: .refused("benchmark_data.db")) {
            try garbage(4096, seed: 7).write(to: $0.appending(path: database))
        })
        variants.append(Variant(name: "database is empty", example: perf, outcome: .refused("benchmark_data.db")) {
            try Data().write(to: $0.appending(path: database))
        })
        variants.append(Variant(name: "old database: chunk_times not a list", example: perfOld, outcome: .refused("chunk_times")) {
            try sql($0.appending(path: "benchmark_data.db"), "UPDATE result SET chunk_times = 'oops' WHERE rowid = 1")
        })
        // Contradicting files.
        variants.append(Variant(name: "points disagree on the model", example: perf, outcome: .refused("differs between points")) {
            try setJSON($0.appending(path: "parallel_4_number_20/benchmark_args.json"), key: "model", raw: "\"other-model\"")
        })
        variants.append(Variant(name: "folder number disagrees with the summary", example: perf, outcome: .refused("in folder parallel_2_number_11")) {
            try FileManager.default.moveItem(at: $0.appending(path: perfPoint), to: $0.appending(path: "parallel_2_number_11"))
        })
        // Broken JSON Lines.
        for (name, line) in [("a broken line", "{\"sample_score\": "), ("a binary line", "\u{1}\u{2}\u{3}"), ("a list line", "[]"),
                             ("a null line", "null"), ("a duplicated line", nil)] {
            variants.append(Variant(name: "reviews with \(name)", example: eval, outcome: .refused("aime25_default.jsonl")) {
                let file = $0.appending(path: "reviews/gpt-oss-20b/aime25_default.jsonl")
                let source = try text(file)
                let added = line ?? String(source.split(separator: "\n").first ?? "")
                try write(source + added + "\n", to: file)
            })
        }
        // Links and special files in place of a result file.
        enum Special { case link(String), fifo, folder }
        let specials: [(String, String, String, Special, String)] = [
            ("summary is a link to /dev/zero", perf, summary, .link("/dev/zero"), "not a regular file"),
            ("summary is a FIFO", perf, summary, .fifo, "not a regular file"),
            ("summary is a folder", perf, summary, .folder, "benchmark_summary.json"),
            ("summary is a dangling link", perf, summary, .link("/nonexistent/caliper"), "benchmark_summary.json"),
            ("report is a link to /dev/urandom", eval, "reports/gpt-oss-20b/aime25.json", .link("/dev/urandom"), "not a regular file"),
            ("database is a FIFO", perf, database, .fifo, "not a regular file"),
        ]
        for (name, example, path, special, message) in specials {
            variants.append(Variant(name: name, example: example, outcome: .refused(message)) {
                let file = $0.appending(path: path)
                try FileManager.default.removeItem(at: file)
                switch special {
                case .link(let target): try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: target)
                case .fifo: guard mkfifo(file.path, 0o644) == 0 else { throw Missing(what: "mkfifo") }
                case .folder: try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
                }
            })
        }
        return variants
    }

    // MARK: Running a variant

    /// A store that already holds two runs, and the digest of its files.
    struct SeededStore {
        let folder: URL
        var path: String { folder.appending(path: "caliper.db").path }

        init() throws {
            folder = try CaliperProcess.temporaryDirectory()
            for example in [CorruptInputTests.perf17, CorruptInputTests.evalOld] {
                let result = try CaliperProcess.run(["ingest", "--db", path, CaliperProcess.examples.appending(path: example).path])
                guard result.status == 0 else { throw Missing(what: "seed ingest: \(result.stderr)") }
            }
        }

        /// SHA-256 of the store and its WAL, as bytes.
        func digest() throws -> String {
            var hasher = SHA256()
            for suffix in ["", "-wal"] {
                let file = path + suffix
                hasher.update(suffix)
                if FileManager.default.fileExists(atPath: file) { hasher.update(try Data(contentsOf: URL(fileURLWithPath: file))) }
            }
            return hasher.hexDigest()
        }
    }

    /// Copies the example, corrupts it and ingests it; returns what went wrong, or nil.
    static func check(_ variant: Variant, store: SeededStore) throws -> String? {
        let work = try CaliperProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = work.appending(path: URL(fileURLWithPath: variant.example).lastPathComponent)
        try FileManager.default.copyItem(at: CaliperProcess.examples.appending(path: variant.example), to: folder)
        try variant.corrupt(folder)

        let before = try store.digest()
        // A hang is a defect too: `timeout` ends it and says 124.
        let result = try CaliperProcess.run(
            ["60", CaliperProcess.binary.path, "ingest", "--db", store.path, folder.path],
            executable: URL(fileURLWithPath: "/usr/bin/timeout"))
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        switch result.status {
        case 0:
            if case .refused(let text) = variant.outcome { return "stored, expected a refusal containing \(text)" }
            if let warning = variant.warning, !result.stderr.contains(warning) { return "no warning \(warning) in \(result.stderr)" }
            return try invalidStoredValues(store.path)
        case 2:
            if case .stored = variant.outcome { return "refused: \(result.stderr)" }
            guard lines.count == 1, let line = lines.first, line.hasPrefix("caliper: ") else {
                return "expected one stderr line, got \(lines.count): \(result.stderr.prefix(400))"
            }
            if case .refused(let text) = variant.outcome, !line.contains(text) { return "message lacks \(text): \(line)" }
            if line.contains(folder.path) == false { return "message names no file: \(line)" }
            return try store.digest() == before ? nil : "the store changed although the input was refused"
        case 124: return "hung (killed after 60 s)"
        default: return "exit \(result.status): \(result.stderr.prefix(400))"
        }
    }

    /// Stored numbers that no valid run has: negative, infinite or out-of-range times, fractional
    /// or negative token counts, shares outside [0, 1].
    static func invalidStoredValues(_ path: String) throws -> String? {
        let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        defer { try? queue.close() }
        let checks = [
            ("perf request times", """
                SELECT count(*) FROM perf_requests WHERE
                  latency_s < 0 OR latency_s > 1e7 OR ttft_s < 0 OR ttft_s > 1e7 OR tpot_s < 0 OR tpot_s > 1e7
                  OR itl_mean_s < 0 OR itl_mean_s > 1e7 OR typeof(latency_s) NOT IN ('real', 'null')
                """),
            ("perf request tokens", """
                SELECT count(*) FROM perf_requests WHERE
                  typeof(input_tokens) NOT IN ('integer', 'null') OR typeof(output_tokens) NOT IN ('integer', 'null')
                  OR input_tokens < 0 OR output_tokens < 0 OR output_tokens > 1e9
                """),
            ("perf metrics", """
                SELECT count(*) FROM perf_metrics WHERE value < 0 OR value > 1e9 OR value != value
                  OR (metric IN ('latency', 'ttft', 'tpot', 'itl') AND value > 1e7)
                  OR (metric = 'success_rate' AND value > 1)
                """),
            ("perf points", "SELECT count(*) FROM perf_points WHERE requests < 0 OR duration_s <= 0 OR concurrency < 1"),
            ("eval scores", "SELECT count(*) FROM eval_scores WHERE metric = 'accuracy' AND (score < 0 OR score > 1)"),
            ("eval samples", """
                SELECT count(*) FROM eval_samples WHERE (metric = 'accuracy' AND (score < 0 OR score > 1))
                  OR output_tokens < 0 OR input_tokens < 0 OR latency_s < 0 OR repeat_index < 0
                """),
        ]
        return try queue.read { db in
            for (name, sql) in checks {
                let count = try Int.fetchOne(db, sql: sql) ?? 0
                if count > 0 { return "\(count) invalid \(name) stored" }
            }
            return nil
        }
    }

    // MARK: Tests

    @Test("the named corrupt inputs are refused (or stored) as they should be", arguments: named)
    func namedCase(_ variant: Variant) throws {
        let store = try SeededStore()
        defer { try? FileManager.default.removeItem(at: store.folder) }
        let problem = try Self.check(variant, store: store)
        #expect(problem == nil, "\(variant.name): \(problem ?? "")")
    }

    @Test func atLeastAHundredGeneratedVariantsNeverCrashOrDamageTheStore() throws {
        let variants = Self.generated()
        #expect(variants.count >= 100)
        let store = try SeededStore()
        defer { try? FileManager.default.removeItem(at: store.folder) }
        var problems: [String] = []
        var refused = 0
        for variant in variants {
            let runsBefore = try CaliperProcess.tableCounts(store.path)["runs"]
            if let problem = try Self.check(variant, store: store) { problems.append("\(variant.name): \(problem)") }
            if try CaliperProcess.tableCounts(store.path)["runs"] == runsBefore { refused += 1 }
        }
        print("corrupt inputs: \(variants.count) variants, \(refused) refused, \(variants.count - refused) stored, \(problems.count) problems")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func recursiveIngestStoresTheGoodFoldersAroundABadOne() throws {
        let work = try CaliperProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        // Sorted walk: a-bad comes first, then the good ones.
        let bad = work.appending(path: "a-bad/gpt-oss-20b")
        try FileManager.default.createDirectory(at: bad.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CaliperProcess.examples.appending(path: Self.perf), to: bad)
        try Self.sql(bad.appending(path: "\(Self.perfPoint)/benchmark_data.db"), "UPDATE result SET completion_tokens = 9223372036854775807")
        let badEval = work.appending(path: "b-bad/20261124_184622")
        try FileManager.default.createDirectory(at: badEval.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CaliperProcess.examples.appending(path: Self.evalOld), to: badEval)
        let config = badEval.appending(path: "configs/task_config_e75917.yaml")
        try Self.write(try Self.text(config).replacing("repeats: 1", with: "repeats: 9223372036854775807"), to: config)
        for (index, example) in [Self.perf17, Self.eval].enumerated() {
            let good = work.appending(path: "c-good-\(index)/\(URL(fileURLWithPath: example).lastPathComponent)")
            try FileManager.default.createDirectory(at: good.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: CaliperProcess.examples.appending(path: example), to: good)
        }
        // A link back up the tree must not be walked forever.
        try FileManager.default.createSymbolicLink(at: work.appending(path: "c-good-0/loop"), withDestinationURL: work)

        let db = work.appending(path: "store.db").path
        let result = try CaliperProcess.run(["ingest", "--db", db, "--recursive", work.path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("2 stored, 0 already stored, 2 failed"))
        #expect(result.stderr.contains("a-bad/gpt-oss-20b/parallel_2_number_10/benchmark_data.db"))
        #expect(result.stderr.contains("\"repeats\": 9223372036854775807"))
        #expect(try CaliperProcess.tableCounts(db)["runs"] == 2)
    }

    /// A store written before validation existed may hold an impossible count: reading it never traps.
    @Test func compareAndGateOnAStoredOverflowingCountDoNotTrap() throws {
        let work = try CaliperProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let db = work.appending(path: "store.db").path
        #expect(try CaliperProcess.run(["ingest", "--db", db, CaliperProcess.examples.appending(path: Self.perf).path]).status == 0)
        try Self.sql(URL(fileURLWithPath: db), "UPDATE perf_requests SET output_tokens = 9223372036854775807 WHERE seq = 0")
        try Self.sql(URL(fileURLWithPath: db), "UPDATE perf_metrics SET value = 9.3e18 WHERE metric = 'failed_requests'")
        for arguments in [["compare", "1", "1"], ["gate", "--baseline", "1", "--candidate", "1"], ["show", "1"], ["trend", "--metric", "output_tokens"]] {
            let result = try CaliperProcess.run(arguments + ["--db", db])
            #expect([0, 1, 2].contains(result.status), "\(arguments): exit \(result.status): \(result.stderr)")
        }
    }
}
