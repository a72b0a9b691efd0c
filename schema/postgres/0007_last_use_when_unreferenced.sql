-- gctool schema for PostgreSQL, migration 7: an entry's last use is written when it loses its last
-- reference, not by every scan. Never edit once shipped. The same change as
-- schema/sqlite/0007_last_use_when_unreferenced.sql (the reasons are there); here the trigger runs
-- once per statement over the rows it deleted (a rescan deletes the references of many
-- environments in one statement), and GREATEST already ignores a NULL.
CREATE FUNCTION entries_last_use_when_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entries e
    SET last_referenced_at = GREATEST(e.last_referenced_at, (SELECT last_scan_at FROM meta WHERE id = 1))
    FROM (SELECT DISTINCT archive_version, entry_id FROM unreferenced) gone
    WHERE e.archive_version = gone.archive_version AND e.entry_id = gone.entry_id
      AND NOT EXISTS (SELECT 1 FROM env_references r
                      WHERE r.entry_id = gone.entry_id AND r.archive_version = gone.archive_version);
    RETURN NULL;
END
$$;

CREATE TRIGGER env_references_last_use AFTER DELETE ON env_references
REFERENCING OLD TABLE AS unreferenced
FOR EACH STATEMENT EXECUTE FUNCTION entries_last_use_when_unreferenced();
