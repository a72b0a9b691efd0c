-- gctool schema, migration 1. Never edit this file once shipped: add 0002_*.sql instead.
-- Conventions: times are integer Unix seconds; an entry is named by (archive_version, entry_id);
-- enums are stored as their text names; device and inode numbers are u64 stored as i64 bit patterns.

-- Marks the file as a gctool database ("gct0"), so a foreign SQLite file given as --db is refused.
PRAGMA application_id = 1734571056;

-- One row: the cache this database belongs to, and the time of the last committed scan.
CREATE TABLE meta (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    cache_real_path TEXT,
    cache_device    INTEGER,
    cache_inode     INTEGER,
    last_scan_at    INTEGER
) STRICT;
INSERT INTO meta (id) VALUES (1);

CREATE TABLE roots (
    path         TEXT PRIMARY KEY,
    added_at     INTEGER NOT NULL,
    last_scan_at INTEGER
) STRICT;

-- The last walk of each root; a root may have a snapshot with no directories.
-- No foreign key to roots: a snapshot is the scanner's data, and RemoveRoot deletes it explicitly.
CREATE TABLE discoveries (
    root       TEXT PRIMARY KEY,
    scanned_at INTEGER NOT NULL
) STRICT;

CREATE TABLE discovery_dirs (
    root           TEXT NOT NULL REFERENCES discoveries (root) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    path           TEXT NOT NULL,
    modified_ns    INTEGER NOT NULL,
    is_environment INTEGER NOT NULL,
    PRIMARY KEY (root, ordinal)
) STRICT, WITHOUT ROWID;

-- Archive entries. The inode list (packed little-endian u64) is the last column so that queries
-- which do not select it never read its overflow pages.
CREATE TABLE entries (
    archive_version    INTEGER NOT NULL,
    entry_id           TEXT NOT NULL,
    kind               TEXT NOT NULL,
    dist_name          TEXT,
    dist_version       TEXT,
    file_count         INTEGER NOT NULL,
    bytes              INTEGER NOT NULL,
    freeable_bytes     INTEGER NOT NULL,
    dir_time           INTEGER NOT NULL,
    first_seen_at      INTEGER NOT NULL,
    last_referenced_at INTEGER,
    device             INTEGER NOT NULL,
    inodes             BLOB,
    PRIMARY KEY (archive_version, entry_id)
) STRICT;

-- audit entry ID and FindEntry look entries up by id across archive versions.
CREATE INDEX entries_by_id ON entries (entry_id, archive_version);

CREATE TABLE environments (
    id               INTEGER PRIMARY KEY,
    path             TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    root             TEXT,
    as_entry_version INTEGER,
    as_entry_id      TEXT,
    fingerprint      TEXT NOT NULL,
    python_version   TEXT,
    first_seen_at    INTEGER NOT NULL,
    last_scanned_at  INTEGER NOT NULL,
    file_count       INTEGER NOT NULL,
    skipped_count    INTEGER NOT NULL,
    CHECK ((as_entry_version IS NULL) = (as_entry_id IS NULL))
) STRICT;

CREATE INDEX environments_by_root ON environments (root);
CREATE INDEX environments_by_entry ON environments (as_entry_id, as_entry_version);

-- Environment -> entry. Deliberately no foreign key to entries: an environment may name an entry
-- the scanner has not recorded (yet), e.g. through an alias mount of the cache.
CREATE TABLE env_references (
    env_id          INTEGER NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    archive_version INTEGER NOT NULL,
    entry_id        TEXT NOT NULL,
    link_mode       TEXT NOT NULL,
    file_count      INTEGER NOT NULL,
    sample_file     TEXT NOT NULL,
    PRIMARY KEY (env_id, archive_version, entry_id, link_mode)
) STRICT, WITHOUT ROWID;

CREATE INDEX env_references_by_entry ON env_references (entry_id, archive_version);

CREATE TABLE unmatched_hardlinks (
    env_id INTEGER NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    device INTEGER NOT NULL,
    inode  INTEGER NOT NULL,
    PRIMARY KEY (env_id, device, inode)
) STRICT, WITHOUT ROWID;

-- The gc journal: one row per run, one item per planned entry.
CREATE TABLE gc_runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    dry_run          INTEGER NOT NULL,
    min_age_seconds  INTEGER NOT NULL,
    host             TEXT NOT NULL,
    status           TEXT NOT NULL,
    lock_wait_ms     INTEGER NOT NULL DEFAULT 0,
    lock_held_ms     INTEGER NOT NULL DEFAULT 0,
    entries_deleted  INTEGER NOT NULL DEFAULT 0,
    bytes_freed      INTEGER NOT NULL DEFAULT 0,
    pointers_removed INTEGER NOT NULL DEFAULT 0,
    failures         INTEGER NOT NULL DEFAULT 0,
    error            TEXT
) STRICT;

CREATE INDEX gc_runs_by_finished ON gc_runs (dry_run, finished_at);

CREATE TABLE gc_items (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES gc_runs (id) ON DELETE CASCADE,
    archive_version INTEGER NOT NULL,
    entry_id        TEXT NOT NULL,
    dist_name       TEXT,
    dist_version    TEXT,
    bytes           INTEGER NOT NULL,
    freeable_bytes  INTEGER NOT NULL,
    reason          TEXT NOT NULL,
    state           TEXT NOT NULL,
    trash_path      TEXT,
    error           TEXT,
    UNIQUE (run_id, archive_version, entry_id)
) STRICT;

CREATE INDEX gc_items_by_state ON gc_items (state);
