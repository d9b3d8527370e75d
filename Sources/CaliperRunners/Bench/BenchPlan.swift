import CaliperCore
import Foundation

/// Everything `caliper bench` does, decided before the first request: where, what, and the sweep.
///
/// ```swift
/// let plan = BenchPlan(
///     url: "http://127.0.0.1:8801/v1/completions", model: "gpt-oss-20b",
///     levels: [LoadLevel(parallel: 1, requests: 5), LoadLevel(parallel: 10, requests: 20)],
///     body: RequestBody(endpoint: .completions, model: "gpt-oss-20b", maxTokens: 1024, minTokens: 1024),
///     prompts: try PromptSource.load(dataset: "random", minLength: 1024, maxLength: 1024))
/// ```
public struct BenchPlan: Sendable {
    public var url: String
    public var model: String
    public var levels: [LoadLevel]
    /// Requests sent before each level's measured ones, at its concurrency, and not measured.
    public var warmup: Int
    public var body: RequestBody
    public var prompts: PromptSource
    /// Extra header lines, such as `Authorization: Bearer …`.
    public var headers: [String]
    /// Seconds a request may take before it counts as failed.
    public var timeout: Double?
    public var seed: UInt64

    public init(
        url: String, model: String, levels: [LoadLevel], warmup: Int = 0, body: RequestBody, prompts: PromptSource,
        headers: [String] = [], timeout: Double? = nil, seed: UInt64 = 0
    ) {
        self.url = url
        self.model = model
        self.levels = levels
        self.warmup = warmup
        self.body = body
        self.prompts = prompts
        self.headers = headers
        self.timeout = timeout
        self.seed = seed
    }

    /// The stored run for the measured points: keyed like an imported `evalscope perf` run (API
    /// `openai`, endpoint, dataset, prompt and output lengths, the request's generation settings),
    /// with Caliper as the source. `format` names the metric definitions followed, EvalScope
    /// 1.14's (its perf layout generation G), so the two kinds of run compare in the store. The run
    /// time is `date` with the offset of `zone`, this host's: the clock that measured the run.
    public func run(points: [PerfPoint], at date: Date, zone: TimeZone = .current, version: String) -> Run {
        let random = prompts.kind == .random
        var description = "caliper bench \(url) \(model) \(body.generationConfig.canonicalJSON) \(prompts.datasetName)"
        for point in points {
            for record in point.records {
                description += "|\(record.sequence),\(record.success),\(record.latency ?? -1),\(record.ttft ?? -1),\(record.outputTokens ?? -1)"
            }
        }
        return Run(
            kind: .perf, model: ModelIdentity(name: model, tokenizer: prompts.tokenizer?.path),
            generationConfig: body.generationConfig,
            // File prompts are not filtered by length; EvalScope 1.14 records its defaults (0 to
            // 131,072 tokens, no prefix), which filter nothing either, so the same is stored here.
            workload: Workload(
                api: "openai", endpoint: Workload.endpointPath(of: url), url: url, dataset: prompts.datasetName,
                datasetPath: prompts.path, minPromptLength: random ? prompts.minLength : 0,
                maxPromptLength: random ? prompts.maxLength : 131_072, prefixLength: 0, outputLength: body.maxTokens),
            // EvalScope's `random` prompts are exact token counts from the model's tokenizer; these
            // are words, so the run says so.
            labels: ["bench.prompts": prompts.summary],
            source: SourceInfo(tool: "caliper", version: version, format: "perf-G"),
            runAt: RunTime(date: date, zone: zone, origin: .source),
            // The measurements themselves make each bench run unique (and a re-ingest a no-op).
            contentHash: SHA256.hex(description),
            points: points)
    }
}
