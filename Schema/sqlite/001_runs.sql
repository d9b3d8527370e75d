-- Caliper store, migration 001: runs and what they measured.
-- Units are fixed by column name: *_s seconds, *_tokens token counts; perf_metrics values are in the
-- canonical unit of their metric (seconds, tokens/s, requests/s, fraction).

-- One benchmark result (one `evalscope perf` invocation, one `evalscope eval` work dir, ...).
CREATE TABLE runs (
    id                     INTEGER PRIMARY KEY,
    kind                   TEXT NOT NULL CHECK (kind IN ('perf', 'eval')),
    -- model
    model                  TEXT NOT NULL,
    model_checkpoint       TEXT,
    tokenizer_path         TEXT,
    -- serving engine
    engine                 TEXT,
    engine_version         TEXT,
    -- hardware, normalized: 'H20', 1, 96.0
    hardware_name          TEXT,
    hardware_count         INTEGER,
    hardware_memory_gb     REAL,
    -- generation config: canonical JSON (sorted keys) and its SHA-256, plus the fields people filter on
    generation_config      TEXT NOT NULL CHECK (json_valid(generation_config)),
    generation_config_hash TEXT NOT NULL,
    reasoning_effort       TEXT,
    temperature            REAL,
    top_p                  REAL,
    max_tokens             INTEGER,
    min_tokens             INTEGER,
    ignore_eos             INTEGER CHECK (ignore_eos IN (0, 1)),
    stream                 INTEGER CHECK (stream IN (0, 1)),
    -- workload (per-point concurrency and request counts are in perf_points)
    api                    TEXT,
    endpoint               TEXT,
    url                    TEXT,
    dataset                TEXT,
    dataset_path           TEXT,
    min_prompt_length      INTEGER,
    max_prompt_length      INTEGER,
    prefix_length          INTEGER,
    output_length          INTEGER,
    -- provenance
    source_tool            TEXT NOT NULL,
    source_version         TEXT,
    source_format          TEXT,
    source_path            TEXT,
    run_at                 TEXT,          -- local time of the benchmark host, as the tool wrote it
    ingested_at            TEXT NOT NULL, -- UTC, ISO 8601
    content_hash           TEXT NOT NULL UNIQUE
) STRICT;

CREATE INDEX runs_by_model ON runs (model, kind, run_at);
CREATE INDEX runs_by_config ON runs (generation_config_hash);

-- Free key=value labels: branch, commit, CI build.
CREATE TABLE run_labels (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) STRICT, WITHOUT ROWID;

CREATE INDEX run_labels_by_pair ON run_labels (key, value);

-- One load level of a perf run.
CREATE TABLE perf_points (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,   -- order in which the tool ran the points
    concurrency  INTEGER,            -- NULL in open loop
    request_rate REAL,               -- requests/s; NULL when unlimited
    requests     INTEGER NOT NULL,   -- measured requests, failed ones included
    duration_s   REAL,
    UNIQUE (run_id, position)
) STRICT;

-- Aggregates of a point, as the source reported them: metric x statistic.
-- metric: request_throughput, output_throughput, total_throughput, latency, ttft, tpot, itl,
--         success_rate, requests, failed_requests, input_tokens, output_tokens
-- stat:   value (a whole-run figure), mean, std, min, p1 ... p99, max
CREATE TABLE perf_metrics (
    point_id INTEGER NOT NULL REFERENCES perf_points (id) ON DELETE CASCADE,
    metric   TEXT NOT NULL,
    stat     TEXT NOT NULL,
    value    REAL NOT NULL,
    PRIMARY KEY (point_id, metric, stat)
) STRICT, WITHOUT ROWID;

-- One measured request (warm-up excluded), in completion order.
CREATE TABLE perf_requests (
    point_id       INTEGER NOT NULL REFERENCES perf_points (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    success        INTEGER NOT NULL CHECK (success IN (0, 1)),
    start_offset_s REAL,
    latency_s      REAL,
    ttft_s         REAL,
    tpot_s         REAL,
    itl_mean_s     REAL,
    itl_count      INTEGER,
    input_tokens   INTEGER,
    output_tokens  INTEGER,
    is_stream      INTEGER CHECK (is_stream IN (0, 1)),
    error          TEXT,
    PRIMARY KEY (point_id, seq)
) STRICT, WITHOUT ROWID;

-- Eval scores per dataset, subset and metric. subset NULL = the dataset-level figure.
-- metric names are canonical across tool versions (accuracy, pass@2, rouge-l-r, bleu-4);
-- source_metric keeps the source's own spelling (mean_acc, AverageAccuracy, ...).
CREATE TABLE eval_scores (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    dataset       TEXT NOT NULL,
    subset        TEXT,
    metric        TEXT NOT NULL,
    source_metric TEXT NOT NULL,
    score         REAL NOT NULL,
    num           INTEGER,
    is_primary    INTEGER NOT NULL CHECK (is_primary IN (0, 1))
) STRICT;

CREATE UNIQUE INDEX eval_scores_key ON eval_scores (run_id, dataset, coalesce(subset, ''), metric);

-- One scored answer: a question of a subset, one repeat of it.
CREATE TABLE eval_samples (
    run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    dataset       TEXT NOT NULL,
    subset        TEXT NOT NULL,
    sample_id     TEXT NOT NULL,
    question_id   TEXT NOT NULL,  -- the same across repeats and runs: pair on it
    repeat_index  INTEGER NOT NULL,
    metric        TEXT NOT NULL,
    score         REAL NOT NULL,
    input_tokens  INTEGER,
    output_tokens INTEGER,
    latency_s     REAL,
    ttft_s        REAL,
    PRIMARY KEY (run_id, dataset, subset, sample_id)
) STRICT, WITHOUT ROWID;
