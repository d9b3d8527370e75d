import CaliperCore
import Foundation

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
            guard let (storedEngine, storedVersion, stored) = try db.fetchOne("""
                SELECT engine, engine_version, hardware_name, hardware_count, hardware_memory_gb, hardware_variant
                FROM runs WHERE id = ?
                """, [runID], { row in
                    (try row[0] as String?, try row[1] as String?,
                     Hardware(name: try row[2], count: try row[3], memoryGB: try row[4], variant: try row[5]))
                })
            else { throw RunEditError("no run \(runID) in \(location)") }
            var labels: [String: String] = [:]
            try db.forEachRow("SELECT key, value FROM run_labels WHERE run_id = ?", [.integer(runID)]) { row in
                labels[try row[0]] = try row[1] as String
            }
            var changes: [RunEditRecord] = []
            func record(_ field: String, _ old: String?, _ new: String?) {
                guard old != new else { return }
                changes.append(RunEditRecord(
                    runID: runID, editedAt: editedAt, editedBy: editor, field: field, oldValue: old, newValue: new))
            }

            let engine = EngineIdentity(name: edit.engine ?? storedEngine, version: edit.engineVersion ?? storedVersion)
            record("engine", storedEngine, engine.name)
            record("engine_version", storedVersion, engine.version)
            var hardware = edit.hardware.map {
                Hardware(name: $0.name, count: $0.count ?? stored.count, memoryGB: $0.memoryGB, variant: $0.variant)
            } ?? stored
            if let gpus = edit.gpus { hardware.count = gpus }
            record("hardware", Self.hardwareText(stored), Self.hardwareText(hardware))
            try db.execute("""
                UPDATE runs SET engine = ?, engine_version = ?, hardware_name = ?, hardware_count = ?, hardware_memory_gb = ?,
                    hardware_vendor = ?, hardware_variant = ?
                WHERE id = ?
                """, [
                    engine.name, engine.version, hardware.name, hardware.count, hardware.memoryGB, hardware.vendor,
                    hardware.variant, runID,
                ])

            for key in edit.removeLabels.sorted() {
                guard let old = labels[key] else { throw RunEditError("run \(runID) has no label \"\(key)\"") }
                record("label.\(key)", old, nil)
                try db.execute("DELETE FROM run_labels WHERE run_id = ? AND key = ?", [runID, key])
            }
            for (key, value) in edit.setLabels.sorted(by: { $0.key < $1.key }) {
                record("label.\(key)", labels[key], value)
                try db.execute("""
                    INSERT INTO run_labels (run_id, key, value) VALUES (?, ?, ?)
                    ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
                    """, [runID, key, value])
            }
            for change in changes {
                try db.execute("""
                    INSERT INTO run_edits (run_id, edited_at, edited_by, field, old_value, new_value)
                    VALUES (?, \(db.dialect.timeParameter), ?, ?, ?, ?)
                    """, [runID, editedAt, editor, change.field, change.oldValue, change.newValue])
            }
            return changes
        }
    }

    /// The edits of a run, oldest first.
    public func edits(runID: Int64) throws -> [RunEditRecord] {
        try read { db in
            try db.fetchAll("""
                SELECT run_id, \(db.dialect.time("edited_at")), edited_by, field, old_value, new_value FROM run_edits
                WHERE run_id = ? ORDER BY id
                """, [runID]) { row in
                RunEditRecord(
                    runID: try row[0], editedAt: try row[1], editedBy: try row[2], field: try row[3],
                    oldValue: try row[4], newValue: try row[5])
            }
        }
    }

    /// How much a run holds, for a person to confirm deleting it: perf points and request rows,
    /// or eval datasets and sample rows.
    public func size(runID: Int64) throws -> RunSize? {
        try read { db in
            guard let kind: String = try db.fetchValue("SELECT kind FROM runs WHERE id = ?", [runID]) else {
                return nil
            }
            let count = { (sql: String) in try db.fetchValue(sql, [runID]) ?? 0 }
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
                // The foreign keys cascade; SQLite's migration 005 triggers would too with them off.
                let deleted: Int64? = try db.fetchValue("DELETE FROM runs WHERE id = ? RETURNING id", [id])
                guard deleted != nil else { throw RunEditError("no run \(id) in \(location)") }
            }
        }
    }

    /// Deletes every run and restarts the ids from 1: the demo's fresh start on a store it does not
    /// own the file of. Callers check first that the runs are theirs to remove.
    public func removeAllRuns() throws {
        try write { db in
            switch db.dialect {
            case .sqlite:
                // Ids are max(id) + 1 (no AUTOINCREMENT): an empty table starts from 1 again.
                try db.execute("DELETE FROM runs")
            case .postgres:
                try db.execute("""
                    TRUNCATE runs, run_labels, perf_points, perf_metrics, perf_requests, eval_scores, eval_samples,
                        run_edits RESTART IDENTITY
                    """)
            }
        }
    }

    /// As ``write(_:)``, letting a ``RunEditError`` through as it is (the transaction rolled back).
    private func writeChecked<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            return try writeLettingThrough(body)
        } catch let error as RunEditError {
            throw error
        } catch {
            throw StoreError(path: location, error)
        }
    }

    static func hardwareText(_ hardware: Hardware) -> String? {
        hardware == Hardware() ? nil : hardware.displayName
    }
}
