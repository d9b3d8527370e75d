import CaliperCore

/// The seven `benchmark_summary.json` layouts `evalscope perf` has written (0.8 … 1.14), oldest
/// first. EvalScope records no version in perf output, so the layout is what tells them apart.
enum EvalScopePerfGeneration: String, CaseIterable, Sendable {
    case a = "A", b = "B", c = "C", d = "D", e = "E", f = "F", g = "G"

    /// `perf-A` … `perf-G`, stored as the run's source format.
    var format: String { "perf-\(rawValue)" }

    /// The generation whose marker keys the summary has; nil for an unknown layout.
    static func detect(summaryKeys keys: Set<String>) -> EvalScopePerfGeneration? {
        if keys.contains("Throughput(average tokens/s)") { return .a }
        if keys.contains("Expected number of requests"), keys.contains("Output token throughput (tok/s)") { return .b }
        if keys.contains("Average package latency (s)") { return .c }
        // E before D: embedding/rerank runs of E lack the ITL key.
        if keys.contains("Request rate (req/s)") { return .e }
        if keys.contains("Average inter-token latency (s)") { return .d }
        if keys.contains("Avg TTFT (ms)") || keys.contains("Stream Requests") { return .g }
        if keys.contains("Test Duration (s)") { return .f }
        return nil
    }

    /// Which EvalScope versions wrote this layout, narrowed by what else the files show.
    func versionRange(_ evidence: EvalScopePerfEvidence) -> String {
        switch self {
        case .a: return "0.8..0.14"
        case .b: return "0.15..0.15"
        case .c: return "0.16.0..0.17.0"
        case .d:
            if evidence.databaseColumns.contains("chunk_times") { return "0.17.1..1.1.0" }
            if evidence.databaseColumns.contains("inter_token_latencies") { return "1.1.1..1.4.0" }
            return "0.17.1..1.4.0"
        case .e:
            return evidence.hasHTMLReport ? "1.5..1.6" : "1.4.1..1.6"
        case .f:
            if evidence.databaseColumns.contains("request_id") { return "1.9.1..1.9" }
            guard let labels = evidence.percentileLabels else { return "1.7..1.9" }
            return labels.last == "max" ? "1.8..1.9" : "1.7..1.7"
        case .g:
            return evidence.summaryKeys.contains("Avg Steady ITL (ms)") ? "1.12..1.14" : "1.10..1.14"
        }
    }

    /// The summary's key names in this generation.
    var keys: EvalScopePerfSummaryKeys {
        switch self {
        case .a, .b, .c, .d, .e: .seconds(self)
        case .f, .g: .milliseconds(self)
        }
    }
}

/// What the files of a run show beyond the summary layout, to narrow the version range.
struct EvalScopePerfEvidence: Sendable {
    var summaryKeys: Set<String> = []
    /// Columns of the first point's `result` table; empty without a database.
    var databaseColumns: Set<String> = []
    /// Row labels of the first percentile file found; nil when there is none.
    var percentileLabels: [String]?
    /// `perf_report.html` beside the point folders (1.5.0+).
    var hasHTMLReport = false
}

/// Key names of one summary layout, and which canonical metric each number is.
///
/// | canonical | A (≤0.14) | B/C (0.15–0.17.0) | D/E (0.17.1–1.6) | F (1.7–1.9) | G (1.10+) |
/// |---|---|---|---|---|---|
/// | request_throughput | Average QPS | Request throughput (req/s) | same | Req Throughput (req/s) | same |
/// | output_throughput | Throughput(average tokens/s) | Output token throughput (tok/s) | same | Output Throughput (tok/s) | same |
/// | total_throughput | – | Total token throughput (tok/s) | same | Total Throughput (tok/s) | same |
/// | latency mean (s) | Average latency (s) | same | same | Avg Latency (s) | same |
/// | ttft mean | Average time to first token (s) | same | same | TTFT (ms) | Avg TTFT (ms) |
/// | tpot mean | Average time per output token (s) | same | same | TPOT (ms) | Avg TPOT (ms) |
/// | itl mean | Average package latency (s) | same | Average inter-token latency (s) | ITL (ms) | Avg ITL (ms) |
/// | input/output tokens mean | Average input/output tokens per request | same | same | Avg Input/Output Tokens | same |
///
/// "Package latency" (Σ chunk time / Σ chunks) is the mean gap between stream chunks, i.e. ITL.
struct EvalScopePerfSummaryKeys: Sendable {
    /// One number of the summary and where it goes.
    struct MetricKey: Sendable {
        var key: String
        var metric: Metric
        var statistic: Statistic
        var unit: SourceUnit
    }

    var duration: String
    var concurrency: String
    /// The requested rate (E, F, G only).
    var rate: String?
    var total: String
    var success: String
    var failed: String
    var metrics: [MetricKey]

    /// Generations A–E: human-readable keys, times in seconds.
    static func seconds(_ generation: EvalScopePerfGeneration) -> EvalScopePerfSummaryKeys {
        var metrics: [MetricKey] = [
            MetricKey(key: "Average latency (s)", metric: .latency, statistic: .mean, unit: .seconds),
            MetricKey(key: "Average time to first token (s)", metric: .ttft, statistic: .mean, unit: .seconds),
            MetricKey(key: "Average time per output token (s)", metric: .tpot, statistic: .mean, unit: .seconds),
            MetricKey(key: "Average input tokens per request", metric: .inputTokens, statistic: .mean, unit: .tokens),
            MetricKey(key: "Average output tokens per request", metric: .outputTokens, statistic: .mean, unit: .tokens),
        ]
        switch generation {
        case .a:
            metrics += [
                MetricKey(key: "Average QPS", metric: .requestThroughput, statistic: .value, unit: .requestsPerSecond),
                MetricKey(key: "Throughput(average tokens/s)", metric: .outputThroughput, statistic: .value, unit: .tokensPerSecond),
            ]
        default:
            metrics += [
                MetricKey(key: "Request throughput (req/s)", metric: .requestThroughput, statistic: .value, unit: .requestsPerSecond),
                MetricKey(key: "Output token throughput (tok/s)", metric: .outputThroughput, statistic: .value, unit: .tokensPerSecond),
                MetricKey(key: "Total token throughput (tok/s)", metric: .totalThroughput, statistic: .value, unit: .tokensPerSecond),
            ]
        }
        let itlKey = [.a, .b, .c].contains(generation) ? "Average package latency (s)" : "Average inter-token latency (s)"
        metrics.append(MetricKey(key: itlKey, metric: .itl, statistic: .mean, unit: .seconds))
        return EvalScopePerfSummaryKeys(
            duration: "Time taken for tests (s)", concurrency: "Number of concurrency",
            rate: generation == .e ? "Request rate (req/s)" : nil,
            total: "Total requests", success: "Succeed requests", failed: "Failed requests", metrics: metrics)
    }

    /// Generations F–G: short keys, TTFT/TPOT/ITL in milliseconds (`Avg ` prefix from G on).
    static func milliseconds(_ generation: EvalScopePerfGeneration) -> EvalScopePerfSummaryKeys {
        let avg = generation == .g ? "Avg " : ""
        return EvalScopePerfSummaryKeys(
            duration: "Test Duration (s)", concurrency: "Concurrency", rate: "Request Rate (req/s)",
            total: "Total Requests", success: "Success Requests", failed: "Failed Requests",
            metrics: [
                MetricKey(key: "Req Throughput (req/s)", metric: .requestThroughput, statistic: .value, unit: .requestsPerSecond),
                MetricKey(key: "Output Throughput (tok/s)", metric: .outputThroughput, statistic: .value, unit: .tokensPerSecond),
                MetricKey(key: "Total Throughput (tok/s)", metric: .totalThroughput, statistic: .value, unit: .tokensPerSecond),
                MetricKey(key: "Avg Latency (s)", metric: .latency, statistic: .mean, unit: .seconds),
                MetricKey(key: "\(avg)TTFT (ms)", metric: .ttft, statistic: .mean, unit: .milliseconds),
                MetricKey(key: "\(avg)TPOT (ms)", metric: .tpot, statistic: .mean, unit: .milliseconds),
                MetricKey(key: "\(avg)ITL (ms)", metric: .itl, statistic: .mean, unit: .milliseconds),
                MetricKey(key: "Avg Input Tokens", metric: .inputTokens, statistic: .mean, unit: .tokens),
                MetricKey(key: "Avg Output Tokens", metric: .outputTokens, statistic: .mean, unit: .tokens),
            ])
    }

    /// The canonical metric of a `benchmark_percentile.json` column; nil for columns Caliper
    /// does not keep (per-request throughputs, PD-disaggregation figures).
    ///
    /// Generation A's `TPOT (s)` column is the pooled list of chunk gaps, so it is ITL; from B on
    /// `TPOT` is per request and `ITL` the pooled gaps.
    static func percentileColumn(_ column: String, generation: EvalScopePerfGeneration) -> (Metric, SourceUnit)? {
        switch column {
        case "Latency (s)": (.latency, .seconds)
        case "TTFT (s)": (.ttft, .seconds)
        case "TTFT (ms)": (.ttft, .milliseconds)
        case "TPOT (s)": generation == .a ? (.itl, .seconds) : (.tpot, .seconds)
        case "TPOT (ms)": (.tpot, .milliseconds)
        case "ITL (s)": (.itl, .seconds)
        case "ITL (ms)": (.itl, .milliseconds)
        case "Input tokens": (.inputTokens, .tokens)
        case "Output tokens": (.outputTokens, .tokens)
        default: nil
        }
    }
}
