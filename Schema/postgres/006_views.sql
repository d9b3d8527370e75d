-- Caliper store, PostgreSQL migration 006: the views show what migrations 003-005 added (run times in
-- UTC with their offset, the hardware's vendor and variant, validity), and "latest" leaves invalid runs out.
-- The same views, columns and column order as Schema/sqlite/006_views.sql.

DROP VIEW latest_runs;
DROP VIEW run_overview;

-- Every run with its keys in one row; labels as a JSON object ('{}' for none; jsonb's own key order
-- and spacing, read it as JSON). run_at is an instant; run_at_offset the offset of the clock it was
-- read from. valid is false for a run judged invalid when stored.
CREATE VIEW run_overview AS
SELECT r.id, r.kind, r.model, r.engine, r.engine_version,
       r.hardware_vendor, r.hardware_name, r.hardware_variant, r.hardware_count, r.hardware_memory_gb,
       r.reasoning_effort, r.temperature, r.top_p, r.max_tokens, r.min_tokens, r.ignore_eos, r.stream,
       r.endpoint, r.dataset, r.min_prompt_length, r.max_prompt_length, r.output_length,
       coalesce((SELECT jsonb_object_agg(key, value ORDER BY key) FROM run_labels l WHERE l.run_id = r.id),
                '{}') AS labels,
       r.invalid_reason IS NULL AS valid, r.invalid_reason,
       r.source_tool, r.source_version, r.run_at, r.run_at_offset, r.run_at_zone, r.ingested_at,
       r.generation_config, r.source_path
FROM runs r;

-- The newest valid run for each combination of keys (model, engine and version, hardware, generation
-- config, workload): what "the current number" is for each setup. The variant is not a key.
CREATE VIEW latest_runs AS
SELECT * FROM (
    SELECT o.*, row_number() OVER (
        PARTITION BY r.kind, r.model, r.engine, r.engine_version, r.hardware_name, r.hardware_count,
                     r.hardware_memory_gb, r.generation_config_hash, r.endpoint, r.dataset,
                     r.min_prompt_length, r.max_prompt_length, r.prefix_length, r.output_length
        ORDER BY coalesce(r.run_at, r.ingested_at) DESC, r.id DESC) AS newest
    FROM run_overview o JOIN runs r ON r.id = o.id
    WHERE r.invalid_reason IS NULL
) AS ranked WHERE newest = 1;
