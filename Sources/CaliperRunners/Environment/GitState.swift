import Foundation

/// The commit checked out where the benchmark ran, and whether tracked files differ from it.
///
/// ```swift
/// GitState.parse(revParse: "3f2a9c1e…\n", status: "")              // commit 3f2a9c1e…, clean
/// GitState.parse(revParse: "3f2a9c1e…\n", status: " M Sources/a.swift\n")   // dirty
/// GitState.parse(revParse: "fatal: not a git repository", status: nil)     // nil
/// ```
public struct GitState: Sendable, Equatable {
    /// The full hash of `HEAD`.
    public var commit: String
    /// Whether tracked files have changes; nil when `git status` could not tell.
    public var dirty: Bool?

    public init(commit: String, dirty: Bool?) {
        self.commit = commit
        self.dirty = dirty
    }

    /// - Parameters:
    ///   - revParse: what `git rev-parse HEAD` printed.
    ///   - status: what `git status --porcelain --untracked-files=no` printed, nil when it failed.
    public static func parse(revParse: String, status: String?) -> GitState? {
        let commit = revParse.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        // SHA-1 or SHA-256 object names; anything else is an error message.
        guard commit.count == 40 || commit.count == 64, commit.allSatisfy(\.isHexDigit) else { return nil }
        let dirty = status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        return GitState(commit: commit, dirty: dirty)
    }
}
