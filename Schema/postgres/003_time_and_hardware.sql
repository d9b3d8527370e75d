-- Caliper store, PostgreSQL migration 003: run times in UTC with the offset they were read at; the
-- hardware's vendor and variant beside its canonical model.

-- run_at is a timestamptz from migration 001 on (an instant, shown in the session's time zone).
-- '+08:00': the UTC offset of the clock run_at was read from; NULL when unknown.
ALTER TABLE runs ADD COLUMN run_at_offset text COLLATE "C";
-- Where run_at_offset came from: the source, or the ingesting host's zone for a source without one.
ALTER TABLE runs ADD COLUMN run_at_zone text COLLATE "C" CHECK (run_at_zone IN ('source', 'ingest host'));
-- 'NVIDIA', 'AMD', 'Intel'; NULL for a model Caliper does not know. hardware_name is the canonical model.
ALTER TABLE runs ADD COLUMN hardware_vendor text COLLATE "C";
-- Form factor or memory type ('SXM4', 'PCIe', 'HBM3'): the same model, shown but never a difference.
ALTER TABLE runs ADD COLUMN hardware_variant text COLLATE "C";

-- SQLite's migration 003 appends 'Z' to the zone-less local times stored before it. A PostgreSQL store
-- never held such text (run_at was a timestamptz from the start), so there is nothing to convert.

CREATE INDEX runs_by_time ON runs (coalesce(run_at, ingested_at), id);
