import Foundation
import Testing

/// `Examples/ci/github-actions.yml` played with two runners: separate folders with their own stores,
/// as ephemeral CI machines have, the mock server as the model server. Runner A benchmarks main three
/// times and its bundles go to the gate job's team store; runner B benchmarks candidates. Times are
/// the mock's injected ones (100 ms to the first token, 20 ms between tokens), large against the
/// scheduling noise of a loaded machine, so the same-speed candidate passes and the slow one fails
/// on every run.
@Suite(.serialized) struct CIWorkflowEndToEndTests {
    let root: URL
    let artifacts: URL
    let gateJob: URL

    init() throws {
        root = try CaliperProcess.temporaryDirectory()
        artifacts = root.appending(path: "artifacts")
        gateJob = root.appending(path: "gate-job")
        for folder in [artifacts, gateJob] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    }

    /// The bench step on a fresh runner: its own folder and store, the bundle saved for upload.
    func bench(_ runner: String, url: String, branch: String, commit: String) throws -> CaliperProcess.Result {
        let folder = root.appending(path: runner)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try CaliperProcess.run([
            "bench", "--db", "runner.db", "--save", artifacts.appending(path: commit).path, "--no-probe",
            "--url", url + "/v1/completions", "--model", "gpt-oss-20b", "--parallel", "1", "4", "--number", "8", "16",
            "--prompt-length", "16", "--max-tokens", "32", "--min-tokens", "32", "--extra-args", #"{"ignore_eos": true}"#,
            "--hardware", "NVIDIA H100 80GB HBM3", "--gpus", "1", "--engine-version", "0.10.1",
            "--label", "branch=\(branch)", "--label", "commit=\(commit)",
        ], in: folder)
    }

    /// The gate job: the uploaded bundle into the team store, then the gate against main's history.
    func gate(commit: String, extra: [String] = []) throws -> CaliperProcess.Result {
        let ingested = try CaliperProcess.run(["ingest", "--db", "team.db", artifacts.appending(path: commit).path], in: gateJob)
        #expect(ingested.status == 0, "\(ingested.stderr)")
        return try CaliperProcess.run([
            "gate", "--db", "team.db",
            "--baseline", "history model=gpt-oss-20b label.branch=main last=20",
            "--candidate", "latest model=gpt-oss-20b label.commit=\(commit)",
            "--report", "step-summary-\(commit)", "--junit", "gate-\(commit).xml",
        ] + extra, in: gateJob)
    }

    func summary(_ commit: String) throws -> String {
        try String(contentsOf: gateJob.appending(path: "step-summary-\(commit)"), encoding: .utf8)
    }

    @Test func aTeamsFirstWeekOfPullRequests() throws {
        let (main, mainURL) = try BenchEndToEndTests().startMockServer(
            ["--ttft", "0.1", "--itl", "0.02", "--output-tokens", "32"])
        // 5 % more inter-token delay per other request in flight: +15 % at concurrency 4, none at 1.
        let (slow, slowURL) = try BenchEndToEndTests().startMockServer(
            ["--ttft", "0.1", "--itl", "0.02", "--output-tokens", "32", "--itl-slowdown", "0.05"])
        defer {
            for server in [main, slow] {
                server.terminate()
                server.waitUntilExit()
            }
        }

        // The first pull request, before main has any run: passed deliberately, and said so.
        #expect(try bench("runner-b0", url: mainURL, branch: "pr-1", commit: "pr1a").status == 0)
        let first = try gate(commit: "pr1a")
        #expect(first.status == 3, "\(first.stdout)\(first.stderr)")
        let firstPass = try gate(commit: "pr1a", extra: ["--if-no-baseline", "pass"])
        #expect(firstPass.status == 0, "\(firstPass.stdout)\(firstPass.stderr)")
        #expect(try summary("pr1a").contains("no baseline"))

        // Main, three times, each on a fresh runner A.
        for index in 1...3 {
            let result = try bench("runner-a\(index)", url: mainURL, branch: "main", commit: "main\(index)")
            #expect(result.status == 0, "\(result.stderr)")
            let ingested = try CaliperProcess.run(
                ["ingest", "--db", "team.db", artifacts.appending(path: "main\(index)").path], in: gateJob)
            #expect(ingested.status == 0, "\(ingested.stderr)")
        }

        // A candidate 15 % slower between tokens at concurrency 4 fails, naming that figure.
        #expect(try bench("runner-b1", url: slowURL, branch: "pr-2", commit: "pr2").status == 0)
        let slower = try gate(commit: "pr2")
        #expect(slower.status == 1, "\(slower.stdout)\(slower.stderr)")
        let slowSummary = try summary("pr2")
        #expect(slowSummary.contains("tpot"), "\(slowSummary)")
        #expect(slowSummary.contains("c=4"), "\(slowSummary)")
        #expect(try String(contentsOf: gateJob.appending(path: "gate-pr2.xml"), encoding: .utf8).contains("<failure"))

        // A candidate as fast as main passes.
        #expect(try bench("runner-b2", url: mainURL, branch: "pr-3", commit: "pr3").status == 0)
        let same = try gate(commit: "pr3")
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")

        // A candidate whose server is down fails at the bench step, with the error named.
        let down = try bench("runner-b3", url: "http://127.0.0.1:9", branch: "pr-4", commit: "pr4")
        #expect(down.status == 1)
        #expect((down.stdout + down.stderr).contains("Couldn't connect to server"), "\(down.stdout)\(down.stderr)")
    }
}
