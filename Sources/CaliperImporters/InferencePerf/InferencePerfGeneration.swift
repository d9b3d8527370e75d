import Foundation
import CaliperCore

/// The layouts of inference-perf's lifecycle reports, told apart by their keys (read from
/// `inference_perf/reportgen/base.py` at each release tag):
///
/// | format | versions | what tells it |
/// |---|---|---|
/// | `lifecycle-1` | 0.1.0 | `load_summary` is `{count}`; percentiles `p10`/`p50`/`p90` |
/// | `lifecycle-2` | 0.1.1 | `load_summary.schedule_accuracy`, `requested_rate` |
/// | `lifecycle-3` | 0.2 … 0.4 | `schedule_delay`; `p0.1` … `median` … `p99.9` (configurable from 0.4) |
/// | `lifecycle-4` | 0.5 | `benchmark_time_seconds`, `successes.token_count_mismatches` |
/// | `lifecycle-5` | 0.6 | `successes.output_tokens` (the server's counts) beside `prompt_len` |
/// | `lifecycle-6` | 0.7 | `successes.client_fallback_requests`; `prompt_len` gone |
///
/// The measurement changed too: before 0.5 TPOT and ITL came from chunk arrival times; from 0.5
/// each chunk's text is re-tokenized and every token gets its chunk's time.
enum InferencePerfGeneration: Int, Comparable, Sendable {
    case one = 1, two, three, four, five, six

    init(report: [String: JSONValue]) {
        let load = report["load_summary"]?.objectValue ?? [:]
        let successes = report["successes"]?.objectValue ?? [:]
        if successes["client_fallback_requests"] != nil || successes["output_tokens"] != nil && successes["prompt_len"] == nil {
            self = .six
        } else if successes["output_tokens"] != nil {
            self = .five
        } else if report["benchmark_time_seconds"] != nil {
            self = .four
        } else if load["schedule_delay"] != nil {
            self = .three
        } else if load["schedule_accuracy"] != nil || load["requested_rate"] != nil {
            self = .two
        } else {
            self = .one
        }
    }

    var format: String { "lifecycle-\(rawValue)" }

    /// The inference-perf versions that wrote this layout; `successes` narrows 0.6.
    func versionRange(successes: [String: JSONValue]) -> String {
        switch self {
        case .one: "0.1.0..0.1.0"
        case .two: "0.1.1..0.1.1"
        case .three: "0.2..0.4"
        case .four: "0.5..0.5"
        case .five:
            // 0.6.0 wrote the server's output counts as `{"total": …}` only.
            successes["output_tokens"]?["mean"] == nil ? "0.6.0..0.6.0" : "0.6.1..0.6.1"
        case .six: "0.7..0.7"
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
