import CaliperCore

/// One key on which two runs differ, with both values as text (`nil` = unknown).
public struct KeyDifference: Sendable, Equatable, Codable {
    /// The key's name as users write it in `--allow-diff` (`reasoning_effort`, `hardware`, `engine_version`).
    public var field: String
    public var baseline: String?
    public var candidate: String?
    /// Whether a difference here makes the runs "not comparable" unless allowed.
    public var blocking: Bool

    public init(field: String, baseline: String?, candidate: String?, blocking: Bool) {
        self.field = field
        self.baseline = baseline
        self.candidate = candidate
        self.blocking = blocking
    }
}

/// Compares the keys of a baseline and a candidate run before any math: a delta between runs of
/// different models, hardware, workloads or generation configs measures the setup, not a regression.
///
/// ```swift
/// let check = Comparability.check(baseline: low, candidate: high, allowing: ["reasoning_effort"])
/// check.isComparable   // true: the only blocking difference is allowed
/// check.varied         // [reasoning_effort: low → high]
/// ```
public struct Comparability: Sendable, Equatable, Codable {
    /// Every differing key.
    public var differences: [KeyDifference]
    /// The fields the user allowed to differ.
    public var allowed: Set<String>
    /// How the two runs' source tools define their figures differently: why a `source_tool`
    /// difference blocks, and what a comparison allowed across tools mixes.
    public var definitions: [MetricDefinitions.Difference] = []

    /// Blocking differences the user did not allow: non-empty means "not comparable".
    public var violations: [KeyDifference] { differences.filter { $0.blocking && !allowed.contains($0.field) } }
    /// Differences that are shown but do not block (allowed, or informative such as engine_version).
    public var varied: [KeyDifference] { differences.filter { !$0.blocking || allowed.contains($0.field) } }
    public var isComparable: Bool { violations.isEmpty }

    /// One line per definition the two source tools disagree on, for a comparison's notes:
    /// `evalscope and vllm-bench define percentiles differently: nearest rank … (baseline) vs … (candidate)`.
    public var definitionNotes: [String] {
        guard let tools = differences.first(where: { $0.field == "source_tool" }) else { return [] }
        let pair = "\(tools.baseline ?? "?") and \(tools.candidate ?? "?")"
        return definitions.map {
            "\(pair) define \($0.aspect.rawValue) differently: \($0.baseline) (baseline) vs \($0.candidate) (candidate)"
        }
    }

    /// Fields that never block: comparing engine versions is what a deployment gate is for, and a
    /// hardware variant (SXM or PCIe, HBM3) is the same accelerator.
    public static let informativeFields: Set<String> = ["engine", "engine_version", "source_version", "hardware_variant"]

    public static func check(baseline: Run, candidate: Run, allowing allowed: Set<String> = []) -> Comparability {
        var differences: [KeyDifference] = []
        // A key one tool records and another cannot (`vllm bench serve` saves no dataset name or
        // hardware) is unknown on that side, not different: shown, and blocking only through
        // source_tool when the tools' definitions differ.
        let acrossTools = baseline.source.tool != candidate.source.tool
        func compare(_ field: String, _ a: String?, _ b: String?) {
            guard a != b else { return }
            let unknownOnOneSide = acrossTools && (a == nil || b == nil)
            differences.append(KeyDifference(
                field: field, baseline: a, candidate: b, blocking: !informativeFields.contains(field) && !unknownOnOneSide))
        }
        compare("kind", baseline.kind.rawValue, candidate.kind.rawValue)
        compare("model", baseline.model.name, candidate.model.name)
        compare("engine", baseline.engine.name, candidate.engine.name)
        compare("engine_version", baseline.engine.version, candidate.engine.version)
        compare("hardware", hardwareText(baseline.hardware), hardwareText(candidate.hardware))
        compare("hardware_variant", baseline.hardware.variant, candidate.hardware.variant)
        let a = baseline.workload
        let b = candidate.workload
        compare("endpoint", a.endpoint, b.endpoint)
        compare("dataset", a.dataset, b.dataset)
        compare("min_prompt_length", a.minPromptLength.map(String.init), b.minPromptLength.map(String.init))
        compare("max_prompt_length", a.maxPromptLength.map(String.init), b.maxPromptLength.map(String.init))
        compare("prefix_length", a.prefixLength.map(String.init), b.prefixLength.map(String.init))
        compare("output_length", a.outputLength.map(String.init), b.outputLength.map(String.init))
        let configA = baseline.generationConfig.values
        let configB = candidate.generationConfig.values
        for key in Set(configA.keys).union(configB.keys).sorted() where key != "max_tokens" || a.outputLength == nil {
            compare(key, configA[key]?.canonicalJSON, configB[key]?.canonicalJSON)
        }
        // Tools that define a figure differently measure the tool, not the server: the difference
        // blocks and says which definitions differ; tools that agree are only shown.
        let definitions = MetricDefinitions.differences(
            baseline: baseline.source.tool, candidate: candidate.source.tool, kind: baseline.kind)
        if baseline.source.tool != candidate.source.tool {
            differences.append(KeyDifference(
                field: "source_tool", baseline: baseline.source.tool, candidate: candidate.source.tool,
                blocking: !definitions.isEmpty))
        }
        // Metric definitions (TPOT, ITL) changed between EvalScope generations: comparing across them
        // measures the tool, not the server.
        if baseline.kind == .perf, baseline.source.tool == candidate.source.tool {
            compare("source_format", baseline.source.format, candidate.source.format)
        }
        compare("source_version", baseline.source.version, candidate.source.version)
        return Comparability(differences: differences, allowed: allowed, definitions: definitions)
    }

    /// Model, memory and count (`H100 80GB x 8`): what must match; the variant is compared apart.
    static func hardwareText(_ hardware: Hardware) -> String? { hardware.identity }
}
