-- The run database: every image genlab generates (from the CLI or the server) and every bench run with its rows.
-- Times are ISO-8601 UTC strings, so that they sort and compare as text.

CREATE TABLE images (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    created        TEXT    NOT NULL,
    source         TEXT    NOT NULL,          -- 'cli' or 'server'
    path           TEXT    NOT NULL,          -- absolute path of the PNG as written
    model          TEXT    NOT NULL,
    family         TEXT    NOT NULL,
    weights_sha256 TEXT,
    seed           INTEGER NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    class_name     TEXT,
    prompt         TEXT,
    sampler        TEXT,
    steps          INTEGER,
    cfg            REAL,
    parameters     TEXT    NOT NULL,          -- AUTOMATIC1111's parameters text, as in the PNG
    record         TEXT    NOT NULL,          -- genlab's JSON record, as in the PNG
    seconds        REAL    NOT NULL,          -- generation time per image (its micro-batch's share)
    rss_mb         REAL                       -- resident memory of the process after the image, MB
);
CREATE INDEX images_by_model ON images (model, created);
CREATE INDEX images_by_time ON images (created);

CREATE TABLE bench_runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    created       TEXT    NOT NULL,
    dir           TEXT,                       -- the run's report folder, when known
    genlab        TEXT,
    commit_id     TEXT,
    device        TEXT,
    threads       INTEGER,
    wall_seconds  REAL,
    results       TEXT    NOT NULL            -- results.json, whole
);
CREATE INDEX bench_runs_by_time ON bench_runs (created);

CREATE TABLE bench_rows (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id            INTEGER NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
    model             TEXT    NOT NULL,
    family            TEXT    NOT NULL,
    label             TEXT    NOT NULL,       -- the model with its settings, as the report names the row
    settings          TEXT    NOT NULL,       -- JSON object
    seconds_per_image REAL,
    images_per_second REAL,
    best_batch        INTEGER,
    rss_after_load_mb REAL,
    peak_rss_mb       REAL,
    peak_gpu_mb       REAL,
    fd                REAL,
    failure           TEXT                    -- why the row could not be measured, else null
);
CREATE INDEX bench_rows_by_model ON bench_rows (model);

-- Files whose lines were imported (runs/history.jsonl of earlier versions), so that each imports once.
CREATE TABLE imported_files (
    path     TEXT PRIMARY KEY,
    lines    INTEGER NOT NULL,
    imported TEXT    NOT NULL
);
