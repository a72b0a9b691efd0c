-- gctool schema for PostgreSQL, migration 6: discovery snapshots per host and root. Never edit once
-- shipped. The same change as schema/sqlite/0006_discoveries_per_host.sql; here the tables have been
-- keyed by (host, root) since migration 2, so only the cascade SQLite gained is added: a root
-- adopted from the host '' (AdoptRootsFromBeforeHosts) takes its snapshot along.
ALTER TABLE discovery_dirs DROP CONSTRAINT discovery_dirs_host_root_fkey;
ALTER TABLE discovery_dirs ADD CONSTRAINT discovery_dirs_host_root_fkey
    FOREIGN KEY (host, root) REFERENCES discoveries (host, root) ON DELETE CASCADE ON UPDATE CASCADE;
