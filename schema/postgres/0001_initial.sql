-- gctool schema for PostgreSQL, migration 1. Never edit this file once shipped: add 0002_*.sql instead.
-- The same tables as schema/sqlite/0001_initial.sql, in PostgreSQL's dialect. Conventions: times are
-- integer Unix seconds (bigint); an entry is named by (archive_version, entry_id); enums are stored as
-- their text names; device and inode numbers are u64 stored as bigint bit patterns.
-- The version table (gctool_schema_version) is created by the migrator, not here.

-- One row: the cache this database belongs to, and the time of the last committed scan.
CREATE TABLE meta (
    id              integer PRIMARY KEY CHECK (id = 1),
    cache_real_path text,
    cache_device    bigint,
    cache_inode     bigint,
    last_scan_at    bigint
);
INSERT INTO meta (id) VALUES (1);

CREATE TABLE roots (
    path         text COLLATE "C" PRIMARY KEY,
    added_at     bigint NOT NULL,
    last_scan_at bigint
);

CREATE TABLE discoveries (
    root       text PRIMARY KEY,
    scanned_at bigint NOT NULL
);

CREATE TABLE discovery_dirs (
    root           text NOT NULL REFERENCES discoveries (root) ON DELETE CASCADE ON UPDATE CASCADE,
    ordinal        integer NOT NULL,
    path           text NOT NULL,
    modified_ns    bigint NOT NULL,
    is_environment boolean NOT NULL,
    PRIMARY KEY (root, ordinal)
);

-- Archive entries; the inode list is packed little-endian u64 (as in SQLite).
CREATE TABLE entries (
    archive_version    integer NOT NULL,
    entry_id           text COLLATE "C" NOT NULL,
    kind               text NOT NULL,
    dist_name          text COLLATE "C",
    dist_version       text,
    file_count         bigint NOT NULL,
    bytes              bigint NOT NULL,
    freeable_bytes     bigint NOT NULL,
    dir_time           bigint NOT NULL,
    first_seen_at      bigint NOT NULL,
    last_referenced_at bigint,
    device             bigint NOT NULL,
    inodes             bytea,
    PRIMARY KEY (archive_version, entry_id)
);

CREATE INDEX entries_by_id ON entries (entry_id, archive_version);

CREATE TABLE environments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path             text COLLATE "C" NOT NULL UNIQUE,
    kind             text NOT NULL,
    root             text COLLATE "C",
    as_entry_version integer,
    as_entry_id      text COLLATE "C",
    fingerprint      text NOT NULL,
    python_version   text,
    first_seen_at    bigint NOT NULL,
    last_scanned_at  bigint NOT NULL,
    file_count       bigint NOT NULL,
    skipped_count    bigint NOT NULL,
    CHECK ((as_entry_version IS NULL) = (as_entry_id IS NULL))
);

CREATE INDEX environments_by_root ON environments (root);
CREATE INDEX environments_by_entry ON environments (as_entry_id, as_entry_version);

-- Environment -> entry; no foreign key to entries (an environment may name an entry not recorded yet).
CREATE TABLE env_references (
    env_id          bigint NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    archive_version integer NOT NULL,
    entry_id        text COLLATE "C" NOT NULL,
    link_mode       text COLLATE "C" NOT NULL,
    file_count      bigint NOT NULL,
    sample_file     text NOT NULL,
    PRIMARY KEY (env_id, archive_version, entry_id, link_mode)
);

CREATE INDEX env_references_by_entry ON env_references (entry_id, archive_version);

CREATE TABLE unmatched_hardlinks (
    env_id bigint NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    device bigint NOT NULL,
    inode  bigint NOT NULL,
    PRIMARY KEY (env_id, device, inode)
);

-- The gc journal: one row per run, one item per planned entry.
CREATE TABLE gc_runs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at       bigint NOT NULL,
    finished_at      bigint,
    dry_run          boolean NOT NULL,
    min_age_seconds  bigint NOT NULL,
    host             text NOT NULL,
    status           text NOT NULL,
    lock_wait_ms     bigint NOT NULL DEFAULT 0,
    lock_held_ms     bigint NOT NULL DEFAULT 0,
    entries_deleted  bigint NOT NULL DEFAULT 0,
    bytes_freed      bigint NOT NULL DEFAULT 0,
    pointers_removed bigint NOT NULL DEFAULT 0,
    failures         bigint NOT NULL DEFAULT 0,
    error            text
);

CREATE INDEX gc_runs_by_finished ON gc_runs (dry_run, finished_at);

CREATE TABLE gc_items (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id          bigint NOT NULL REFERENCES gc_runs (id) ON DELETE CASCADE,
    archive_version integer NOT NULL,
    entry_id        text COLLATE "C" NOT NULL,
    dist_name       text,
    dist_version    text,
    bytes           bigint NOT NULL,
    freeable_bytes  bigint NOT NULL,
    reason          text NOT NULL,
    state           text NOT NULL,
    trash_path      text,
    error           text,
    UNIQUE (run_id, archive_version, entry_id)
);

CREATE INDEX gc_items_by_state ON gc_items (state);
