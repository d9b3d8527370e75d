-- Caliper store, PostgreSQL migration 002: views for the common questions, so `psql` answers without joins.
-- The same views, columns and column order as Schema/sqlite/002_views.sql.

-- Every run with its keys in one row; labels as a JSON object ('{}' for none, as SQLite's
-- json_group_object gives). jsonb prints its keys in its own order (shorter keys first) and with
-- spaces, not as SQLite's text: read it as JSON, not as text.
CREATE VIEW run_overview AS
SELECT r.id, r.kind, r.model, r.engine, r.engine_version,
       r.hardware_name, r.hardware_count, r.hardware_memory_gb,
       r.reasoning_effort, r.temperature, r.top_p, r.max_tokens, r.min_tokens, r.ignore_eos, r.stream,
       r.endpoint, r.dataset, r.min_prompt_length, r.max_prompt_length, r.output_length,
       coalesce((SELECT jsonb_object_agg(key, value ORDER BY key) FROM run_labels l WHERE l.run_id = r.id),
                '{}') AS labels,
       r.source_tool, r.source_version, r.run_at, r.ingested_at, r.generation_config, r.source_path
FROM runs r;

-- The newest run for each combination of keys (model, engine and version, hardware, generation
-- config, workload): what "the current number" is for each setup.
CREATE VIEW latest_runs AS
SELECT * FROM (
    SELECT o.*, row_number() OVER (
        PARTITION BY r.kind, r.model, r.engine, r.engine_version, r.hardware_name, r.hardware_count,
                     r.hardware_memory_gb, r.generation_config_hash, r.endpoint, r.dataset,
                     r.min_prompt_length, r.max_prompt_length, r.prefix_length, r.output_length
        ORDER BY coalesce(r.run_at, r.ingested_at) DESC, r.id DESC) AS newest
    FROM run_overview o JOIN runs r ON r.id = o.id
) AS ranked WHERE newest = 1;

-- One row per perf point with the headline figures as columns (seconds, tokens/s, requests/s).
-- Grouped by both primary keys, so the point's and the run's columns need no aggregate.
CREATE VIEW perf_points_wide AS
SELECT r.id AS run_id, r.model, r.engine, r.engine_version, r.hardware_name, r.hardware_count,
       r.reasoning_effort, r.endpoint, r.dataset, r.run_at,
       p.position, p.concurrency, p.request_rate, p.requests, p.duration_s,
       max(CASE WHEN m.metric = 'request_throughput' AND m.stat = 'value' THEN m.value END) AS request_throughput,
       max(CASE WHEN m.metric = 'output_throughput'  AND m.stat = 'value' THEN m.value END) AS output_throughput,
       max(CASE WHEN m.metric = 'total_throughput'   AND m.stat = 'value' THEN m.value END) AS total_throughput,
       max(CASE WHEN m.metric = 'success_rate'       AND m.stat = 'value' THEN m.value END) AS success_rate,
       max(CASE WHEN m.metric = 'latency' AND m.stat = 'mean' THEN m.value END) AS latency_mean_s,
       max(CASE WHEN m.metric = 'latency' AND m.stat = 'p50'  THEN m.value END) AS latency_p50_s,
       max(CASE WHEN m.metric = 'latency' AND m.stat = 'p99'  THEN m.value END) AS latency_p99_s,
       max(CASE WHEN m.metric = 'ttft'    AND m.stat = 'mean' THEN m.value END) AS ttft_mean_s,
       max(CASE WHEN m.metric = 'ttft'    AND m.stat = 'p50'  THEN m.value END) AS ttft_p50_s,
       max(CASE WHEN m.metric = 'ttft'    AND m.stat = 'p99'  THEN m.value END) AS ttft_p99_s,
       max(CASE WHEN m.metric = 'tpot'    AND m.stat = 'mean' THEN m.value END) AS tpot_mean_s,
       max(CASE WHEN m.metric = 'tpot'    AND m.stat = 'p99'  THEN m.value END) AS tpot_p99_s,
       max(CASE WHEN m.metric = 'itl'     AND m.stat = 'mean' THEN m.value END) AS itl_mean_s,
       max(CASE WHEN m.metric = 'itl'     AND m.stat = 'p99'  THEN m.value END) AS itl_p99_s,
       max(CASE WHEN m.metric = 'input_tokens'  AND m.stat = 'mean' THEN m.value END) AS input_tokens_mean,
       max(CASE WHEN m.metric = 'output_tokens' AND m.stat = 'mean' THEN m.value END) AS output_tokens_mean
FROM perf_points p
JOIN runs r ON r.id = p.run_id
LEFT JOIN perf_metrics m ON m.point_id = p.id
GROUP BY p.id, r.id;

-- Eval scores with their run's keys beside them.
CREATE VIEW eval_scores_wide AS
SELECT r.id AS run_id, r.model, r.engine, r.engine_version, r.hardware_name, r.hardware_count,
       r.reasoning_effort, r.temperature, r.top_p, r.max_tokens, r.run_at,
       s.dataset, coalesce(s.subset, '(all)') AS subset, s.metric, s.score, s.num, s.is_primary,
       s.source_metric
FROM eval_scores s
JOIN runs r ON r.id = s.run_id;
