import CaliperCore
import Foundation

/// Reads one result folder of one source format into a ``Run``. Importers read files only: the
/// store writes, in one transaction.
///
/// ```swift
/// let folder = URL(fileURLWithPath: "outputs/20261124_190305/gpt-oss-20b")
/// if EvalScopePerfImporter.recognizes(folder) {
///     let run = try EvalScopePerfImporter.read(folder)
/// }
/// ```
public protocol ResultImporter: Sendable {
    /// A short name for messages (`evalscope-perf`).
    static var name: String { get }

    /// Whether `directory` is the root of one result of this format. A cheap check on file and
    /// folder names; it must be false for the folders inside a result.
    static func recognizes(_ directory: URL) -> Bool

    /// Reads the result rooted at `directory`.
    /// - Throws: ``ImportError`` naming the file (and key) that is missing or malformed.
    static func read(_ directory: URL) throws -> Run
}

/// Every importer Caliper has, in the order they are asked.
public enum Importers {
    public static let all: [any ResultImporter.Type] = [EvalScopePerfImporter.self, EvalScopeEvalImporter.self]

    /// The importer for a result folder, or nil when none recognizes it.
    public static func importer(for directory: URL) -> (any ResultImporter.Type)? {
        all.first { $0.recognizes(directory) }
    }
}
