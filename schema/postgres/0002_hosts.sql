-- gctool schema for PostgreSQL, migration 2: hosts and the two-phase collection protocol.
-- Never edit once shipped. The same change as schema/sqlite/0002_hosts.sql, plus per-host
-- discovery snapshots (hosts share a PostgreSQL database, so one path may name two directories).

CREATE TABLE hosts (
    host          text COLLATE "C" PRIMARY KEY,
    first_seen_at bigint NOT NULL,
    last_scan_at  bigint,
    retired_at    bigint
);

-- The host whose scan last saw the environment; NULL for rows written before this migration.
ALTER TABLE environments ADD COLUMN host text COLLATE "C";
CREATE INDEX environments_by_host ON environments (host);

-- Roots belong to a host; rows from before get '' and are adopted by the first host that opens the schema.
ALTER TABLE roots ADD COLUMN host text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE roots DROP CONSTRAINT roots_pkey;
ALTER TABLE roots ADD PRIMARY KEY (host, path);
ALTER TABLE roots ALTER COLUMN host DROP DEFAULT;

-- Discovery snapshots are a cache of the last walk; they are re-made per host (the next scan walks in full).
DROP TABLE discovery_dirs;
DROP TABLE discoveries;
CREATE TABLE discoveries (
    host       text COLLATE "C" NOT NULL,
    root       text COLLATE "C" NOT NULL,
    scanned_at bigint NOT NULL,
    PRIMARY KEY (host, root)
);
CREATE TABLE discovery_dirs (
    host           text COLLATE "C" NOT NULL,
    root           text COLLATE "C" NOT NULL,
    ordinal        integer NOT NULL,
    path           text NOT NULL,
    modified_ns    bigint NOT NULL,
    is_environment boolean NOT NULL,
    PRIMARY KEY (host, root, ordinal),
    FOREIGN KEY (host, root) REFERENCES discoveries (host, root) ON DELETE CASCADE
);

CREATE TABLE condemned (
    archive_version integer NOT NULL,
    entry_id        text COLLATE "C" NOT NULL,
    condemned_at    bigint NOT NULL,
    PRIMARY KEY (archive_version, entry_id)
);
