import CaliperCore
import Foundation
import GRDB

/// An edit that cannot be applied; nothing was written.
public struct RunEditError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension Store {
    /// Applies `edit` to run `runID` and records each changed field in `run_edits`, in one
    /// transaction. The content hash is not touched: re-ingesting the run's files stays a no-op.
    /// - Returns: the changed fields (empty when every value was already as given).
    /// - Throws: ``RunEditError`` for a missing run or label, or a value outside its domain.
    public func annotate(runID: Int64, _ edit: RunEdit, by editor: String, at date: Date = Date()) throws -> [RunEditRecord] {
        if let gpus = edit.gpus ?? edit.hardware?.count, let why = ValueDomain.count.violation(gpus) {
            throw RunEditError("--gpus \(gpus): \(why)")
        }
        if let memory = edit.hardware?.memoryGB, let why = ValueDomain.rate.violation(memory) {
            throw RunEditError("hardware memory \(memory) GB: \(why)")
        }
        let editedAt = ISO8601DateFormatter().string(from: date)
        return try writeChecked { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT engine, engine_version, hardware_name, hardware_count, hardware_memory_gb, hardware_variant
                FROM runs WHERE id = ?
                """, arguments: [runID])
            else { throw RunEditError("no run \(runID) in \(path)") }
            var labels: [String: String] = [:]
            for label in try Row.fetchAll(db, sql: "SELECT key, value FROM run_labels WHERE run_id = ?", arguments: [runID]) {
                labels[label["key"]] = label["value"]
            }
            var changes: [RunEditRecord] = []
            func record(_ field: String, _ old: String?, _ new: String?) {
                guard old != new else { return }
                changes.append(RunEditRecord(
                    runID: runID, editedAt: editedAt, editedBy: editor, field: field, oldValue: old, newValue: new))
            }

            let storedEngine: String? = row["engine"], storedVersion: String? = row["engine_version"]
            let engine = EngineIdentity(name: edit.engine ?? storedEngine, version: edit.engineVersion ?? storedVersion)
            record("engine", storedEngine, engine.name)
            record("engine_version", storedVersion, engine.version)
            let stored = Hardware(
                name: row["hardware_name"] as String?, count: row["hardware_count"] as Int?,
                memoryGB: row["hardware_memory_gb"] as Double?, variant: row["hardware_variant"] as String?)
            var hardware = edit.hardware.map {
                Hardware(name: $0.name, count: $0.count ?? stored.count, memoryGB: $0.memoryGB, variant: $0.variant)
            } ?? stored
            if let gpus = edit.gpus { hardware.count = gpus }
            record("hardware", Self.hardwareText(stored), Self.hardwareText(hardware))
            try db.execute(sql: """
                UPDATE runs SET engine = ?, engine_version = ?, hardware_name = ?, hardware_count = ?, hardware_memory_gb = ?,
                    hardware_vendor = ?, hardware_variant = ?
                WHERE id = ?
                """, arguments: [
                    engine.name, engine.version, hardware.name, hardware.count, hardware.memoryGB, hardware.vendor,
                    hardware.variant, runID,
                ])

            for key in edit.removeLabels.sorted() {
                guard let old = labels[key] else { throw RunEditError("run \(runID) has no label \"\(key)\"") }
                record("label.\(key)", old, nil)
                try db.execute(sql: "DELETE FROM run_labels WHERE run_id = ? AND key = ?", arguments: [runID, key])
            }
            for (key, value) in edit.setLabels.sorted(by: { $0.key < $1.key }) {
                record("label.\(key)", labels[key], value)
                try db.execute(sql: """
                    INSERT INTO run_labels (run_id, key, value) VALUES (?, ?, ?)
                    ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                    """, arguments: [runID, key, value])
            }
            for change in changes {
                try db.execute(sql: """
                    INSERT INTO run_edits (run_id, edited_at, edited_by, field, old_value, new_value)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, editedAt, editor, change.field, change.oldValue, change.newValue])
            }
            return changes
        }
    }

    /// The edits of a run, oldest first.
    public func edits(runID: Int64) throws -> [RunEditRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT run_id, edited_at, edited_by, field, old_value, new_value FROM run_edits WHERE run_id = ? ORDER BY id
                """, arguments: [runID]
            ).map {
                RunEditRecord(
                    runID: $0["run_id"], editedAt: $0["edited_at"], editedBy: $0["edited_by"], field: $0["field"],
                    oldValue: $0["old_value"], newValue: $0["new_value"])
            }
        }
    }

    /// How much a run holds, for a person to confirm deleting it: perf points and request rows,
    /// or eval datasets and sample rows.
    public func size(runID: Int64) throws -> RunSize? {
        try read { db in
            guard let kind = try String.fetchOne(db, sql: "SELECT kind FROM runs WHERE id = ?", arguments: [runID]) else {
                return nil
            }
            let count = { (sql: String) in try Int.fetchOne(db, sql: sql, arguments: [runID]) ?? 0 }
            if kind == RunKind.eval.rawValue {
                return RunSize(
                    kind: .eval,
                    parts: try count("SELECT count(DISTINCT dataset) FROM eval_scores WHERE run_id = ?"),
                    rows: try count("SELECT count(*) FROM eval_samples WHERE run_id = ?"))
            }
            return RunSize(
                kind: .perf, parts: try count("SELECT count(*) FROM perf_points WHERE run_id = ?"),
                rows: try count("""
                    SELECT count(*) FROM perf_requests WHERE point_id IN (SELECT id FROM perf_points WHERE run_id = ?)
                    """))
        }
    }

    /// Deletes the runs and every row of theirs (labels, points, metrics, requests, scores,
    /// samples, edits), in one transaction: all of them or none.
    public func delete(runIDs: [Int64]) throws {
        try writeChecked { db in
            for id in runIDs {
                // The foreign keys cascade; migration 005's triggers would too with them off.
                try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
                guard db.changesCount == 1 else { throw RunEditError("no run \(id) in \(path)") }
            }
        }
    }

    /// As ``write(_:)``, letting a ``RunEditError`` through as it is (the transaction rolled back).
    private func writeChecked<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as RunEditError {
            throw error
        } catch {
            throw StoreError(path: path, error)
        }
    }

    static func hardwareText(_ hardware: Hardware) -> String? {
        hardware == Hardware() ? nil : hardware.displayName
    }
}
