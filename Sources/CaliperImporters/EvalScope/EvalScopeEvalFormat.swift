import CaliperCore
import Foundation

/// Which EvalScope generation wrote an eval folder, from the files alone.
///
/// `eval-v0` (0.x: reviews are OpenAI completions with `choices[].review`), `eval-v1`
/// (1.0 – 1.10: `sample_score` reviews, flat metric names such as `mean_acc`), `eval-v2`
/// (1.11+: `schema_version` 2 reports with metric identities). The version is the config's
/// `evalscope_version` when written, else the range the clues allow (see
/// `docs/evalscope-version-history.md` §9–§10).
struct EvalScopeEvalFormat {
    let name: String
    let version: String

    init(
        config: EvalScopeEvalConfig?, configFile: URL?, reports: [EvalScopeEvalReport], reviews: [EvalScopeEvalReviews]
    ) {
        let generation = Self.generation(config: config, reports: reports, reviews: reviews)
        name = "eval-v\(generation)"
        if let exact = config?.evalscopeVersion?.trimmingCharacters(in: .whitespaces), !exact.isEmpty {
            version = exact
            return
        }
        switch generation {
        case 2:
            version = "1.11..1.14"
        case 1:
            if let configFile, EvalScopeEvalConfig.hasHashedName(configFile) {
                version = "1.0..1.4"
            } else if configFile == nil {
                version = "1.0..1.10"
            } else if reports.contains(where: \.hasPerfMetrics) {
                // Observed absent in 1.5.2, present in 1.9.1.
                version = "1.6..1.10"
            } else {
                version = "1.5..1.10"
            }
        default:
            // `dataset_pretty_name`: absent in 0.13.2, present in 0.16.3; the version between is not pinned.
            version = reports.contains(where: \.hasPrettyName) ? "0.14..0.17" : "0.8..0.15"
        }
    }

    private static func generation(
        config: EvalScopeEvalConfig?, reports: [EvalScopeEvalReport], reviews: [EvalScopeEvalReviews]
    ) -> Int {
        if reports.contains(where: { $0.layout == .identities }) { return 2 }
        if let shape = reviews.lazy.compactMap(\.shape).first { return shape == .sampleScore ? 1 : 0 }
        if config?.repeats != nil { return 1 }
        return reports.contains(where: \.hasMeanPrefixedNames) ? 1 : 0
    }
}
