import CaliperCore

/// What a gate holds a candidate to: thresholds per metric and statistic, the significance level
/// and multiple-comparison correction, whether `inconclusive` fails, and when a run is invalid.
///
/// Read from `caliper.yaml` by ``init(yaml:)``; ``standard`` is the policy without a file.
///
/// ```swift
/// let policy = try GatePolicy(yaml: "thresholds:\n  ttft.p99: +15%\n  tpot.p99: off\n")
/// policy.rule(for: .perf(.ttft, .p99))?.threshold.magnitude   // 0.15
/// policy.rule(for: .perf(.tpot, .p99))                       // nil: not gated
/// ```
public struct GatePolicy: Sendable, Equatable, Codable {
    /// One gated figure and its tolerance.
    public struct Rule: Sendable, Equatable, Codable {
        /// As written in the policy: `ttft.p99`, `output_throughput`, `score`, `score.aime25`.
        public let key: String
        /// What the key names, parsed once.
        public let target: Target
        public var threshold: Threshold

        /// - Throws: ``PolicyError`` when the key names no gateable figure.
        public init(key: String, threshold: Threshold) throws {
            self.key = key
            self.target = try Target(key: key)
            self.threshold = threshold
        }

        private enum CodingKeys: String, CodingKey {
            case key
            case threshold
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let key = try container.decode(String.self, forKey: .key)
            do {
                try self.init(key: key, threshold: try container.decode(Threshold.self, forKey: .threshold))
            } catch let error as PolicyError {
                throw DecodingError.dataCorruptedError(forKey: .key, in: container, debugDescription: error.description)
            }
        }
    }

    /// What a rule gates.
    public enum Target: Sendable, Equatable, Hashable {
        /// A perf metric's statistic per point; run-level figures (throughputs, success rate) use `.value`.
        case perf(Metric, Statistic)
        /// The primary score of one dataset, or of every dataset (`nil`).
        case score(dataset: String?)

        /// Metrics that are one figure per point, not a distribution over requests.
        public static let pointMetrics: Set<Metric> = [
            .requestThroughput, .outputThroughput, .totalThroughput, .successRate,
        ]
        /// Metrics with one value per request, so every statistic of them can be gated.
        public static let requestMetrics: Set<Metric> = [.latency, .ttft, .tpot, .itl, .inputTokens, .outputTokens]

        /// Parses a policy key. `output_throughput`, `output_throughput.value` and
        /// `output_throughput.mean` all name the point's throughput; `ttft` alone is `ttft.mean`.
        public init(key: String) throws {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.first == "score" {
                self = .score(dataset: parts.count > 1 ? parts[1] : nil)
                return
            }
            guard let metric = Metric(rawValue: parts[0]) else {
                throw PolicyError("unknown metric \"\(parts[0])\" (known: \(Self.knownKeys))")
            }
            let statisticName = parts.count > 1 ? parts[1] : nil
            if Self.pointMetrics.contains(metric) {
                guard statisticName == nil || statisticName == "value" || statisticName == "mean" else {
                    throw PolicyError("\(metric.rawValue) is one figure per point: write \"\(metric.rawValue)\", not \"\(key)\"")
                }
                self = .perf(metric, .value)
            } else if Self.requestMetrics.contains(metric) {
                guard let statistic = Statistic(rawValue: statisticName ?? "mean"), statistic != .value else {
                    throw PolicyError("unknown statistic \"\(statisticName ?? "")\" in \"\(key)\" (mean, std, min, max, p1 … p99)")
                }
                self = .perf(metric, statistic)
            } else {
                throw PolicyError("\(metric.rawValue) cannot be gated; gate success_rate instead")
            }
        }

        static var knownKeys: String {
            (pointMetrics.union(requestMetrics)).sorted().map(\.rawValue).joined(separator: ", ") + ", score, score.DATASET"
        }

        public var direction: Direction {
            switch self {
            case .perf(let metric, _): metric.direction
            case .score: .higherIsBetter
            }
        }
    }

    /// Whether an `inconclusive` verdict fails the gate.
    public enum InconclusiveRule: String, Sendable, Equatable, Codable {
        case pass
        case fail
    }

    /// Significance level of every test; intervals are at 1 − alpha.
    public var alpha: Double
    public var correction: PValueAdjustment
    public var inconclusive: InconclusiveRule
    /// A side with a larger share of failed requests at any point is an invalid run.
    public var maxFailedRequestRate: Double
    /// With `min_tokens` or `ignore_eos` set, mean output length further than this share from the
    /// requested length makes the run invalid (the server ignored the setting).
    public var outputLengthTolerance: Double
    /// A history baseline with fewer comparable runs decides nothing: every figure is inconclusive.
    public var minHistory: Int
    public var rules: [Rule]
    /// Where the policy came from, for reports: a file path or `built-in defaults`.
    public var source = "built-in defaults"

    public init(
        alpha: Double = 0.05, correction: PValueAdjustment = .holm, inconclusive: InconclusiveRule = .pass,
        maxFailedRequestRate: Double = 0.01, outputLengthTolerance: Double = 0.10, minHistory: Int = 5,
        rules: [Rule] = GatePolicy.standardRules
    ) {
        self.alpha = alpha
        self.correction = correction
        self.inconclusive = inconclusive
        self.maxFailedRequestRate = maxFailedRequestRate
        self.outputLengthTolerance = outputLengthTolerance
        self.minHistory = minHistory
        self.rules = rules
    }

    /// The policy when no file is given.
    public static let standard = GatePolicy()

    /// The documented default thresholds (README, `caliper gate --help`).
    public static let standardRules: [Rule] = [
        ("output_throughput", "-5%"), ("request_throughput", "-5%"),
        ("ttft.mean", "+10%"), ("ttft.p99", "+10%"),
        ("tpot.mean", "+5%"), ("tpot.p99", "+10%"),
        ("itl.mean", "+5%"), ("latency.p99", "+10%"),
        ("success_rate", "-0.5pp"), ("score", "-2pp"),
    ].map { key, text in
        let target = try! Target(key: key)
        return try! Rule(key: key, threshold: Threshold(parsing: text, direction: target.direction)!)
    }

    /// The rule for a target: a dataset's own score rule wins over `score`.
    public func rule(for target: Target) -> Rule? {
        if let exact = rules.first(where: { $0.target == target }) { return exact }
        if case .score(let dataset?) = target, dataset != "" {
            return rules.first { $0.target == .score(dataset: nil) }
        }
        return nil
    }

    /// The perf statistics gated for `metric`, in the order the policy lists them.
    public func gatedStatistics(of metric: Metric) -> [Statistic] {
        rules.compactMap { rule in
            if case .perf(metric, let statistic) = rule.target { return statistic }
            return nil
        }
    }
}

/// A policy that cannot be used, with the key at fault.
public struct PolicyError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
