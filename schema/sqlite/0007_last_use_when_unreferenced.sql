-- gctool schema, migration 7: an entry's last use is written when it loses its last reference,
-- not by every scan. Never edit once shipped.
-- Until now each scan commit rewrote entries.last_referenced_at of every referenced entry (at 1x,
-- 3,000 rows and ~150 pages written, and checkpointed again, by a rescan that found nothing changed).
-- From now on, for an entry that some environment references, the time it was last referenced is
-- the last scan's (meta.last_scan_at), and readers derive it so (SqlGcStore's EntryRow); the stored
-- column holds what it held until now only once the entry has no reference left: the time of the
-- last scan that saw one. This trigger writes it then, whatever statement removed that reference
-- (a rescan, a removed environment, root or host; foreign-key cascades fire it too). It runs before
-- the commit's own meta.last_scan_at update, so the time is the previous scan's, as before.
-- max(coalesce(a, b), coalesce(b, a)) is the larger of the two, NULL only when both are.
CREATE TRIGGER env_references_last_use AFTER DELETE ON env_references
WHEN NOT EXISTS (SELECT 1 FROM env_references r
                 WHERE r.entry_id = OLD.entry_id AND r.archive_version = OLD.archive_version)
BEGIN
    UPDATE entries
    SET last_referenced_at = max(coalesce(last_referenced_at, (SELECT last_scan_at FROM meta WHERE id = 1)),
                                 coalesce((SELECT last_scan_at FROM meta WHERE id = 1), last_referenced_at))
    WHERE entry_id = OLD.entry_id AND archive_version = OLD.archive_version;
END;
