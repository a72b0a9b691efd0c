-- gctool schema for PostgreSQL, migration 5: which walked directories were mount points.
-- Never edit once shipped. The same change as schema/sqlite/0005_mount_roots.sql.
ALTER TABLE discovery_dirs ADD COLUMN is_mount_root boolean NOT NULL DEFAULT false;
