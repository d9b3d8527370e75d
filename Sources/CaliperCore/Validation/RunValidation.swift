/// One number of a run outside its domain, or two numbers that contradict each other.
///
/// ```swift
/// RunViolation(location: "point 1 (c=2): ttft.p99", value: "-1.5", reason: "negative").description
/// // point 1 (c=2): ttft.p99 = -1.5: negative
/// ```
public struct RunViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the run: the point, request or sample, and the field.
    public var location: String
    public var value: String
    public var reason: String

    public init(location: String, value: String, reason: String) {
        self.location = location
        self.value = value
        self.reason = reason
    }

    public var description: String { "\(location) = \(value): \(reason)" }
}

/// A run the store refuses: where it came from and what is wrong with it.
public struct InvalidRunError: Error, Sendable, CustomStringConvertible {
    public var source: String?
    public var violations: [RunViolation]

    public var description: String {
        let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
        let first = violations.first.map(String.init(describing:)) ?? "invalid"
        return "\(source ?? "run"): \(first)\(more)"
    }
}

/// The whole-run check the store makes before writing anything: every number in its
/// ``ValueDomain``, counts that agree with each other, keys unique where the store needs them.
///
/// Importers check the same domains as they read (their errors name the file and key); this is
/// the net under every producer (importers, `caliper bench`, bundles), so no impossible number is
/// stored whoever made it.
///
/// ```swift
/// if let first = RunValidation.violations(of: run).first { throw first }
/// ```
public enum RunValidation {
    /// The violations of `run`, in run order; empty when it may be stored.
    public static func violations(of run: Run) -> [RunViolation] {
        var check = Checker()
        check.keys(run)
        for (position, point) in run.points.enumerated() {
            check.point(point, at: "point \(position + 1)\(point.loadLabel)")
        }
        check.scores(run.scores)
        check.samples(run.samples)
        return check.found
    }

    /// Throws when `run` has any violation: the first, and how many more.
    public static func check(_ run: Run) throws(InvalidRunError) {
        let found = violations(of: run)
        if !found.isEmpty { throw InvalidRunError(source: run.source.path, violations: found) }
    }

    private struct Checker {
        var found: [RunViolation] = []

        mutating func value(_ value: Double?, _ domain: ValueDomain, _ location: @autoclosure () -> String) {
            guard let value, let reason = domain.violation(value) else { return }
            found.append(RunViolation(location: location(), value: "\(value)", reason: reason))
        }

        mutating func value(_ value: Int?, _ domain: ValueDomain, _ location: @autoclosure () -> String) {
            guard let value, let reason = domain.violation(value) else { return }
            found.append(RunViolation(location: location(), value: "\(value)", reason: reason))
        }

        mutating func contradiction(_ location: String, _ value: String, _ reason: String) {
            found.append(RunViolation(location: location, value: value, reason: reason))
        }

        mutating func keys(_ run: Run) {
            value(run.hardware.count, .count, "hardware count")
            value(run.hardware.memoryGB, .rate, "hardware memory (GB)")
            let config = run.generationConfig
            value(config.temperature, .finite, "generation config temperature")
            value(config.topP, .finite, "generation config top_p")
            value(config.maxTokens, .tokenCount, "generation config max_tokens")
            value(config.minTokens, .tokenCount, "generation config min_tokens")
            let workload = run.workload
            value(workload.minPromptLength, .tokenCount, "workload min_prompt_length")
            value(workload.maxPromptLength, .tokenCount, "workload max_prompt_length")
            value(workload.prefixLength, .tokenCount, "workload prefix_length")
            value(workload.outputLength, .tokenCount, "workload output length")
        }

        mutating func point(_ point: PerfPoint, at location: String) {
            value(point.concurrency, .concurrency, "\(location): concurrency")
            value(point.requestRate, .arrivalRate, "\(location): request rate")
            value(point.requests, .count, "\(location): requests")
            value(point.durationSeconds, .positiveSeconds, "\(location): duration")
            for entry in point.metrics.entries {
                value(entry.value, entry.metric.domain(entry.statistic), "\(location): \(entry.metric.rawValue).\(entry.statistic.rawValue)")
            }
            let requests = Double(point.requests)
            if let counted = point.metrics[.requests, .value], counted != requests {
                contradiction("\(location): requests.value", "\(counted)", "the point has \(point.requests) requests")
            }
            if let failed = point.metrics[.failedRequests, .value], failed > requests {
                contradiction("\(location): failed_requests.value", "\(failed)", "more than the \(point.requests) requests")
            }
            if let failed = point.metrics[.failedRequests, .value], let rate = point.metrics[.successRate, .value],
               point.requests > 0, abs((requests - failed) / requests - rate) > 1e-6 {
                contradiction(
                    "\(location): success_rate.value", "\(rate)",
                    "\(ValueDomain.format(failed)) of \(point.requests) requests failed, a success rate of \((requests - failed) / requests)")
            }
            guard !point.records.isEmpty else { return }
            if point.records.count != point.requests {
                contradiction("\(location): request rows", "\(point.records.count)", "the point has \(point.requests) requests")
            }
            for (index, record) in point.records.enumerated() {
                request(record, at: "\(location), request \(index + 1)")
            }
        }

        mutating func request(_ record: RequestRecord, at location: String) {
            value(record.startOffset, .seconds, "\(location): start offset")
            value(record.latency, .seconds, "\(location): latency")
            value(record.ttft, .seconds, "\(location): ttft")
            value(record.tpot, .seconds, "\(location): tpot")
            value(record.itlMean, .seconds, "\(location): mean itl")
            value(record.itlCount, .tokenCount, "\(location): itl count")
            value(record.inputTokens, .tokenCount, "\(location): input tokens")
            value(record.outputTokens, .tokenCount, "\(location): output tokens")
        }

        mutating func scores(_ scores: [EvalScore]) {
            var seen: Set<String> = []
            var primaries: [String: Int] = [:]
            for score in scores {
                let location = "score \(score.dataset)\(score.subset.map { "/\($0)" } ?? "") \(score.metric)"
                value(score.score, EvalMetricName.domain(score.metric), location)
                value(score.count, .count, "\(location): num")
                if !seen.insert("\(score.dataset)\u{0}\(score.subset ?? "")\u{0}\(score.metric)").inserted {
                    contradiction(location, "\(score.score)", "given twice")
                }
                if score.isPrimary, score.subset == nil { primaries[score.dataset, default: 0] += 1 }
            }
            for (dataset, count) in primaries.sorted(by: { $0.key < $1.key }) where count > 1 {
                contradiction("dataset \(dataset)", "\(count) primary metrics", "a dataset has one primary metric")
            }
        }

        mutating func samples(_ samples: [EvalSample]) {
            var seen: Set<String> = []
            for sample in samples {
                let location = "sample \(sample.dataset)/\(sample.subset)/\(sample.sampleID)"
                value(sample.score, EvalMetricName.domain(sample.metric), "\(location): \(sample.metric)")
                value(sample.repeatIndex, .count, "\(location): repeat")
                value(sample.inputTokens, .tokenCount, "\(location): input tokens")
                value(sample.outputTokens, .tokenCount, "\(location): output tokens")
                value(sample.latency, .seconds, "\(location): latency")
                value(sample.ttft, .seconds, "\(location): ttft")
                if !seen.insert("\(sample.dataset)\u{0}\(sample.subset)\u{0}\(sample.sampleID)").inserted {
                    contradiction(location, sample.sampleID, "given twice")
                }
            }
        }
    }
}

extension PerfPoint {
    /// ` (c=2)` or ` (rate=4/s)`, for messages.
    var loadLabel: String {
        if let concurrency { return " (c=\(concurrency))" }
        if let requestRate { return " (rate=\(requestRate)/s)" }
        return ""
    }
}
