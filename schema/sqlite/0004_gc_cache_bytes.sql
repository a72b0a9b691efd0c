-- gctool schema, migration 4: the cache's size before and after each gc run. Never edit once shipped.
-- `gctool history` and the HTML report chart cache size over time from these, not only bytes freed.
-- NULL for runs recorded before this migration, and for runs that failed before they planned.
ALTER TABLE gc_runs ADD COLUMN cache_bytes_before INTEGER;
ALTER TABLE gc_runs ADD COLUMN cache_bytes_after INTEGER;
