import CaliperTestSupport
import Foundation
import Testing

/// `caliper settings` on the bundled EvalScope 1.14.1 capture: reasoning_effort low and high on
/// aime25 and general_mcq, 4 repeats, with per-sample rows (runs 1 = high, 2 = low once ingested).
@Suite(.serialized)
struct SettingsEndToEndTests {
    /// A scratch folder whose store holds the whole 1.14.1 capture.
    func store(_ engine: StoreEngine) throws -> URL {
        let folder = try CaliperProcess.temporaryDirectory(engine)
        let result = try CaliperProcess.run(
            ["ingest", CaliperProcess.examples.appending(path: "1.14.1-capture").path, "--recursive",
             "--engine", "vllm", "--engine-version", "0.10.1"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }

    @Test(arguments: StoreEngine.allCases) func effortOnAime25InMarkdown(engine: StoreEngine) throws {
        let folder = try store(engine)
        let result = try CaliperProcess.run(
            ["settings", "--model", "gpt-oss-20b", "--dataset", "aime25", "--vary", "reasoning_effort", "--format", "md"],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let markdown = result.stdout
        #expect(markdown.hasPrefix(
            "## reasoning_effort on aime25: high buys +17.5pp [+5.8pp, +29.2pp] over low for +277.6% output tokens; "
                + "no setting is dominated\n"))
        #expect(markdown.contains(
            "| low (reference) | run 2 | 62.50% | [54.46%, 70.54%] | reference | - | - | 49 | - | 572.51 ms | 110.74 ms | 78.4 | frontier |"))
        #expect(markdown.contains(
            "| high | run 1 | 80.00% | [72.48%, 87.52%] | +17.5pp | [+5.8pp, +29.2pp] | 0.004 | 185 | +277.6% | 2075.47 ms | 131.48 ms | 231.25 | frontier |"))
        #expect(markdown.contains("- No setting is dominated: every setting that scores higher spends more output tokens.\n"))
        #expect(markdown.contains("Pareto frontier, fewest tokens first: low → high"))
        #expect(markdown.contains(
            #"| low | run 2 | vllm 0.10.1 | unknown | {"max_tokens":4096,"reasoning_effort":"low","stream":true,"temperature":0.6,"top_p":0.95} |"#))
        #expect(!markdown.contains("Excluded"))
    }

    /// general_mcq was also run without reasoning_effort, under other settings: those runs are
    /// listed as excluded with the keys they differ in.
    @Test(arguments: StoreEngine.allCases) func runsUnderOtherSettingsAreExcluded(engine: StoreEngine) throws {
        let folder = try store(engine)
        let result = try CaliperProcess.run(
            ["settings", "--dataset", "general_mcq", "--vary", "reasoning_effort", "--format", "json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let settings = try #require(report["settings"] as? [[String: Any]])
        #expect(settings.map { $0["label"] as? String } == ["low", "high"])
        #expect(settings.map { ($0["run"] as? [String: Any])?["id"] as? Int } == [2, 1])
        let tokensPerCorrect: [Double?] = settings.map { $0["tokens_per_correct"] as? Double }
        let expected: [Double?] = [34.0 * 72 / 32, 170.0 * 72 / 63]
        #expect(tokensPerCorrect == expected)
        let excluded = try #require(report["runs_excluded"] as? [[String: Any]])
        #expect(excluded.map { $0["run_id"] as? Int } == [3, 4])
        #expect(excluded.allSatisfy { $0["reason"] as? String == "not_comparable" })
        #expect((excluded[0]["description"] as? String)?.hasPrefix("run 3 ((unset)): differs from run 2 (low) in ") == true)
    }

    @Test(arguments: StoreEngine.allCases) func htmlReportFileTakesItsFormatFromTheExtension(engine: StoreEngine) throws {
        let folder = try store(engine)
        let result = try CaliperProcess.run(
            ["settings", "--model", "gpt-oss-20b", "--dataset", "aime25", "--vary", "reasoning_effort", "-o", "out/effort.html"],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "")
        let html = try String(contentsOf: folder.appending(path: "out/effort.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("<polyline class=\"frontier-line\""))
        #expect(html.contains("high buys +17.5pp [+5.8pp, +29.2pp] over low for +277.6% output tokens"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
    }

    @Test(arguments: StoreEngine.allCases) func tooFewSettingsAndBadOptionsExitTwoWithOneLine(engine: StoreEngine) throws {
        let folder = try store(engine)
        let cases: [([String], String)] = [
            (["--dataset", "aime25", "--vary", "temperature"],
             "caliper: only one setting of temperature (0.6) in run 1: a comparison needs two; "
                + "not comparable with it: run 2 (0.6) differs in reasoning_effort\n"),
            (["--dataset", "aime25", "--vary", "top_k"],
             "caliper: none of the matching runs (runs 1, 2) sets top_k (their generation keys: max_tokens, "
                + "reasoning_effort, stream, temperature, top_p)\n"),
            (["--dataset", "nope", "--vary", "reasoning_effort"], "caliper: no eval run of gpt-oss-20b on nope in \(CaliperProcess.storeName(in: folder))\n"),
            (["--dataset", "aime25", "--vary", "reasoning_effort", "--reference", "medium"],
             "caliper: no run with reasoning_effort=medium to use as the reference (settings: low, high)\n"),
            (["--dataset", "aime25", "--vary", "reasoning_effort", "--where", "branch=main"],
             "caliper: --where: unknown key \"branch\" (known: id, kind, model, engine, engine_version, hardware, gpus, "
                + "reasoning_effort, temperature, max_tokens, endpoint, dataset, source_version, label.NAME, valid)\n"),
            (["--dataset", "aime25", "--vary", "model"],
             "caliper: --vary: model is what a run measured, not a setting: filter on it with --where model=VALUE\n"),
            (["--dataset", "aime25", "--vary", "reasoning_effort", "-o", "effort.pdf"],
             "caliper: effort.pdf: unknown report type (use .md, .html, .json or .txt)\n"),
        ]
        for (arguments, stderr) in cases {
            let result = try CaliperProcess.run(["settings", "--model", "gpt-oss-20b"] + arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == stderr, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
        }
    }

    @Test(arguments: StoreEngine.allCases) func helpShowsTheExample(engine: StoreEngine) throws {
        let result = try CaliperProcess.run(["settings", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(
            "  caliper settings --model gpt-oss-20b --dataset aime25 \\\n      --vary reasoning_effort --format html -o effort.html\n"))
    }
}
