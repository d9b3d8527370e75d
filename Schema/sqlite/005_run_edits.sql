-- Caliper store, migration 005: corrections to a run's keys, and deletes that leave nothing behind.

-- What `caliper annotate` changed: one row per field per edit, oldest first. A value is the text
-- `caliper show` prints (NULL = unknown/unset); `label.NAME` fields are labels.
CREATE TABLE run_edits (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    edited_at TEXT NOT NULL,   -- UTC, ISO 8601
    edited_by TEXT NOT NULL,   -- user@host
    field     TEXT NOT NULL,   -- engine, engine_version, hardware, label.NAME
    old_value TEXT,
    new_value TEXT
) STRICT;

CREATE INDEX run_edits_by_run ON run_edits (run_id, id);

-- The sqlite3 shell runs with foreign keys off, so `DELETE FROM runs` there skips the cascades and
-- leaves rows whose ids the next run reuses (a UNIQUE failure on ingest). These triggers delete
-- them whatever the foreign-key setting; with foreign keys on they find nothing left to do.
CREATE TRIGGER runs_delete_children AFTER DELETE ON runs
BEGIN
    DELETE FROM perf_points WHERE run_id = OLD.id;
    DELETE FROM run_labels WHERE run_id = OLD.id;
    DELETE FROM eval_scores WHERE run_id = OLD.id;
    DELETE FROM eval_samples WHERE run_id = OLD.id;
    DELETE FROM run_edits WHERE run_id = OLD.id;
END;

CREATE TRIGGER perf_points_delete_children AFTER DELETE ON perf_points
BEGIN
    DELETE FROM perf_metrics WHERE point_id = OLD.id;
    DELETE FROM perf_requests WHERE point_id = OLD.id;
END;

-- Orphans left by such deletes before this migration.
DELETE FROM perf_points WHERE run_id NOT IN (SELECT id FROM runs);
DELETE FROM perf_metrics WHERE point_id NOT IN (SELECT id FROM perf_points);
DELETE FROM perf_requests WHERE point_id NOT IN (SELECT id FROM perf_points);
DELETE FROM run_labels WHERE run_id NOT IN (SELECT id FROM runs);
DELETE FROM eval_scores WHERE run_id NOT IN (SELECT id FROM runs);
DELETE FROM eval_samples WHERE run_id NOT IN (SELECT id FROM runs);
