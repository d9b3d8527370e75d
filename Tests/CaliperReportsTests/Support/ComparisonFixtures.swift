import CaliperAnalysis
import CaliperCore

/// Hand-built comparisons shaped like the ones `RunComparator` produces, so report tests do not
/// depend on the statistics.
enum ComparisonFixtures {
    /// A perf pair at c=1, 4, 8 with output_throughput, ttft.mean and ttft.p99 gated at each point:
    /// c=8 ttft.p99 regresses, c=8 ttft.mean is inconclusive, the rest is unchanged. The engine
    /// version differs (informative) and the candidate measured c=16 too.
    static func perf(model: String = "Qwen3-8B", labels: [String: String] = ["branch": "main", "commit": "3f2a9c1"]) -> RunComparison {
        let baselineRun = perfRun(model: model, engine: "0.10.1", labels: labels, levels: [1, 4, 8])
        let candidateRun = perfRun(model: model, engine: "0.11.0", labels: ["branch": "feature"], levels: [1, 4, 8, 16])
        var baseline = ComparedRun(id: 41, run: baselineRun)
        var candidate = ComparedRun(id: 42, run: candidateRun)
        baseline.requestCount = 1_200
        candidate.requestCount = 1_600
        let policy = GatePolicy.standard

        // (level, metric, statistic, baseline value, relative change, relative interval, p)
        var specs: [(Int, Metric, Statistic, Double, Double, (Double, Double), Double)] = []
        for level in [1, 4, 8] {
            let load = Double(level)
            specs.append((level, .outputThroughput, .value, 40 * load, -0.01, (-0.03, 0.01), 0.4))
            specs.append((level, .ttft, .mean, 0.05 + 0.01 * load, level == 8 ? 0.04 : 0.01, level == 8 ? (-0.03, 0.12) : (-0.02, 0.04), level == 8 ? 0.2 : 0.5))
            specs.append((level, .ttft, .p99, 0.1 + 0.02 * load, level == 8 ? 0.25 : 0.02, level == 8 ? (0.15, 0.35) : (-0.01, 0.05), level == 8 ? 0.0001 : 0.3))
        }
        let items = specs.map { level, metric, statistic, value, change, interval, p in
            let comparison = Comparison(
                statistic: statistic, baseline: value, candidate: value * (1 + change), baselineCount: 400,
                candidateCount: 400,
                absoluteInterval: ConfidenceInterval(lower: interval.0 * value, upper: interval.1 * value, level: 0.95),
                relativeInterval: ConfidenceInterval(lower: interval.0, upper: interval.1, level: 0.95),
                standardError: 0.02 * value, relativeStandardError: 0.02, pValue: p,
                intervalMethod: statistic == .p99 ? .orderStatistic : metric == .outputThroughput ? .ratioDeltaMethod : .welch,
                testMethod: statistic == .p99 ? .mannWhitney : metric == .outputThroughput ? .ratioDeltaMethod : .welch)
            let key = statistic == .value ? metric.rawValue : "\(metric.rawValue).\(statistic.rawValue)"
            let rule = policy.rule(for: .perf(metric, statistic))!
            return (level: level, metric: metric, key: key, comparison: comparison, threshold: rule.threshold)
        }
        let decisions = Decision.decide(items.map { ($0.comparison, $0.threshold) }, alpha: policy.alpha, adjustment: policy.correction)
        let metrics = zip(items, decisions).map { item, decision in
            MetricComparison(
                kind: .perf, subject: "c=\(item.level)", level: LoadLevel(concurrency: item.level, requestRate: nil),
                metric: item.metric.rawValue, statistic: item.comparison.statistic, direction: item.metric.direction,
                unit: item.metric.unit, comparison: item.comparison, decision: decision, policyKey: item.key)
        }
        return RunComparison(
            baseline: baseline, candidate: candidate,
            comparability: Comparability.check(baseline: baselineRun, candidate: candidateRun),
            policy: policy, metrics: metrics, onlyInCandidate: ["c=16"],
            notes: ["c=16 was measured by the candidate only."], status: .fail,
            reasons: ["1 regression (c=8 ttft.p99 +25.0%)", "1 inconclusive"])
    }

    /// An eval pair at reasoning_effort low → high (allowed): aime25 improves, general_mcq is
    /// unchanged, and output tokens per sample are shown but not gated.
    static func eval() -> RunComparison {
        let baselineRun = evalRun(effort: "low")
        let candidateRun = evalRun(effort: "high")
        var baseline = ComparedRun(id: 7, run: baselineRun)
        var candidate = ComparedRun(id: 8, run: candidateRun)
        baseline.sampleCount = 530
        candidate.sampleCount = 530
        let policy = GatePolicy.standard
        let threshold = policy.rule(for: .score(dataset: "aime25"))!.threshold
        let aime = Comparison(
            statistic: .value, baseline: 0.6, candidate: 0.7, baselineCount: 30, candidateCount: 30,
            absoluteInterval: ConfidenceInterval(lower: 0.02, upper: 0.18, level: 0.95),
            relativeInterval: ConfidenceInterval(lower: 0.03, upper: 0.30, level: 0.95), standardError: 0.04,
            pValue: 0.01, intervalMethod: .pairedBootstrap, testMethod: .exactMcNemar)
        let mcq = Comparison(
            statistic: .value, baseline: 0.8, candidate: 0.805, baselineCount: 500, candidateCount: 500,
            absoluteInterval: ConfidenceInterval(lower: -0.01, upper: 0.02, level: 0.95),
            relativeInterval: ConfidenceInterval(lower: -0.0125, upper: 0.025, level: 0.95), standardError: 0.0076,
            pValue: 0.6, intervalMethod: .pairedBootstrap, testMethod: .exactMcNemar)
        let decisions = Decision.decide([(aime, threshold), (mcq, threshold)], alpha: policy.alpha, adjustment: policy.correction)
        let tokens = Comparison(
            statistic: .mean, baseline: 1_200, candidate: 2_900, baselineCount: 530, candidateCount: 530,
            absoluteInterval: ConfidenceInterval(lower: 1_550, upper: 1_850, level: 0.95),
            relativeInterval: ConfidenceInterval(lower: 1.29, upper: 1.54, level: 0.95), pValue: 0.00001,
            intervalMethod: .welch, testMethod: .welch)
        return RunComparison(
            baseline: baseline, candidate: candidate,
            comparability: Comparability.check(baseline: baselineRun, candidate: candidateRun, allowing: ["reasoning_effort"]),
            policy: policy,
            metrics: [
                MetricComparison(
                    kind: .eval, subject: "aime25", metric: "accuracy", statistic: .value, direction: .higherIsBetter,
                    unit: .fraction, comparison: aime, decision: decisions[0], policyKey: "score"),
                MetricComparison(
                    kind: .eval, subject: "general_mcq", metric: "accuracy", statistic: .value,
                    direction: .higherIsBetter, unit: .fraction, comparison: mcq, decision: decisions[1],
                    policyKey: "score"),
                MetricComparison(
                    kind: .eval, subject: "(all)", metric: "output_tokens", statistic: .mean, direction: .neutral,
                    unit: .tokens, comparison: tokens),
            ],
            status: .pass, reasons: ["1 improvement (aime25 accuracy +10.0pp)", "1 unchanged"])
    }

    /// Different models and hardware, nothing allowed: no statistics.
    static func notComparable() -> RunComparison {
        let baselineRun = perfRun(model: "Qwen3-8B", engine: "0.10.1", labels: [:], levels: [1, 4])
        var candidateRun = perfRun(model: "Qwen3-14B", engine: "0.10.1", labels: [:], levels: [1, 4])
        candidateRun.hardware = Hardware(description: "NVIDIA A100 80GB", count: 2)
        let comparability = Comparability.check(baseline: baselineRun, candidate: candidateRun)
        return RunComparison(
            baseline: ComparedRun(id: 3, run: baselineRun), candidate: ComparedRun(id: 5, run: candidateRun),
            comparability: comparability, policy: .standard, status: .notComparable,
            reasons: comparability.violations.map { "\($0.field) differs" })
    }

    /// `count` gated perf rows over many points: every 100th a regression, every 250th inconclusive,
    /// the rest unchanged.
    static func large(rows count: Int) -> RunComparison {
        var comparison = perf()
        let template = comparison.metrics[0]
        comparison.metrics = (0..<count).map { index in
            var row = template
            row.subject = "c=\(index / 10 + 1)"
            row.level = LoadLevel(concurrency: index / 10 + 1, requestRate: nil)
            row.metric = Metric.allCases[index % 10].rawValue
            if index % 100 == 99 {
                row.decision?.verdict = .regression
            } else if index % 250 == 124 {
                row.decision?.verdict = .inconclusive
            } else {
                row.decision?.verdict = .unchanged
            }
            return row
        }
        return comparison
    }

    static func perfRun(model: String, engine: String, labels: [String: String], levels: [Int]) -> Run {
        Run(
            kind: .perf, model: ModelIdentity(name: model), engine: EngineIdentity(name: "vllm", version: engine),
            hardware: Hardware(description: "NVIDIA H20 96GB", count: 1),
            generationConfig: GenerationConfig(["max_tokens": .int(1024), "temperature": .double(0)]),
            workload: Workload(
                api: "openai", endpoint: "/v1/chat/completions", dataset: "random", minPromptLength: 1024,
                maxPromptLength: 1024, outputLength: 1024),
            labels: labels, source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "perf-G"),
            runAt: "2026-11-24T19:00:48", contentHash: "perf-\(model)-\(engine)",
            points: levels.map { PerfPoint(concurrency: $0, requests: 400) })
    }

    static func evalRun(effort: String) -> Run {
        Run(
            kind: .eval, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: "0.10.1"),
            hardware: Hardware(description: "H20-96GB*1"),
            generationConfig: GenerationConfig(["max_tokens": .int(32_768), "extra_body": .object(["reasoning_effort": .string(effort)])]),
            workload: Workload(api: "openai", endpoint: "/v1/chat/completions", dataset: "aime25,general_mcq"),
            labels: ["effort": effort], source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "eval-v2"),
            runAt: "2026-11-24T20:10:00", contentHash: "eval-\(effort)",
            scores: [
                EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "mean_acc", score: 0.6,
                          count: 30, isPrimary: true),
                EvalScore(dataset: "general_mcq", subset: nil, metric: "accuracy", sourceMetric: "mean_acc",
                          score: 0.8, count: 500, isPrimary: true),
            ])
    }
}
