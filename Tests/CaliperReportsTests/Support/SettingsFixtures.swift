import CaliperAnalysis
import CaliperCore

/// Settings comparisons built from synthetic eval runs through the real selection and analysis,
/// so report tests read figures a user would see.
enum SettingsFixtures {
    /// An eval run on aime25, 30 questions × 2 repeats: the first `correct` questions right every
    /// time, `tokens` output tokens and 0.5 s per answer.
    static func run(
        _ effort: String, correct: Int, tokens: Int, temperature: Double = 0.6, engineVersion: String = "0.10.1",
        labels: [String: String] = [:]
    ) -> Run {
        let samples = (0..<30).flatMap { q in
            (0..<2).map { r in
                EvalSample(
                    dataset: "aime25", subset: "default", sampleID: "\(q)_\(r)", questionID: "\(q)", repeatIndex: r,
                    metric: "accuracy", score: q < correct ? 1 : 0, outputTokens: tokens, latency: 0.5, ttft: 0.125)
            }
        }
        return Run(
            kind: .eval, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: engineVersion),
            generationConfig: GenerationConfig([
                "max_tokens": .int(4096), "temperature": .double(temperature), "reasoning_effort": .string(effort),
            ]),
            workload: Workload(endpoint: "/v1", dataset: "aime25", outputLength: 4096), labels: labels,
            source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "eval-v2"),
            runAt: "2026-11-24T19:00:00", contentHash: effort,
            scores: [EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "mean_acc",
                               score: Double(correct) / 30, count: 60, isPrimary: true)],
            samples: samples)
    }

    /// low, medium and high: medium spends more tokens than high for a lower score (dominated),
    /// high ran on a newer engine (informative), an older low run is not used and a high run at
    /// another temperature is excluded.
    static func effort() throws -> SettingsComparison {
        let runs: [(Int64, Run)] = [
            (6, run("high", correct: 22, tokens: 400, temperature: 1.0)),
            (5, run("medium", correct: 20, tokens: 250)),
            (4, run("high", correct: 21, tokens: 200, engineVersion: "0.11.0")),
            (3, run("low", correct: 15, tokens: 100)),
            (2, run("low", correct: 14, tokens: 100)),
        ]
        return SettingsComparison.compare(try SettingsSelection.select(
            runs.map { SettingsSelection.Candidate(id: $0.0, run: $0.1) }, field: .generation("reasoning_effort"),
            dataset: "aime25"))
    }

    /// Two runs told apart by a label whose value is markup: every report must show it as text.
    static func hostile() throws -> SettingsComparison {
        let hostile = #"<script>alert("x")</script>"#
        let runs: [(Int64, Run)] = [
            (2, run("low", correct: 18, tokens: 120, labels: ["quant": hostile])),
            (1, run("low", correct: 15, tokens: 100, labels: ["quant": "fp8"])),
        ]
        return SettingsComparison.compare(try SettingsSelection.select(
            runs.map { SettingsSelection.Candidate(id: $0.0, run: $0.1) }, field: .label("quant"), dataset: "aime25"))
    }
}
