/// A correction to a stored run's keys (`caliper annotate`): only what is given changes.
///
/// ```swift
/// var edit = RunEdit()
/// edit.engineVersion = "0.10.2"
/// edit.setLabels = ["branch": "main"]
/// try store.annotate(runID: 7, edit, by: "ana@gpu-box")   // [engine_version 0.10.1 → 0.10.2, label.branch …]
/// ```
public struct RunEdit: Sendable, Equatable {
    public var engine: String?
    public var engineVersion: String?
    /// Replaces the run's hardware; a count it does not give keeps the stored one.
    public var hardware: Hardware?
    public var gpus: Int?
    public var setLabels: [String: String] = [:]
    public var removeLabels: Set<String> = []

    public init() {}
}

/// One changed field of one edit, as `run_edits` holds it.
public struct RunEditRecord: Sendable, Equatable {
    public var runID: Int64
    /// UTC, ISO 8601.
    public var editedAt: String
    /// `user@host`.
    public var editedBy: String
    /// `engine`, `engine_version`, `hardware` or `label.NAME`.
    public var field: String
    public var oldValue: String?
    public var newValue: String?

    public init(runID: Int64, editedAt: String, editedBy: String, field: String, oldValue: String?, newValue: String?) {
        self.runID = runID
        self.editedAt = editedAt
        self.editedBy = editedBy
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// What a run holds: perf points and their request rows, or eval datasets and their sample rows.
public struct RunSize: Sendable, Equatable {
    public var kind: RunKind
    public var parts: Int
    public var rows: Int

    public init(kind: RunKind, parts: Int, rows: Int) {
        self.kind = kind
        self.parts = parts
        self.rows = rows
    }

    /// `2 points, 120 request rows` or `2 datasets, 480 sample rows`.
    public var description: String {
        switch kind {
        case .perf: "\(Self.counted(parts, "point")), \(Self.counted(rows, "request row"))"
        case .eval: "\(Self.counted(parts, "dataset")), \(Self.counted(rows, "sample row"))"
        }
    }

    static func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
