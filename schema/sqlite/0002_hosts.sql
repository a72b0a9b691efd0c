-- gctool schema, migration 2: hosts and the two-phase collection protocol. Never edit once shipped.
-- Several hosts may scan into one store; every row about an environment carries the host that saw it.

-- Every host that committed a scan. A retired host no longer holds up deletions.
CREATE TABLE hosts (
    host          TEXT PRIMARY KEY,
    first_seen_at INTEGER NOT NULL,
    last_scan_at  INTEGER,
    retired_at    INTEGER
) STRICT;

-- The host whose scan last saw the environment; NULL for rows written before this migration.
ALTER TABLE environments ADD COLUMN host TEXT;
CREATE INDEX environments_by_host ON environments (host);

-- Roots belong to a host: /srv/ci on host A is not /srv/ci on host B. SQLite cannot change a primary
-- key in place, so the table is rebuilt (nothing references it). Rows from before get the host ''
-- and are adopted by the first host that opens the database.
CREATE TABLE roots_by_host (
    host         TEXT NOT NULL,
    path         TEXT NOT NULL,
    added_at     INTEGER NOT NULL,
    last_scan_at INTEGER,
    PRIMARY KEY (host, path)
) STRICT;
INSERT INTO roots_by_host (host, path, added_at, last_scan_at) SELECT '', path, added_at, last_scan_at FROM roots;
DROP TABLE roots;
ALTER TABLE roots_by_host RENAME TO roots;

-- Phase 1 of a gc: entries no environment of any host references, and when they were condemned.
-- A later gc deletes one only after every active host has committed a scan after that time.
CREATE TABLE condemned (
    archive_version INTEGER NOT NULL,
    entry_id        TEXT NOT NULL,
    condemned_at    INTEGER NOT NULL,
    PRIMARY KEY (archive_version, entry_id)
) STRICT, WITHOUT ROWID;
