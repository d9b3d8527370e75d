import CaliperCore
import Foundation
import Yams

extension GatePolicy {
    /// The policy in a `caliper.yaml`. Thresholds merge over ``standardRules`` (write `off` to drop
    /// one, or `inherit_defaults: false` to start from none); every other key has its default.
    ///
    /// ```yaml
    /// alpha: 0.05                  # significance of every test; intervals at 1 - alpha
    /// correction: holm             # holm | bh | none, across all gated metrics x points
    /// inconclusive: pass           # pass | fail
    /// max_failed_requests: 1%      # above it, a side is an invalid run
    /// output_length_tolerance: 10% # with min_tokens/ignore_eos, mean output this far off is invalid
    /// min_history: 5               # a history baseline with fewer comparable runs is inconclusive
    /// thresholds:
    ///   output_throughput: -5%
    ///   ttft.p99: +10%
    ///   ttft.mean: +50ms           # absolute amounts carry their unit; a bare number is an error
    ///   score.aime25: -5pp
    ///   itl.mean: off
    /// ```
    ///
    /// - Throws: ``PolicyError`` naming the key, for unknown keys or values that do not parse.
    public init(yaml text: String) throws {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw PolicyError("not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        self.init()
        guard let loaded else { return }
        guard let document = loaded as? [String: Any] else { throw PolicyError("the policy must be a mapping of keys") }

        let known: Set<String> = [
            "alpha", "correction", "inconclusive", "max_failed_requests", "output_length_tolerance", "min_history",
            "inherit_defaults", "thresholds",
        ]
        if let unknown = document.keys.sorted().first(where: { !known.contains($0) }) {
            throw PolicyError("unknown key \"\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let value = document["alpha"] {
            guard let alpha = Self.number(value), alpha > 0, alpha < 0.5 else {
                throw PolicyError("alpha: \"\(value)\" is not a number between 0 and 0.5")
            }
            self.alpha = alpha
        }
        if let value = document["correction"] {
            switch "\(value)".lowercased() {
            case "holm": correction = .holm
            case "bh", "benjamini_hochberg", "benjamini-hochberg", "fdr": correction = .benjaminiHochberg
            case "none", "false": correction = .none
            default: throw PolicyError("correction: \"\(value)\" is not holm, bh or none")
            }
        }
        if let value = document["inconclusive"] {
            guard let rule = InconclusiveRule(rawValue: "\(value)".lowercased()) else {
                throw PolicyError("inconclusive: \"\(value)\" is not pass or fail")
            }
            inconclusive = rule
        }
        if let value = document["max_failed_requests"] {
            maxFailedRequestRate = try Self.share(value, key: "max_failed_requests")
        }
        if let value = document["output_length_tolerance"] {
            outputLengthTolerance = try Self.share(value, key: "output_length_tolerance")
        }
        if let value = document["min_history"] {
            // Fewer than 2 runs have no spread, so no prediction interval.
            guard let count = Self.wholeNumber(value), count >= 2 else {
                let shown = (value as? Int).map(String.init) ?? Self.text(value)
                throw PolicyError("min_history: \"\(shown)\" is not a whole number of at least 2")
            }
            minHistory = count
        }
        if let value = document["inherit_defaults"] {
            guard let inherit = value as? Bool else { throw PolicyError("inherit_defaults: \"\(value)\" is not true or false") }
            if !inherit { rules = [] }
        }
        if let value = document["thresholds"] {
            guard let thresholds = value as? [String: Any] else {
                throw PolicyError("thresholds: must be a mapping such as \"ttft.p99: +10%\"")
            }
            for key in thresholds.keys.sorted() {
                let target: Target
                do { target = try Target(key: key) } catch let error as PolicyError {
                    throw PolicyError("thresholds.\(key): \(error.description)")
                }
                rules.removeAll { $0.target == target }
                let raw = thresholds[key]!
                if Self.isOff(raw) { continue }
                rules.append(try Rule(key: key, threshold: Self.threshold(
                    (raw as? Int).map(String.init) ?? Self.text(raw), key: key, target: target)))
            }
        }
    }

    /// A threshold with its unit: `+10%`, `-2pp`, or an amount in the metric's unit (`+50ms`,
    /// `0.2s`, `-20tok/s`). A bare number is refused: `ttft.mean: 20` would silently mean 20 seconds.
    static func threshold(_ text: String, key: String, target: Target) throws -> Threshold {
        let body = text.trimmingCharacters(in: .whitespaces).lowercased()
        let unit = ComparisonUnit(target)
        let example = unit.suffixes.first.map { "+10%, -5% or an amount such as +50\($0)" } ?? "+10% or -2pp"
        if body.hasSuffix("%") || (body.hasSuffix("pp") && unit == .fraction) {
            if let threshold = Threshold(parsing: body, direction: target.direction) { return threshold }
        } else if let suffix = unit.suffixes.first(where: body.hasSuffix) {
            let scale = unit.scale(suffix)
            var number = String(body.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            if number.hasPrefix("+") || number.hasPrefix("-") { number.removeFirst() }
            if let amount = Double(number.trimmingCharacters(in: .whitespaces)), amount.isFinite {
                return .absolute(amount * scale, direction: target.direction)
            }
        } else if Double(body) != nil {
            throw PolicyError("thresholds.\(key): \"\(text)\" has no unit: write it with one, e.g. \(example)")
        }
        throw PolicyError("thresholds.\(key): \"\(text)\" is not a threshold such as \(example)")
    }

    /// The units an absolute threshold may be written in, by what the target measures.
    enum ComparisonUnit: Equatable {
        case seconds, tokensPerSecond, requestsPerSecond, fraction, count

        init(_ target: Target) {
            switch target {
            case .score: self = .fraction
            case .perf(let metric, _):
                switch metric.unit {
                case .seconds: self = .seconds
                case .tokensPerSecond: self = .tokensPerSecond
                case .requestsPerSecond: self = .requestsPerSecond
                case .fraction: self = .fraction
                case .count, .tokens: self = .count
                }
            }
        }

        /// Longest first, so `ms` is not read as `s`.
        var suffixes: [String] {
            switch self {
            case .seconds: ["ms", "us", "µs", "s"]
            case .tokensPerSecond: ["tok/s"]
            case .requestsPerSecond: ["req/s"]
            case .fraction: []
            case .count: ["tokens"]
            }
        }

        func scale(_ suffix: String) -> Double {
            switch suffix {
            case "ms": 1e-3
            case "us", "µs": 1e-6
            default: 1
            }
        }
    }

    private static func isOff(_ value: Any) -> Bool {
        if let flag = value as? Bool { return !flag }
        if value is NSNull { return true }
        return ["off", "none", "false"].contains(text(value).lowercased())
    }

    private static func text(_ value: Any) -> String {
        if let string = value as? String { return string }
        if let number = number(value) { return String(number) }
        return "\(value)"
    }

    private static func number(_ value: Any) -> Double? {
        if value is Bool { return nil }
        if let double = value as? Double { return double }
        if let int = value as? Int { return Double(int) }
        return (value as? String).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    private static func wholeNumber(_ value: Any) -> Int? {
        if value is Bool { return nil }
        if let int = value as? Int { return int }
        return (value as? String).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// `1%`, `0.01` → 0.01.
    private static func share(_ value: Any, key: String) throws -> Double {
        var body = text(value).trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        if body.hasSuffix("%") {
            body.removeLast()
            scale = 0.01
        }
        guard let number = Double(body.trimmingCharacters(in: .whitespaces)), number >= 0, number * scale <= 1 else {
            throw PolicyError("\(key): \"\(text(value))\" is not a share such as 1% or 0.01")
        }
        return number * scale
    }
}
