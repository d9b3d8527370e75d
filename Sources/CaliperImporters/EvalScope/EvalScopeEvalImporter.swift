import CaliperCore
import Foundation

/// EvalScope eval results. (Being written: see the importer task.)
public enum EvalScopeEvalImporter: ResultImporter {
    public static let name = "evalscope-eval"

    public static func recognizes(_ directory: URL) -> Bool { false }

    public static func read(_ directory: URL) throws -> Run {
        throw ImportError(file: directory, reason: "not readable yet")
    }
}
