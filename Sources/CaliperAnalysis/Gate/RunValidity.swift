import CaliperCore
import Foundation

/// Whether a run measured what it claims: a perf point where many requests failed, or where the
/// server ignored a fixed output length, gives throughput and latency figures for a different
/// workload, and a delta against it would be bogus.
///
/// ```swift
/// RunValidity.problems(of: failingRun, side: .candidate, policy: .standard)
/// // [c=2: 3 of 10 requests failed (30.0%, limit 1%)]
/// ```
public enum RunValidity {
    public static func problems(of run: Run, side: ValidityProblem.Side, policy: GatePolicy) -> [ValidityProblem] {
        guard run.kind == .perf else { return [] }
        let requested = fixedOutputLength(run)
        var problems: [ValidityProblem] = []
        for point in run.points {
            let subject = LoadLevel(point).description
            if let (failed, total) = failures(point), total > 0 {
                let rate = Double(failed) / Double(total)
                if failed == total {
                    // Whatever the policy allows: a point where nothing was answered measured nothing.
                    problems.append(ValidityProblem(side: side, subject: subject, reason: "all \(total) requests failed"))
                } else if rate > policy.maxFailedRequestRate {
                    problems.append(ValidityProblem(side: side, subject: subject, reason: String(
                        format: "%d of %d requests failed (%.1f%%, limit %g%%)",
                        failed, total, rate * 100, policy.maxFailedRequestRate * 100)))
                }
            }
            if let requested, let mean = meanOutputTokens(point), requested > 0 {
                let off = mean / Double(requested) - 1
                if abs(off) > policy.outputLengthTolerance {
                    problems.append(ValidityProblem(side: side, subject: subject, reason: String(
                        format: "mean output %.1f tokens, %.0f%% off the fixed length %d (tolerance %g%%)",
                        mean, off * 100, requested, policy.outputLengthTolerance * 100)))
                }
            }
        }
        return problems
    }

    /// The problems of `run` in one line (`c=1 all 10 requests failed; c=4 …`), as the store keeps
    /// it with the run; nil when the run is valid.
    public static func invalidReason(of run: Run, policy: GatePolicy) -> String? {
        let found = problems(of: run, side: .candidate, policy: policy)
        guard !found.isEmpty else { return nil }
        return found.map { [$0.subject, $0.reason].compactMap { $0 }.joined(separator: " ") }.joined(separator: "; ")
    }

    /// The output length every request should have produced: `max_tokens` when `ignore_eos` is set
    /// or `min_tokens` equals it; nil when outputs may end early.
    static func fixedOutputLength(_ run: Run) -> Int? {
        let config = run.generationConfig
        guard let maxTokens = run.workload.outputLength ?? config.maxTokens else { return nil }
        if config.ignoreEOS == true { return maxTokens }
        if let minTokens = config.minTokens, minTokens >= maxTokens { return maxTokens }
        return nil
    }

    /// Failed and total requests of a point, from its rows or else its aggregates.
    static func failures(_ point: PerfPoint) -> (failed: Int, total: Int)? {
        if !point.records.isEmpty {
            return (point.records.reduce(0) { $0 + ($1.success ? 0 : 1) }, point.records.count)
        }
        // Stored values are validated counts and fractions; Int(exactly:) still never traps on one that is not.
        if let failed = point.metrics[.failedRequests, .value] {
            return Int(exactly: failed.rounded()).map { ($0, point.requests) }
        }
        if let rate = point.metrics[.successRate, .value] {
            return Int(exactly: ((1 - rate) * Double(point.requests)).rounded()).map { ($0, point.requests) }
        }
        return nil
    }

    static func meanOutputTokens(_ point: PerfPoint) -> Double? {
        // Summed as Double: a token count read from a file cannot overflow it.
        var total = 0.0, count = 0
        for record in point.records where record.success {
            if let tokens = record.outputTokens {
                total += Double(tokens)
                count += 1
            }
        }
        if count > 0 { return total / Double(count) }
        return point.metrics[.outputTokens, .mean]
    }
}
