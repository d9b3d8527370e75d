-- Caliper store, PostgreSQL migration 004: whether a run is valid, judged when it is stored.
-- invalid_reason is NULL for a valid run, else its problems under the gate policy in effect at
-- ingest (`c=1 all 10 requests failed; c=4 3 of 10 requests failed (30.0%, limit 1%)`).
-- `latest ...` selectors and history baselines skip invalid runs unless asked for `valid=any`.
ALTER TABLE runs ADD COLUMN invalid_reason text COLLATE "C";

-- Runs stored before this column: judged once by the default policy's failed-request rules
-- (more than 1 % of a point's request rows failed, or all of them) from their request rows.
-- The same text as SQLite's migration 004; nothing to judge in a store created with this migration.
UPDATE runs SET invalid_reason = (
    SELECT string_agg(problem, '; ' ORDER BY position) FROM (
        SELECT p.position, 'c=' || coalesce(p.concurrency::text, '?') || ' '
            || CASE WHEN f.failed = f.total THEN 'all ' || f.total || ' requests failed'
                    ELSE f.failed || ' of ' || f.total || ' requests failed (limit 1%)' END AS problem
        FROM perf_points p
        JOIN (SELECT point_id, sum((NOT success)::int) AS failed, count(*) AS total
              FROM perf_requests GROUP BY point_id) f
            ON f.point_id = p.id
        WHERE p.run_id = runs.id AND f.failed > 0.01 * f.total) AS problems)
WHERE kind = 'perf';
