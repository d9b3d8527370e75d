import ArgumentParser
import CaliperAnalysis
import CaliperCore
import CaliperReports
import CaliperRunners
import CaliperStore
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load-test an OpenAI-compatible server and store the run, measured as evalscope perf measures.",
        discussion: """
            Sends streaming (or --no-stream) requests to /v1/completions or /v1/chat/completions at each \
            --parallel/--number pair (closed loop), or at --rate requests/s with Poisson arrivals, through \
            libcurl on one thread that timestamps every chunk as it arrives. TTFT, TPOT = (latency − TTFT) / \
            (output tokens − 1), pooled ITL, throughputs over wall time and the percentiles follow \
            evalscope perf 1.14, so a bench run and an EvalScope run of the same workload compare in the \
            store. Failed requests keep their error text.

            Example:
              caliper bench --url http://127.0.0.1:8801/v1/completions --model gpt-oss-20b \\
                  --parallel 1 10 50 100 --number 5 20 100 200 --prompt-length 1024 \\
                  --max-tokens 1024 --min-tokens 1024 --extra-args '{"ignore_eos": true}' --label branch=main

            Prompts: --dataset random (default): with --tokenizer-path, random token ids of the model's \
            tokenizer decoded to text, as EvalScope makes them; without it, words of about one token each. \
            The true prompt length is the server's usage.prompt_tokens, stored per request. Other \
            datasets: line_by_line or openqa (EvalScope's formats) or jsonl (a prompt or messages field) with \
            --dataset-path FILE.

            Environment: the server's GET /version (engine vllm and its version) and GET /v1/models (served \
            name, max_model_len, root checkpoint), nvidia-smi's GPUs when the server is on this machine \
            (else --hardware), the host, Caliper's version and the git commit of this folder are stored \
            with the run as engine, hardware and env.* labels; what cannot be probed is left unknown. What \
            you pass (--engine-version, --hardware, --label) always wins. --no-probe skips the probes.

            Validity: the run is judged by the gate policy's rules (--policy, else ./caliper.yaml, else \
            built-in): more failed requests at a level than max_failed_requests (1%), or none answered, \
            makes it invalid. It is still stored, marked invalid, so 'latest ...' selectors and history \
            baselines pass it over (unless given valid=any); each problem is printed, and the failed \
            requests are counted by error text (10 × Couldn't connect to server); the exit code is 1.

            Travel: --save DIR also writes the stored run as a bundle, DIR/run-<time>-<hash>.caliper.json, \
            for `caliper ingest` on another machine. The store is opened before any request is sent; if \
            it cannot be written when the run ends (locked past --busy-timeout, read-only, gone), the run \
            is saved as such a bundle (in DIR, else the current folder, else $TMPDIR) and its path printed.

            Example, in CI:
              caliper bench --url http://127.0.0.1:8000/v1/completions --model gpt-oss-20b --parallel 1 16 \\
                  --number 20 200 --label branch=main --save results/ --policy caliper.yaml

            Exit codes: 0 stored and valid; 1 stored but invalid; 2 bad options, an unreadable prompt file \
            or policy, or a store that cannot be opened or written (the run then saved as a bundle).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var annotation: AnnotationOptions

    @Option(help: ArgumentHelp("The endpoint: http://HOST:PORT/v1/completions or …/v1/chat/completions.", valueName: "url"))
    var url: String

    @Option(help: "The served model name sent in each request.")
    var model: String

    @Option(help: ArgumentHelp("Sent as 'Authorization: Bearer KEY'.", valueName: "key"))
    var apiKey: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Requests in flight, one level per value.", valueName: "n"))
    var parallel: [Int] = [1]

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Measured requests per level: one value per --parallel value, or one for all.", valueName: "n"))
    var number: [Int] = [10]

    @Option(help: ArgumentHelp("Open loop: Poisson arrivals at this many requests/s (--parallel caps in-flight).", valueName: "r"))
    var rate: Double?

    @Option(help: ArgumentHelp("Unmeasured requests before each level.", valueName: "n"))
    var warmup = 0

    @Option(help: "Prompts: random, line_by_line, openqa or jsonl.")
    var dataset = "random"

    @Option(help: ArgumentHelp("The prompt file of line_by_line, openqa or jsonl.", valueName: "file"))
    var datasetPath: String?

    @Option(help: ArgumentHelp(
        "The model's tokenizer (a tokenizer.json or its folder): random prompts are then random token ids of it, decoded.",
        valueName: "path"))
    var tokenizerPath: String?

    @Option(help: ArgumentHelp("random prompts of exactly this many tokens (sets the min and max).", valueName: "n"))
    var promptLength: Int?

    @Option(help: ArgumentHelp("random prompts' shortest length in tokens.", valueName: "n"))
    var minPromptLength = 128

    @Option(help: ArgumentHelp("random prompts' longest length in tokens.", valueName: "n"))
    var maxPromptLength = 128

    @Option(help: ArgumentHelp("max_tokens of each request.", valueName: "n"))
    var maxTokens: Int?

    @Option(help: ArgumentHelp("min_tokens of each request (vLLM), e.g. equal to --max-tokens for fixed-length answers.", valueName: "n"))
    var minTokens: Int?

    @Option(help: "Sampling temperature.")
    var temperature: Double = 0

    @Option(help: ArgumentHelp(#"A JSON object merged into every request body, e.g. '{"ignore_eos": true}'."#, valueName: "json"))
    var extraArgs: String?

    @Flag(inversion: .prefixedNo, help: "Stream responses (SSE).")
    var stream = true

    @Option(help: ArgumentHelp("Seconds before a request counts as failed.", valueName: "seconds"))
    var timeout: Double = 600

    @Option(help: "Seed of random prompts and Poisson arrivals.")
    var seed: UInt64 = 0

    @Flag(help: "Do not ask the server, nvidia-smi or git about the environment.")
    var noProbe = false

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    @Option(name: .customLong("policy"), help: ArgumentHelp(
        "The gate policy whose validity rules judge the run (default: ./caliper.yaml, else built-in).", valueName: "file"))
    var policyFile: String?

    @Option(help: ArgumentHelp(
        "Also write the run as a bundle file in this folder, created if missing (for caliper ingest elsewhere).",
        valueName: "dir"))
    var save: String?

    func run() async throws {
        let plan = try makePlan()
        let given = try annotation.annotations()
        let policy = try PolicyFile.load(policyFile)
        if let save {
            // Created now, as `-o` creates a report's folder, so a bad path fails before the load.
            do {
                try FileManager.default.createDirectory(atPath: save, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure(message: "--save \(save): cannot create the folder: \(error.localizedDescription)")
            }
        }
        // Opened (created, migrated) before the load: a store that cannot be used fails now, not after the run.
        let store = try store.openForWriting()
        // Before the load, so that probing adds nothing to what is measured.
        let prober = EnvironmentProber(caliperVersion: CaliperVersion.current)
        let environment = noProbe
            ? prober.unprobed()
            : await prober.probe(server: ProbeTarget(benchmarkURL: url, apiKey: apiKey, model: model), gpus: given.hardware == nil)
        for note in environment.notes { Console.error("not recorded: \(note)") }
        let annotations = environment.annotations(over: given)
        let client: StreamingHTTPClient
        do { client = try StreamingHTTPClient() } catch { throw CommandFailure(message: "\(error)") }
        let display = ProgressDisplay(enabled: isatty(STDERR_FILENO) == 1, total: plan.levels.count)
        let started = Date()
        let points = await Bench.run(plan, client: client) { display.show($0) }
        display.finish()
        client.shutdown()

        var run = plan.run(points: points, at: started, version: CaliperVersion.current)
        annotations.apply(to: &run)
        let invalid = RunValidity.invalidReason(of: run, policy: policy)
        let outcome: IngestOutcome
        do {
            outcome = try store.ingest(run, invalidReason: invalid)
        } catch let error as InvalidRunError {
            throw CommandFailure(message: "\(store.location): \(error)")
        } catch {
            // The measurement is not thrown away: it goes to a bundle that `caliper ingest` stores later.
            let path = try saveUnstored(RunBundle.Entry(run: run, invalidReason: invalid))
            reportProblems(of: nil, invalid: invalid)
            for line in RunListing.errorLines(run.requestErrors) { Console.error("failed requests: \(line)") }
            throw CommandFailure(message: "\(error); the run is saved in \(path): store it with 'caliper ingest \(path)'")
        }
        let id = outcome.runID
        guard let stored = try store.run(id: id, detail: .full) else {
            throw CommandFailure(message: "run \(id) vanished from \(store.location)")
        }
        let rows = try store.requestRowCounts(runID: id)
        switch format {
        case .table:
            Console.print(RunListing.text(
                id: id, ingestedAt: stored.ingestedAt, run: stored.run, requestRows: rows, sampleCount: 0,
                invalidReason: stored.invalidReason, requestErrors: stored.run.requestErrors))
            Console.print("stored run \(id) in \(store.location)\n")
        case .json:
            Console.print(try RunDocument.json(RunDocument(
                id: id, ingestedAt: stored.ingestedAt, run: stored.run, requestRows: rows,
                invalidReason: stored.invalidReason, requestErrors: stored.run.requestErrors)))
        }
        if let save {
            // As stored, so that this file and `caliper export` of the run are the same bundle.
            let path = try BundleFile.save(
                RunBundle.Entry(run: stored.run, ingestedAt: stored.ingestedAt, invalidReason: stored.invalidReason), in: save)
            if format == .table { Console.print("saved \(path)\n") } else { Console.error("saved \(path)") }
        }
        reportProblems(of: id, invalid: stored.invalidReason)
        if stored.invalidReason != nil { throw ExitCode(1) }
    }

    /// One line on stderr per validity problem.
    private func reportProblems(of id: Int64?, invalid: String?) {
        for problem in RunListing.problemLines(invalid) {
            Console.error("invalid run\(id.map { " \($0)" } ?? ""): \(problem)")
        }
    }

    /// Writes a run the store would not take to --save DIR, else the current folder, else $TMPDIR.
    private func saveUnstored(_ entry: RunBundle.Entry) throws -> String {
        let folders = save.map { [$0] } ?? [".", NSTemporaryDirectory()]
        var failure: (any Error)?
        for folder in folders {
            do { return try BundleFile.save(entry, in: folder) } catch { failure = error }
        }
        throw failure ?? CommandFailure(message: "nowhere to save the run")
    }

    /// Every numeric option within a range the load generator can honour: no NaN, infinity or
    /// overflow reaches it (curl's timeout in ms, sleeps as `Duration`, request counts summed).
    func validate() throws {
        guard !parallel.isEmpty else { throw ValidationError("--parallel needs values of at least 1") }
        try Self.require("--parallel", parallel, in: 1...Self.maxParallel)
        try Self.require("--number", number, in: 1...Self.maxRequests)
        guard number.count == parallel.count || number.count == 1 else {
            throw ValidationError("--number needs one value per --parallel value (\(parallel.count)) or one for all, each at least 1")
        }
        try Self.require("--warmup", [warmup], in: 0...Self.maxRequests)
        try Self.require("--prompt-length", promptLength.map { [$0] } ?? [], in: 1...Self.maxTokens)
        try Self.require("--min-prompt-length", [minPromptLength], in: 1...Self.maxTokens)
        try Self.require("--max-prompt-length", [maxPromptLength], in: 1...Self.maxTokens)
        try Self.require("--max-tokens", maxTokens.map { [$0] } ?? [], in: 1...Self.maxTokens)
        try Self.require("--min-tokens", minTokens.map { [$0] } ?? [], in: 0...Self.maxTokens)
        if let rate { try Self.require("--rate", rate, in: 0.001...1_000_000, unit: " requests/s") }
        try Self.require("--timeout", timeout, in: 0.001...86_400, unit: " s")
        try Self.require("--temperature", temperature, in: 0...100, unit: "")
    }

    static let maxParallel = 100_000
    static let maxRequests = 10_000_000
    static let maxTokens = 1_048_576

    private static func require(_ name: String, _ values: [Int], in range: ClosedRange<Int>) throws {
        if let bad = values.first(where: { !range.contains($0) }) {
            throw ValidationError("\(name) \(bad): must be \(range.lowerBound)…\(range.upperBound)")
        }
    }

    /// NaN fails `contains` too.
    private static func require(_ name: String, _ value: Double, in range: ClosedRange<Double>, unit: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(name) \(value): must be \(Formatting.number(range.lowerBound))…\(Formatting.number(range.upperBound))\(unit)")
        }
    }

    private func makePlan() throws -> BenchPlan {
        let counts = number.count == 1 ? Array(repeating: number[0], count: parallel.count) : number
        let levels = zip(parallel, counts).map { LoadLevel(parallel: $0, requests: $1, rate: rate) }
        var extra: [String: JSONValue] = [:]
        if let extraArgs {
            guard let object = (try? JSONValue.parse(Data(extraArgs.utf8)))?.objectValue else {
                throw CommandFailure(message: "--extra-args: not a JSON object: \(extraArgs)")
            }
            extra = object
        }
        let prompts: PromptSource
        do {
            prompts = try PromptSource.load(
                dataset: dataset, path: datasetPath, minLength: promptLength ?? minPromptLength,
                maxLength: promptLength ?? maxPromptLength, seed: seed, tokenizerPath: tokenizerPath)
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        return BenchPlan(
            url: url, model: model, levels: levels, warmup: warmup,
            body: RequestBody(
                endpoint: RequestBody.Endpoint(url: url), model: model, maxTokens: maxTokens, minTokens: minTokens,
                temperature: temperature, stream: stream, extraArguments: extra),
            prompts: prompts, headers: apiKey.map { ["Authorization: Bearer \($0)"] } ?? [], timeout: timeout, seed: seed)
    }
}

/// `c=10 (2/4): 57/100 requests, 12.3 req/s` on stderr, rewritten in place, only on a terminal.
private final class ProgressDisplay: Sendable {
    let enabled: Bool
    let total: Int

    init(enabled: Bool, total: Int) {
        self.enabled = enabled
        self.total = total
    }

    func show(_ progress: Bench.Progress) {
        guard enabled else { return }
        let level = progress.level.rate.map { "rate=\(Formatting.number($0))/s" } ?? "c=\(progress.level.parallel)"
        let line = "\(level) (\(progress.levelIndex + 1)/\(total)): \(progress.done)/\(progress.level.requests) requests, "
            + String(format: "%.1f req/s", progress.rate)
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
