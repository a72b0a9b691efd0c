-- gctool schema, migration 5: which walked directories were mount points. Never edit once shipped.
-- An environment that vanishes because the file system it lived on was unmounted must not look
-- removed (gc would delete what it links to); a directory that was a mount point and no longer is
-- tells the two apart. Rows from before say 0, as nothing was known then.
ALTER TABLE discovery_dirs ADD COLUMN is_mount_root INTEGER NOT NULL DEFAULT 0;
