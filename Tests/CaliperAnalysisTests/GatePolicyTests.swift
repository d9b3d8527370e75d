import CaliperAnalysis
import CaliperCore
import Testing

/// `caliper.yaml` as users write it, and what the gate makes of it.
struct GatePolicyTests {
    @Test func noFileMeansTheDocumentedDefaults() throws {
        let policy = try GatePolicy(yaml: "")
        #expect(policy == .standard)
        #expect(policy.alpha == 0.05)
        #expect(policy.correction == .holm)
        #expect(policy.inconclusive == .pass)
        #expect(policy.maxFailedRequestRate == 0.01)
        #expect(policy.rules.map(\.key) == [
            "output_throughput", "request_throughput", "ttft.mean", "ttft.p99", "tpot.mean", "tpot.p99",
            "itl.mean", "latency.p99", "success_rate", "score",
        ])
        #expect(policy.rule(for: .perf(.successRate, .value))?.threshold == .percentagePoints(0.5, direction: .higherIsBetter))
    }

    @Test func thresholdsMergeOverTheDefaults() throws {
        let policy = try GatePolicy(yaml: """
            alpha: 0.01
            correction: bh
            inconclusive: fail
            max_failed_requests: 2%
            thresholds:
              output_throughput.mean: -7%
              ttft.p99: +15%
              tpot.p99: off
              score.aime25: -5pp
              latency.p90: +250ms
            """)
        #expect(policy.alpha == 0.01)
        #expect(policy.correction == .benjaminiHochberg)
        #expect(policy.inconclusive == .fail)
        #expect(policy.maxFailedRequestRate == 0.02)
        // `.mean` of a throughput names the point's figure, like the bare name.
        #expect(policy.rule(for: .perf(.outputThroughput, .value))?.threshold == .relative(percent: 7, direction: .higherIsBetter))
        #expect(policy.rule(for: .perf(.ttft, .p99))?.threshold.magnitude == 0.15)
        #expect(policy.rule(for: .perf(.tpot, .p99)) == nil)
        #expect(policy.rule(for: .perf(.latency, .p90))?.threshold == .absolute(0.25, direction: .lowerIsBetter))
        // A dataset's own rule wins; other datasets fall back to `score`.
        #expect(policy.rule(for: .score(dataset: "aime25"))?.threshold.magnitude == 0.05)
        #expect(policy.rule(for: .score(dataset: "gsm8k"))?.key == "score")
    }

    @Test func theSignNeverDecidesTheDirection() throws {
        let plus = try GatePolicy(yaml: "thresholds:\n  output_throughput: +5%\n")
        let minus = try GatePolicy(yaml: "thresholds:\n  output_throughput: -5%\n")
        #expect(plus.rules == minus.rules)
        #expect(plus.rule(for: .perf(.outputThroughput, .value))?.threshold.direction == .higherIsBetter)
    }

    @Test func absoluteThresholdsCarryTheirUnit() throws {
        let policy = try GatePolicy(yaml: """
            thresholds:
              ttft.mean: +50ms
              ttft.p99: 0.2s
              tpot.mean: +800us
              output_throughput: -20tok/s
              request_throughput: -0.5 req/s
              success_rate: -1pp
            """)
        let threshold = { (target: GatePolicy.Target) in policy.rule(for: target)?.threshold }
        #expect(threshold(.perf(.ttft, .mean)) == .absolute(0.05, direction: .lowerIsBetter))
        #expect(threshold(.perf(.ttft, .p99)) == .absolute(0.2, direction: .lowerIsBetter))
        #expect(abs((threshold(.perf(.tpot, .mean))?.magnitude ?? 0) - 0.0008) < 1e-12)
        #expect(threshold(.perf(.outputThroughput, .value)) == .absolute(20, direction: .higherIsBetter))
        #expect(threshold(.perf(.requestThroughput, .value)) == .absolute(0.5, direction: .higherIsBetter))
        #expect(threshold(.perf(.successRate, .value)) == .percentagePoints(1, direction: .higherIsBetter))
    }

    @Test func inheritDefaultsFalseGatesOnlyWhatIsListed() throws {
        let policy = try GatePolicy(yaml: "inherit_defaults: false\nthresholds:\n  ttft.p99: 10%\n")
        #expect(policy.rules.map(\.key) == ["ttft.p99"])
    }

    @Test(arguments: [
        ("alpah: 0.05", "unknown key \"alpah\""),
        ("thresholds:\n  ttft.p999: 10%", "thresholds.ttft.p999: unknown statistic \"p999\""),
        ("thresholds:\n  tfft.p99: 10%", "thresholds.tfft.p99: unknown metric \"tfft\""),
        ("thresholds:\n  output_throughput.p99: 5%", "thresholds.output_throughput.p99: output_throughput is one figure per point"),
        ("thresholds:\n  ttft.p99: ten percent", "thresholds.ttft.p99: \"ten percent\" is not a threshold"),
        ("correction: bonferroni", "correction: \"bonferroni\" is not holm, bh or none"),
        ("alpha: 2", "alpha: \"2\" is not a number between 0 and 0.5"),
        ("max_failed_requests: lots", "max_failed_requests: \"lots\" is not a share"),
        ("- a\n- b", "the policy must be a mapping"),
        // A bare number has no unit: `ttft.mean: 20` would silently mean 20 seconds.
        ("thresholds:\n  ttft.mean: 20", "thresholds.ttft.mean: \"20\" has no unit: write it with one, e.g. +10%, -5% or an amount such as +50ms"),
        ("thresholds:\n  score.aime25: 0.02", "thresholds.score.aime25: \"0.02\" has no unit: write it with one, e.g. +10% or -2pp"),
        ("thresholds:\n  output_throughput: -5", "thresholds.output_throughput: \"-5\" has no unit"),
        ("thresholds:\n  ttft.mean: -2pp", "thresholds.ttft.mean: \"-2pp\" is not a threshold such as +10%, -5% or an amount such as +50ms"),
        ("thresholds: [", "not valid YAML"),
    ])
    func badPoliciesNameTheKey(yaml: String, message: String) {
        #expect {
            try GatePolicy(yaml: yaml)
        } throws: { error in
            String(describing: error).hasPrefix(message)
        }
    }
}
