import CaliperCore
import Foundation

/// EvalScope perf results. (Being written: see the importer task.)
public enum EvalScopePerfImporter: ResultImporter {
    public static let name = "evalscope-perf"

    public static func recognizes(_ directory: URL) -> Bool { false }

    public static func read(_ directory: URL) throws -> Run {
        throw ImportError(file: directory, reason: "not readable yet")
    }
}
