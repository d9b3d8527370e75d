import Foundation
import Testing

/// `caliper run evalscope -- …` with the real binary and a fake `evalscope` first on PATH: a shell
/// script that prints, copies a real EvalScope result into its output folder, and exits as told.
@Suite(.serialized)
struct RunEvalScopeEndToEndTests {
    static let perfFixture = "1.14.1-capture/perf-single-completions-p2/20261124_185544"
    static let evalFixture = "1.14.1-capture/eval-qa-mcq-nonstream/20261124_190240"
    static let olderEvalFixture = "1.14.1-capture/eval-mcq-with-errors/20261124_190344"
    /// tcpmux: nothing listens there on any machine a test runs on, so connecting is refused at once.
    static let closedPort = 1

    /// A scratch folder with `bin/evalscope` in it, and the PATH that finds it first.
    struct Scratch {
        var folder: URL
        var path: String
        var environment: [String: String] { ["PATH": path] }
        var database: String { folder.appending(path: "caliper.db").path }
    }

    /// - Parameters:
    ///   - copies: fixture folders (below Examples/evalscope) the fake copies into its output folder.
    ///   - corrupt: a file below the output folder the fake then overwrites with garbage.
    ///   - exitCode: what the fake exits with.
    func scratch(copies: [String] = [], corrupt: String? = nil, exitCode: Int = 0, before: String = "") throws -> Scratch {
        let folder = try CaliperProcess.temporaryDirectory()
        let bin = folder.appending(path: "bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = copies.map { "cp -R '\(CaliperProcess.examples.appending(path: $0).path)' \"$out/\"" }.joined(separator: "\n")
        let spoil = corrupt.map { "echo 'not json' > \"$out/\($0)\"" } ?? ""
        let script = #"""
            #!/bin/sh
            echo "evalscope $*"
            echo "evalscope progress on stderr" >&2
            \#(before)
            out=./outputs
            while [ $# -gt 0 ]; do
                case "$1" in
                    --outputs-dir|--work-dir) out="$2"; shift ;;
                    --outputs-dir=*|--work-dir=*) out="${1#*=}" ;;
                esac
                shift
            done
            \#(copies.isEmpty ? "" : "mkdir -p \"$out\"")
            \#(copy)
            \#(spoil)
            echo "evalscope done"
            exit \#(exitCode)

            """#
        let executable = bin.appending(path: "evalscope")
        try Data(script.utf8).write(to: executable)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable.path)
        let inherited = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return Scratch(folder: folder, path: bin.path + ":" + inherited)
    }

    /// Starts `caliper` with `arguments` in `scratch` (its fake evalscope first on PATH), for tests
    /// that act while it runs; `CaliperProcess.run` waits for the end.
    func launch(_ arguments: [String], in scratch: Scratch) throws -> (Process, out: Pipe, err: Pipe) {
        let running = try CaliperProcess.start(arguments, in: scratch.folder, environment: ["PATH": scratch.path])
        return (running.process, running.out, running.err)
    }

    func show(_ id: Int, in scratch: Scratch) throws -> [String: Any] {
        let shown = try CaliperProcess.run(["show", "\(id)", "--format", "json"], in: scratch.folder)
        #expect(shown.status == 0)
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }

    /// Runs git in `folder` with a throwaway identity.
    func git(_ arguments: [String], in folder: URL) throws -> String {
        let identity = ["-c", "user.name=Caliper", "-c", "user.email=caliper@example.com"]
        return try CaliperProcess.run(
            ["git", "-C", folder.path] + identity + arguments, executable: URL(fileURLWithPath: "/usr/bin/env")).stdout
    }

    // MARK: Success

    @Test func storesWhatEvalScopeWroteWithItsEnvironment() throws {
        let scratch = try scratch(copies: [Self.perfFixture])
        // A checkout with one commit: the run records it, and the results written into it
        // (untracked) do not make it dirty.
        _ = try git(["init", "-q"], in: scratch.folder)
        _ = try git(["commit", "-q", "--allow-empty", "-m", "bench"], in: scratch.folder)
        let head = try git(["rev-parse", "HEAD"], in: scratch.folder).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = Self.closedPort
        let evalscopeArguments = ["perf", "--model", "gpt-oss-20b", "--url", "http://127.0.0.1:\(port)/v1/completions",
                                  "--parallel", "2", "--number", "10", "--outputs-dir", "runs"]

        let result = try CaliperProcess.run(
            ["run", "evalscope", "--label", "branch=main", "--engine-version", "0.10.1+gptoss", "--hardware", "NVIDIA H20 96GB",
             "--gpus", "1", "--"] + evalscopeArguments,
            in: scratch.folder, environment: scratch.environment)

        #expect(result.status == 0)
        #expect(result.stdout == """
            evalscope \(evalscopeArguments.joined(separator: " "))
            evalscope done
            stored run 1: perf gpt-oss-20b, 1 point, 10 request rows from runs/20261124_185544/gpt-oss-20b

            """)
        #expect(result.stderr.hasPrefix("evalscope progress on stderr\n"))
        #expect(result.stderr.contains("caliper: not recorded: server http://127.0.0.1:\(port): cannot connect\n"))

        let run = try show(1, in: scratch)
        #expect(run["engine"] == nil)   // /version did not answer and nobody said
        #expect(run["engine_version"] as? String == "0.10.1+gptoss")
        let hardware = try #require(run["hardware"] as? [String: Any])
        #expect(hardware["name"] as? String == "H20")
        #expect(hardware["count"] as? Int == 1)
        #expect(hardware["memory_gb"] as? Double == 96)
        let source = try #require(run["source"] as? [String: Any])
        #expect(source["path"] as? String == "runs/20261124_185544/gpt-oss-20b")
        let labels = try #require(run["labels"] as? [String: String])
        #expect(labels["branch"] == "main")
        #expect(labels["env.caliper_version"] == "0.1.0")
        #expect(labels["env.host"]?.isEmpty == false)
        #expect(labels["env.git_commit"] == head)
        #expect(labels["env.git_dirty"] == "false")
        #expect(labels["env.probe_notes"]?.contains("server http://127.0.0.1:\(port): cannot connect") == true)
        #expect(labels["env.served_model"] == nil)
        #expect(labels["env.gpu_list"] == nil)   // --hardware given: nvidia-smi is not asked
    }

    /// Results already in the work dir stay out; `--no-probe` records only host and version.
    @Test func storesOnlyTheResultsOfThisRun() throws {
        let scratch = try scratch(copies: [Self.evalFixture])
        let evals = scratch.folder.appending(path: "evals")
        try FileManager.default.createDirectory(at: evals, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CaliperProcess.examples.appending(path: Self.olderEvalFixture), to: evals.appending(path: "20261124_190344"))

        let result = try CaliperProcess.run(
            ["run", "evalscope", "--no-probe", "--", "eval", "--model", "gpt-oss-20b", "--api-url",
             "http://127.0.0.1:1/v1/chat/completions", "--work-dir=evals"],
            in: scratch.folder, environment: scratch.environment)

        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix(
            "evalscope done\nstored run 1: eval gpt-oss-20b, 2 datasets, 29 sample rows from evals/20261124_190240\n"))
        #expect(!result.stdout.contains("20261124_190344"))
        #expect(result.stderr == "evalscope progress on stderr\n")
        let labels = try #require(try show(1, in: scratch)["labels"] as? [String: String])
        #expect(Set(labels.keys) == ["env.host", "env.caliper_version"])
        #expect(try CaliperProcess.tableCounts(scratch.database)["runs"] == 1)
    }

    /// Without `--outputs-dir` EvalScope writes ./outputs; a sweep's result is found below its timestamp.
    @Test func findsResultsInTheDefaultOutputsFolder() throws {
        let scratch = try scratch(copies: [Self.perfFixture])
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--no-probe", "--", "perf", "--model", "gpt-oss-20b"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("stored run 1: perf gpt-oss-20b, 1 point, 10 request rows from outputs/20261124_185544/gpt-oss-20b\n"))
    }

    /// EvalScope's output reaches the terminal while it runs, not when it ends. The fake waits for
    /// `go` (10 min at most, a guard against a hang, not a bound on anything measured).
    @Test func streamsEvalScopeOutputLive() throws {
        let scratch = try scratch(before: """
            i=0
            while [ ! -e go ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i+1)); done
            [ -e go ] || echo "evalscope never saw go" >&2
            """)
        let (process, out, err) = try launch(["run", "evalscope", "--no-probe", "--", "--version"], in: scratch)
        // The first line arrives while the fake still waits for `go`.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(String(decoding: seen, as: UTF8.self) == "evalscope --version\n")
        #expect(process.isRunning)
        try Data().write(to: scratch.folder.appending(path: "go"))
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: rest, as: UTF8.self) == "evalscope done\n")
        #expect(String(decoding: errors, as: UTF8.self) == "evalscope progress on stderr\n")
    }

    /// Not `perf` or `eval`: EvalScope runs, nothing is stored, its exit code is ours.
    @Test func otherCommandsOnlyRun() throws {
        let scratch = try scratch()
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--", "--version"], in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 0)
        #expect(result.stdout == "evalscope --version\nevalscope done\n")
        #expect(result.stderr == "evalscope progress on stderr\n")
    }

    // MARK: Failure

    @Test func evalScopeFailingWithoutResultsKeepsItsExitCode() throws {
        let scratch = try scratch(exitCode: 3)
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--", "perf", "--model", "m", "--url", "http://127.0.0.1:1/v1/completions"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 3)
        #expect(result.stdout == "evalscope perf --model m --url http://127.0.0.1:1/v1/completions\nevalscope done\n")
        #expect(result.stderr == "evalscope progress on stderr\ncaliper: evalscope exited with status 3\n")
        #expect(try CaliperProcess.tableCounts(scratch.database).values.allSatisfy { $0 == 0 })
    }

    /// A sweep that fails half-way leaves its finished points: they are stored, and the exit code is still EvalScope's.
    @Test func evalScopeFailingAfterWritingStillStores() throws {
        let scratch = try scratch(copies: [Self.perfFixture], exitCode: 3)
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--no-probe", "--", "perf", "--model", "gpt-oss-20b", "--outputs-dir", "runs"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 3)
        #expect(result.stdout.hasSuffix("stored run 1: perf gpt-oss-20b, 1 point, 10 request rows from runs/20261124_185544/gpt-oss-20b\n"))
        #expect(result.stderr.hasSuffix("caliper: evalscope exited with status 3\n"))
        #expect(try CaliperProcess.tableCounts(scratch.database)["runs"] == 1)
    }

    /// Ended by a signal: exit 128 + signal, as a shell reports it.
    @Test func evalScopeEndedBySignal() throws {
        let scratch = try scratch(before: "kill -TERM $$")
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--no-probe", "--", "perf", "--model", "m"], in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 143)
        #expect(result.stderr.hasSuffix("caliper: evalscope was ended by signal 15\n"))
    }

    /// SIGTERM to Caliper alone (a CI runner cancelling the job) is passed on: EvalScope stops as it
    /// would on its own SIGTERM, and Caliper reports how it ended instead of dying first. The fake
    /// runs until the signal (10 min at most, a guard against a hang).
    @Test func sigtermIsPassedOnToEvalScope() throws {
        let scratch = try scratch(before: """
            trap 'echo "evalscope got TERM"; exit 143' TERM
            echo "evalscope waiting"
            i=0
            while [ $i -lt 6000 ]; do sleep 0.1; i=$((i+1)); done
            """)
        let (process, out, err) = try launch(["run", "evalscope", "--no-probe", "--", "perf", "--model", "m"], in: scratch)
        var seen = ""
        while !seen.contains("evalscope waiting\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGTERM)
        seen += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(seen.hasSuffix("evalscope got TERM\n"))
        #expect(process.terminationReason == .exit && process.terminationStatus == 143)
        #expect(errors.hasSuffix("caliper: evalscope exited with status 143\n"))
    }

    @Test func aResultThatCannotBeStoredExits2() throws {
        let scratch = try scratch(
            copies: [Self.perfFixture],
            corrupt: "20261124_185544/gpt-oss-20b/parallel_2_number_10/benchmark_summary.json")
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--no-probe", "--", "perf", "--model", "gpt-oss-20b", "--outputs-dir", "runs"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 2)
        #expect(!result.stdout.contains("stored run"))
        #expect(result.stderr.contains("runs/20261124_185544/gpt-oss-20b/parallel_2_number_10/benchmark_summary.json: not valid JSON"))
        #expect(try CaliperProcess.tableCounts(scratch.database)["runs"] == 0)
    }

    @Test func evalScopeThatWroteNothingExits2() throws {
        let scratch = try scratch()
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--no-probe", "--", "perf", "--model", "m", "--outputs-dir", "runs"],
            in: scratch.folder, environment: scratch.environment)
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("caliper: evalscope wrote no new result under runs\n"))
    }

    @Test func saysWhenEvalScopeIsNotInstalled() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let result = try CaliperProcess.run(
            ["run", "evalscope", "--", "perf", "--model", "m"], in: folder, environment: ["PATH": folder.path])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "caliper: evalscope is not installed (pip install 'evalscope[perf]')\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "caliper.db").path))

        let given = try CaliperProcess.run(["run", "evalscope", "--evalscope", "/nonexistent/evalscope", "--", "perf"], in: folder)
        #expect(given.status == 2)
        #expect(given.stderr == "caliper: /nonexistent/evalscope: not an executable file\n")
    }

    @Test func usageErrorsExit2() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let bare = try CaliperProcess.run(["run", "evalscope"], in: folder)
        #expect(bare.status == 2)
        #expect(bare.stderr.hasPrefix("caliper: give EvalScope's arguments after --"))
        let badLabel = try CaliperProcess.run(["run", "evalscope", "--label", "nokey", "--", "perf"], in: folder)
        #expect(badLabel.status == 2)
        #expect(badLabel.stderr == "caliper: label \"nokey\" is not key=value\n")
    }
}
