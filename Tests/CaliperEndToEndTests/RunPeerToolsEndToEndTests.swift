import Foundation
import Testing

/// `caliper run TOOL -- …` for the peer tools, with the real binary and a fake tool: a shell script
/// that prints its arguments, copies a result the real tool wrote (`Examples/peers/`) to where the
/// real tool would write it, and exits as told.
@Suite(.serialized)
struct RunPeerToolsEndToEndTests {
    struct Scratch {
        var folder: URL
        var path: String
        var environment: [String: String] { ["PATH": path] }
    }

    /// A scratch folder with `bin/<name>`: prints `<name> ARGS`, then copies `source` (below
    /// Examples/peers) to the value of `flag` (or `fallback`), as a file or into a folder.
    func scratch(
        name: String, source: String? = nil, flag: String, fallback: String, intoFolder: Bool, exitCode: Int = 0
    ) throws -> Scratch {
        let folder = try CaliperProcess.temporaryDirectory()
        let bin = folder.appending(path: "bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy: String
        if let source {
            let from = CaliperProcess.peers.appending(path: source).path
            copy = intoFolder ? "mkdir -p \"$out\" && cp -R '\(from)' \"$out/\"" : "mkdir -p \"$(dirname \"$out\")\" && cp '\(from)' \"$out\""
        } else {
            copy = ""
        }
        let script = #"""
            #!/bin/sh
            echo "\#(name) $*"
            out=\#(fallback)
            while [ $# -gt 0 ]; do
                case "$1" in
                    \#(flag)) out="$2"; shift ;;
                esac
                shift
            done
            \#(copy)
            exit \#(exitCode)

            """#
        let executable = bin.appending(path: name)
        try Data(script.utf8).write(to: executable)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable.path)
        let inherited = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return Scratch(folder: folder, path: bin.path + ":" + inherited)
    }

    func runs(in scratch: Scratch) throws -> [[String: Any]] {
        let listed = try CaliperProcess.run(["runs", "--format", "json"], in: scratch.folder)
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }

    static let vllmFile = "real-2026-12/vllm-bench-serve-0.33.0/concurrency-1-4-chat/vllm-bench-serve-chat-c4.json"

    /// vLLM saves nothing without --save-result: Caliper adds it, and --save-detailed for the rows.
    @Test func vllmBenchSavesAndStoresItsResult() throws {
        let scratch = try scratch(name: "vllm", source: Self.vllmFile, flag: "--result-filename", fallback: "./result.json", intoFolder: false)
        let arguments = ["--model", "sample-llm", "--base-url", "http://127.0.0.1:1", "--max-concurrency", "4",
                         "--result-filename", "out/c4.json", "--result-dir", "out"]
        let result = try CaliperProcess.run(
            ["run", "vllm-bench", "--no-probe", "--label", "branch=main", "--"] + arguments,
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("vllm bench serve \(arguments.joined(separator: " ")) --save-result --save-detailed\n"))
        #expect(result.stdout.contains("stored run 1: perf sample-llm, 1 point, 20 request rows from out/c4.json\n"))
        let run = try CaliperProcess.show(1, in: scratch.folder)
        #expect((run["source"] as? [String: Any])?["tool"] as? String == "vllm-bench")
        #expect((run["labels"] as? [String: String])?["branch"] == "main")

        // A second invocation that writes nothing new stores nothing and says so.
        let again = try self.scratch(name: "vllm", flag: "--result-filename", fallback: "./result.json", intoFolder: false)
        let nothing = try CaliperProcess.run(
            ["run", "vllm-bench", "--no-probe", "--"] + arguments, in: again.folder, environment: again.environment)
        #expect(nothing.status == 2)
        #expect(nothing.stderr == "caliper: vllm wrote no new result under out\n")
    }

    /// SGLang runs as `python3 -m sglang.bench_serving`; --executable picks the Python.
    @Test func sglangBenchWithItsFailedRequests() throws {
        let scratch = try scratch(
            name: "python3", source: "real-2026-12/sglang-bench-serving-0.5.23/concurrency4-fail-every-4/sglang-bench-serving-c4-failevery4.jsonl",
            flag: "--output-file", fallback: "./x.jsonl", intoFolder: false)
        let python = scratch.folder.appending(path: "bin/python3").path
        let result = try CaliperProcess.run(
            ["run", "sglang-bench", "--no-probe", "--executable", python, "--",
             "--backend", "vllm", "--max-concurrency", "4", "--output-file", "res/fail.jsonl"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("python3 -m sglang.bench_serving --backend vllm --max-concurrency 4 --output-file res/fail.jsonl --output-details\n"))
        #expect(result.stdout.contains("from res/fail.jsonl"))
        #expect((try CaliperProcess.show(1, in: scratch.folder)["source"] as? [String: Any])?["tool"] as? String == "sglang-bench")
    }

    /// AIPerf's --num-profile-runs: each profile run is stored as a run of its own (a repeat).
    @Test func aiperfProfileRunsAreRepeats() throws {
        let scratch = try scratch(
            name: "aiperf", source: "real-2026-12/aiperf-0.13.0/concurrency2-two-profile-runs/artifacts",
            flag: "--artifact-dir", fallback: "./artifacts", intoFolder: true)
        let result = try CaliperProcess.run(
            ["run", "aiperf", "--no-probe", "--", "--model", "sample-llm", "--concurrency", "2", "--num-profile-runs", "2",
             "--artifact-dir", "art"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("aiperf profile --model sample-llm"))
        #expect(try runs(in: scratch).count == 2)
    }

    @Test func guidellmAndItsExitCodeWhenItFailsAfterWriting() throws {
        let scratch = try scratch(
            name: "guidellm", source: "guidellm/SAMPLE_real-run_guidellm-0.8.1_concurrent-sweep/benchmarks.json",
            flag: "--output-path", fallback: "./benchmarks.json", intoFolder: false, exitCode: 3)
        let result = try CaliperProcess.run(
            ["run", "guidellm", "--no-probe", "--", "--target", "http://127.0.0.1:1", "--output-path", "results/benchmarks.json"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 3)
        #expect(result.stdout.hasPrefix("guidellm benchmark --target"))
        #expect(result.stderr.hasSuffix("caliper: guidellm exited with status 3\n"))
        #expect(try runs(in: scratch).count == 1)
    }

    /// lm-eval gets --log_samples so that its runs pair question by question.
    @Test func lmEvalStoresScoresAndSamples() throws {
        let scratch = try scratch(
            name: "lm_eval", source: "real-2026-12/lm-eval-0.4.13/local-chat-completions-gen-kwargs/out/sample-llm",
            flag: "--output_path", fallback: "./none", intoFolder: true)
        let result = try CaliperProcess.run(
            ["run", "lm-eval", "--no-probe", "--", "run", "--model", "local-chat-completions",
             "--model_args", "model=sample-llm,base_url=http://127.0.0.1:1/v1/chat/completions", "--output_path", "out"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("lm_eval run --model local-chat-completions"))
        #expect(result.stdout.contains("--output_path out --log_samples\n"))
        let run = try CaliperProcess.show(1, in: scratch.folder)
        #expect(run["kind"] as? String == "eval")

        let missing = try CaliperProcess.run(
            ["run", "lm-eval", "--no-probe", "--", "--tasks", "gsm8k"], in: scratch.folder, environment: scratch.environment)
        #expect(missing.status == 2)
        #expect(missing.stderr == "caliper: lm-eval writes results only with --output_path: give one\n")
    }

    @Test func saysWhenTheToolIsNotInstalled() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let result = try CaliperProcess.run(
            ["run", "aiperf", "--", "--model", "m"], in: folder, environment: ["PATH": folder.path])
        #expect(result.status == 2)
        #expect(result.stderr == "caliper: aiperf is not installed (pip install aiperf)\n")
    }
}
