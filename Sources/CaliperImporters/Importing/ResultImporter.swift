import CaliperCore
import Foundation

/// Reads the results of one source format into ``Run``s. Importers read files only: the store
/// writes, one transaction per run.
///
/// A result is a folder (EvalScope, AIPerf) or a file (a `vllm bench serve` JSON, an Inspect
/// `.eval` log); some hold several runs (a sweep's repeats, lines appended to one file).
///
/// ```swift
/// let folder = URL(fileURLWithPath: "outputs/20261124_190305/gpt-oss-20b")
/// if EvalScopePerfImporter.recognizes(folder) {
///     let runs = try EvalScopePerfImporter.readRuns(folder)
/// }
/// ```
public protocol ResultImporter: Sendable {
    /// A short name for messages (`evalscope-perf`).
    static var name: String { get }

    /// Whether `location`, a folder or a file, is the root of results of this format. A cheap
    /// check on names (and at most a file's first bytes); false for the folders inside a result.
    static func recognizes(_ location: URL) -> Bool

    /// Every run the result at `location` holds, oldest first.
    /// - Throws: ``ImportError`` naming the file (and key) that is missing or malformed.
    static func readRuns(_ location: URL) throws -> [Run]
}

/// An importer whose every result is exactly one run.
public protocol SingleRunImporter: ResultImporter {
    /// Reads the result rooted at `location`.
    /// - Throws: ``ImportError`` naming the file (and key) that is missing or malformed.
    static func read(_ location: URL) throws -> Run
}

extension SingleRunImporter {
    public static func readRuns(_ location: URL) throws -> [Run] { [try read(location)] }
}

/// Every importer Caliper has, in the order they are asked.
public enum Importers {
    public static let all: [any ResultImporter.Type] = [
        EvalScopePerfImporter.self, EvalScopeEvalImporter.self,
        VLLMBenchImporter.self, SGLangBenchImporter.self, AIPerfImporter.self, GenAIPerfImporter.self,
        GuideLLMImporter.self, InferencePerfImporter.self, LLMDReportImporter.self, LMEvalImporter.self,
        InspectImporter.self,
        SimpleEvalsImporter.self,
    ]

    /// The importers that recognize `location` (a folder may hold results of two tools).
    public static func importers(for location: URL) -> [any ResultImporter.Type] {
        all.filter { $0.recognizes(location) }
    }

    /// The first importer that recognizes `location`, or nil when none does.
    public static func importer(for location: URL) -> (any ResultImporter.Type)? {
        all.first { $0.recognizes(location) }
    }

    /// The importer called `name`.
    public static func named(_ name: String) -> (any ResultImporter.Type)? {
        all.first { $0.name == name }
    }
}
