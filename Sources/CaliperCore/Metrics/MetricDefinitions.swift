/// How a source tool defines the figures Caliper stores, where tools disagree.
///
/// Importers store each figure under Caliper's name only when the tool measures the same thing
/// (GuideLLM's `inter_token_latency_ms` and genai-perf's `inter_token_latency` are Caliper's
/// `tpot`; GuideLLM's `time_per_output_token_ms`, which includes the first token, is not stored as
/// `tpot`). What still differs between tools (how percentiles are estimated, which window a
/// throughput is over, who counted the tokens) is written here, once, so that a comparison of runs
/// from two tools can say which definitions differ instead of reporting a delta that measures the
/// tools.
///
/// ```swift
/// MetricDefinitions.differences(baseline: "evalscope", candidate: "vllm-bench", kind: .perf).map(\.aspect)
/// // [.ttft, .tokens, .percentiles]
/// ```
public enum MetricDefinitions {
    /// One aspect of measurement on which tools can disagree.
    public enum Aspect: String, CaseIterable, Sendable, Codable {
        case ttft, tpot, itl, throughput, tokens, percentiles
        /// Eval scores: the harness's prompts, answer extraction and scoring.
        case scoring
    }

    /// Caliper's own definitions, which `caliper bench` measures and EvalScope's files carry.
    public static let caliper: [Aspect: String] = [
        .ttft: "client-side, to the first chunk carrying output (reasoning counts)",
        .tpot: "(latency − TTFT) / (output tokens − 1) per request, averaged over requests",
        .itl: "every gap between output chunks of every request, pooled",
        .throughput: "tokens (or requests) of successful requests over the level's wall time",
        .tokens: "the server's usage counts, else the client's tokenizer",
        .percentiles: "nearest rank over requests",
    ]

    /// The tool's definition of each aspect; a tool Caliper does not know has Caliper's.
    public static func definitions(tool: String) -> [Aspect: String] {
        var definitions = caliper
        for (aspect, text) in known[tool.lowercased()] ?? [:] { definitions[aspect] = text }
        return definitions
    }

    /// The aspects two tools define differently, in ``Aspect`` order; empty for one tool.
    public static func differences(baseline: String, candidate: String, kind: RunKind) -> [Difference] {
        guard baseline.lowercased() != candidate.lowercased() else { return [] }
        if kind == .eval {
            return [Difference(
                aspect: .scoring, baseline: "\(baseline)'s prompts, answer extraction and scoring",
                candidate: "\(candidate)'s prompts, answer extraction and scoring")]
        }
        let a = definitions(tool: baseline)
        let b = definitions(tool: candidate)
        return Aspect.allCases.compactMap { aspect in
            guard let left = a[aspect], let right = b[aspect], left != right else { return nil }
            return Difference(aspect: aspect, baseline: left, candidate: right)
        }
    }

    /// One aspect two tools define differently.
    public struct Difference: Sendable, Equatable, Codable, CustomStringConvertible {
        public var aspect: Aspect
        public var baseline: String
        public var candidate: String

        public init(aspect: Aspect, baseline: String, candidate: String) {
            self.aspect = aspect
            self.baseline = baseline
            self.candidate = candidate
        }

        /// `percentiles: nearest rank over requests → linear interpolation between ranks (numpy)`.
        public var description: String { "\(aspect.rawValue): \(baseline) → \(candidate)" }
    }

    static let numpyPercentiles = "linear interpolation between ranks (numpy)"

    /// Where each tool differs from ``caliper``, read from the tool's source.
    static let known: [String: [Aspect: String]] = [
        "evalscope": [:],
        "caliper": [:],
        "vllm-bench": [
            .ttft: "client-side, to the first streamed chunk with choices, text or not",
            .tokens: "output: the server's usage counts, else the client's tokenizer; input: the dataset's prompt "
                + "length, the server's usage from 0.20",
            .percentiles: numpyPercentiles,
        ],
        "sglang-bench": [
            .ttft: "client-side, to the first chunk with content (reasoning counted from 0.5)",
            .tokens: "input: the dataset's prompt lengths of successful requests; output: the server's usage counts, "
                + "else the requested length",
            .percentiles: numpyPercentiles,
        ],
        "genai-perf": [
            .itl: "not measured (its inter_token_latency is TPOT)",
            .throughput: "over the measured window, first request sent to last response",
            .tokens: "the client's tokenizer on the prompt and the streamed text",
            .percentiles: numpyPercentiles,
        ],
        "aiperf": [
            .throughput: "over the measured window, first request sent to last response",
            .tokens: "the client's tokenizer, unless --use-server-token-count",
            .percentiles: numpyPercentiles,
        ],
        "guidellm": [
            .tpot: "(last token − first token) / (output tokens − 1) per request, weighted by output tokens − 1",
            .itl: "not measured per chunk (its inter_token_latency is TPOT)",
            .throughput: "over the level's duration; from 0.5 counting tokens of requests still in flight",
            .percentiles: "weighted inverse CDF (first value reaching the rank, no interpolation)",
        ],
        "inference-perf": [
            .ttft: "client-side, to the first chunk with content text (reasoning does not count)",
            .tpot: "(last − first output token time) / (output tokens − 1) per request, averaged",
            .itl: "every gap between output tokens, pooled; tokens of one chunk share its arrival time",
            .throughput: "over the stage, first request start to last request end",
            .tokens: "input: the server's usage, else the client's tokenizer; output: the client's tokenizer "
                + "unless use_server_output_tokens",
            .percentiles: numpyPercentiles,
        ],
        "llm-d-report": [
            .percentiles: "as the load generator wrote them",
        ],
    ]
}
