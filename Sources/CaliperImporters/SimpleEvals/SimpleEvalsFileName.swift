import CaliperCore
import Foundation

/// What a simple-evals or `gpt_oss.evals` metrics file's name says: the only place either tool
/// records the eval, the model, the reasoning effort, the temperature and the time.
///
/// ```swift
/// SimpleEvalsFileName("gpqa_gpt-oss-20b-low_temp1.0_20251112_140512.json")
/// // eval "gpqa", model "gpt-oss-20b", reasoning effort "low", temperature "1.0", gpt-oss-evals
/// SimpleEvalsFileName("mmlu_o3_high_20250512_101500_DEBUG.json")
/// // eval "mmlu", model "o3_high" (a simple-evals sampler key, kept as is), debug
/// ```
///
/// Generations: simple-evals since May 2025 (`5e623c2`) writes `{eval}_{model}_{YYYYmmdd_HHMMSS}`;
/// before that `{eval}_{model}` with no time, which is read only when the eval is a known one.
/// gpt_oss.evals writes `{eval}_{model}-{effort}_temp{T}_{YYYYmmdd_HHMMSS}`, with `/` in the model
/// as `__` since Aug 2025. `[_DEBUG]` ends either. A leading `SAMPLE_` (the fixtures' marker) is
/// dropped; no other prefix is, since the eval name is the only thing the split can trust.
struct SimpleEvalsFileName: Equatable {
    enum Shape: String {
        /// openai/simple-evals `simple_evals.py`.
        case simpleEvals = "simple-evals"
        /// openai/gpt-oss `gpt_oss/evals/__main__.py`.
        case gptOSSEvals = "gpt-oss-evals"
    }

    var shape: Shape
    /// The eval's name as typed on the command line (`gpqa`, `healthbench_hard`).
    var eval: String
    /// The model: a gpt_oss.evals `--model` with `/` restored; a simple-evals sampler key as is.
    var model: String
    /// gpt_oss.evals: the `-{effort}` the tool appends to the model (`low`, `medium`, `high`).
    var reasoningEffort: String?
    /// gpt_oss.evals: Python's `str(float)` of `--temperature` (`1.0`, `1e-05`), unchecked.
    var temperatureText: String?
    /// `YYYYmmdd_HHMMSS`, local time of the machine that ran the eval; nil in old simple-evals names.
    var stamp: String?
    /// `--debug`: a handful of examples, not the eval.
    var isDebug: Bool

    /// The evals either tool knows (simple-evals HEAD ee3b031, gpt-oss HEAD 7b58334): the split
    /// prefers them so that `healthbench_hard_o3_high_…` is eval `healthbench_hard`.
    static let knownEvals = [
        "aime25", "basic", "browsecomp", "drop", "gpqa", "healthbench", "healthbench_consensus", "healthbench_hard",
        "healthbench_meta", "humaneval", "math", "mgsm", "mmlu", "simpleqa",
    ]

    /// The reasoning efforts gpt_oss.evals is run with (`--reasoning-effort low,medium,high`).
    static let reasoningEfforts: Set<String> = ["minimal", "low", "medium", "high"]

    /// Nil unless `fileName` has one of the shapes above (and is not an `_allresults.json`).
    init?(_ fileName: String) {
        guard fileName.hasSuffix(".json"), !fileName.hasSuffix("_allresults.json") else { return nil }
        var stem = String(fileName.dropLast(".json".count))
        if stem.hasPrefix("SAMPLE_") { stem.removeFirst("SAMPLE_".count) }
        isDebug = stem.hasSuffix("_DEBUG")
        if isDebug { stem.removeLast("_DEBUG".count) }

        if let match = stem.wholeMatch(of: /(.+)_(\d{8}_\d{6})/) {
            stamp = String(match.2)
            stem = String(match.1)
        } else {
            stamp = nil
        }
        if let match = stem.wholeMatch(of: /(.+)_temp(-?[0-9][0-9.e+-]*|-?inf|nan)/) {
            shape = .gptOSSEvals
            temperatureText = String(match.2)
            stem = String(match.1)
        } else {
            shape = .simpleEvals
            temperatureText = nil
        }
        // Old simple-evals names carry no time: only a known eval makes such a name one of ours.
        guard shape == .gptOSSEvals || stamp != nil || Self.knownEval(prefixing: stem) != nil else { return nil }

        let split: (eval: String, model: String)
        if let known = Self.knownEval(prefixing: stem) {
            split = (known, String(stem.dropFirst(known.count + 1)))
        } else if let underscore = stem.firstIndex(of: "_") {
            split = (String(stem[..<underscore]), String(stem[stem.index(after: underscore)...]))
        } else {
            return nil
        }
        guard !split.eval.isEmpty, !split.model.isEmpty else { return nil }
        eval = split.eval

        if shape == .gptOSSEvals {
            var model = split.model
            if let dash = model.lastIndex(of: "-"), Self.reasoningEfforts.contains(String(model[model.index(after: dash)...])) {
                reasoningEffort = String(model[model.index(after: dash)...])
                model = String(model[..<dash])
            } else {
                reasoningEffort = nil
            }
            self.model = model.replacingOccurrences(of: "__", with: "/")
        } else {
            reasoningEffort = nil
            model = split.model
        }
        guard !model.isEmpty else { return nil }
    }

    /// The longest known eval that `stem` starts with, followed by `_` and more.
    private static func knownEval(prefixing stem: String) -> String? {
        knownEvals.filter { stem.hasPrefix($0 + "_") && stem.count > $0.count + 1 }.max { $0.count < $1.count }
    }

    /// The temperature, checked: finite and not negative.
    func temperature(file: URL) throws -> Double? {
        guard let temperatureText else { return nil }
        guard let value = Double(temperatureText), value.isFinite, value >= 0 else {
            throw ImportError.invalid(
                file: file, field: "file name", value: "temp\(temperatureText)", reason: "not a temperature (a finite number ≥ 0)")
        }
        return value
    }

    /// The run time: the stamp read in `zone` (the tool wrote `datetime.now()`, no zone).
    func runAt(file: URL, zone: TimeZone) throws -> RunTime? {
        guard let stamp else { return nil }
        guard let time = RunTimestamp.parse(stamp, zone: zone) else {
            throw ImportError.invalid(file: file, field: "file name", value: stamp, reason: "not a calendar time (YYYYmmdd_HHMMSS)")
        }
        return time
    }
}
