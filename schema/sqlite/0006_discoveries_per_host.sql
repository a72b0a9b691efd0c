-- gctool schema, migration 6: discovery snapshots per host and root. Never edit once shipped.
-- A root path names a directory on one host: /srv/ci on host A is not /srv/ci on host B, so each
-- host keeps its own record of its last walk (PostgreSQL has keyed them so since its migration 2).
-- SQLite cannot change a primary key in place, so both tables are rebuilt. Each snapshot goes to
-- every host that registered its root, as all of them read it until now; a snapshot of a root no
-- host registers is dropped (it is only a cache: the next scan walks in full). Rows of the host ''
-- (roots from before migration 2) are adopted by the first host that opens the database.
ALTER TABLE discovery_dirs RENAME TO discovery_dirs_0005;
ALTER TABLE discoveries RENAME TO discoveries_0005;

CREATE TABLE discoveries (
    host       TEXT NOT NULL,
    root       TEXT NOT NULL,
    scanned_at INTEGER NOT NULL,
    PRIMARY KEY (host, root)
) STRICT, WITHOUT ROWID;

CREATE TABLE discovery_dirs (
    host           TEXT NOT NULL,
    root           TEXT NOT NULL,
    ordinal        INTEGER NOT NULL,
    path           TEXT NOT NULL,
    modified_ns    INTEGER NOT NULL,
    is_environment INTEGER NOT NULL,
    is_mount_root  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (host, root, ordinal),
    FOREIGN KEY (host, root) REFERENCES discoveries (host, root) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT, WITHOUT ROWID;

INSERT INTO discoveries (host, root, scanned_at)
SELECT r.host, d.root, d.scanned_at FROM discoveries_0005 d JOIN roots r ON r.path = d.root;

INSERT INTO discovery_dirs (host, root, ordinal, path, modified_ns, is_environment, is_mount_root)
SELECT r.host, x.root, x.ordinal, x.path, x.modified_ns, x.is_environment, x.is_mount_root
FROM discovery_dirs_0005 x JOIN roots r ON r.path = x.root;

DROP TABLE discovery_dirs_0005;
DROP TABLE discoveries_0005;
