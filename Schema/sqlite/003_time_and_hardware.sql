-- Caliper store, migration 003: run times in UTC with the offset they were read at; the hardware's
-- vendor and variant beside its canonical model.

-- run_at is now UTC, ISO 8601 with 'Z' (the form of ingested_at, so the two order as text).
-- '+08:00': the UTC offset of the clock run_at was read from; NULL when unknown.
ALTER TABLE runs ADD COLUMN run_at_offset TEXT;
-- Where run_at_offset came from: the source, or the ingesting host's zone for a source without one.
ALTER TABLE runs ADD COLUMN run_at_zone TEXT CHECK (run_at_zone IN ('source', 'ingest host'));
-- 'NVIDIA', 'AMD', 'Intel'; NULL for a model Caliper does not know. hardware_name is the canonical model.
ALTER TABLE runs ADD COLUMN hardware_vendor TEXT;
-- Form factor or memory type ('SXM4', 'PCIe', 'HBM3'): the same model, shown but never a difference.
ALTER TABLE runs ADD COLUMN hardware_variant TEXT;

-- Runs stored before: their local times without a zone are taken as UTC, offset unknown.
UPDATE runs SET run_at = run_at || 'Z'
WHERE run_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]';

CREATE INDEX runs_by_time ON runs (coalesce(run_at, ingested_at), id);
