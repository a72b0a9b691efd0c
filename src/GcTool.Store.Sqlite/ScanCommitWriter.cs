using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// Writes one <see cref="ScanCommit"/> inside the caller's transaction. Each kind of row is written
/// by one prepared statement reused for every row: a scan may upsert 10k entries and 2k
/// environments with 100k references, and the whole commit is still a single transaction.
/// </summary>
internal static class ScanCommitWriter
{
    public static void Write(SqliteTransaction transaction, ScanCommit commit, string host)
    {
        // 1. Entries: upsert what was seen, drop what is gone from the cache.
        UpsertEntries(transaction, commit.EntriesUpserted);
        RemoveEntries(transaction, commit.EntriesRemoved);

        // 2. Environments: re-read ones replace their references; unchanged ones only get a new scan time.
        Rescan(transaction, commit.Rescanned, host);
        MarkUnchanged(transaction, commit.Unchanged, commit.ScannedAt, host);
        RemoveEnvironments(transaction, commit.Removed);
        Core.FaultInjection.Reached("mid-commit-scan");

        // 3. Discovery snapshots, one per walked root.
        ReplaceDiscoveries(transaction, commit.Discoveries, commit.ScannedAt, host);

        // 4. Every entry some environment references was referenced now; record the scan time.
        MarkReferenced(transaction, commit.ScannedAt);

        // 5. The two-phase protocol: this host has completed a scan now, and what is referenced is not condemned.
        RecordHostScan(transaction, host, commit.ScannedAt);
    }

    private static void RecordHostScan(SqliteTransaction transaction, string host, long scannedAt)
    {
        using var upsert = new PreparedCommand(transaction, """
            INSERT INTO hosts (host, first_seen_at, last_scan_at) VALUES (@host, @at, @at)
            ON CONFLICT (host) DO UPDATE SET last_scan_at = max(coalesce(hosts.last_scan_at, 0), excluded.last_scan_at), retired_at = NULL
            """, "@host", "@at");
        upsert.Execute(host, scannedAt);
        using var clear = new PreparedCommand(transaction, """
            DELETE FROM condemned
            WHERE EXISTS (SELECT 1 FROM env_references r
                          WHERE r.entry_id = condemned.entry_id AND r.archive_version = condemned.archive_version)
            """);
        clear.Execute();
    }

    /// <remarks>
    /// Keeps the earlier first-seen and the later last-referenced time of the stored and new row;
    /// replaces everything else. A record without inodes (<c>Inodes == null</c>, "not loaded")
    /// keeps the stored inode list rather than erasing it; an empty list replaces it.
    /// </remarks>
    public static void UpsertEntries(SqliteTransaction transaction, IReadOnlyList<EntryRecord> entries)
    {
        if (entries.Count == 0) return;
        using var upsert = new PreparedCommand(transaction, """
            INSERT INTO entries (archive_version, entry_id, kind, dist_name, dist_version, file_count, bytes,
                                 freeable_bytes, dir_time, first_seen_at, last_referenced_at, device, inodes)
            VALUES (@version, @id, @kind, @distName, @distVersion, @fileCount, @bytes,
                    @freeable, @dirTime, @firstSeen, @lastReferenced, @device, @inodes)
            ON CONFLICT (archive_version, entry_id) DO UPDATE SET
                kind = excluded.kind,
                dist_name = excluded.dist_name,
                dist_version = excluded.dist_version,
                file_count = excluded.file_count,
                bytes = excluded.bytes,
                freeable_bytes = excluded.freeable_bytes,
                dir_time = excluded.dir_time,
                first_seen_at = min(entries.first_seen_at, excluded.first_seen_at),
                last_referenced_at = max(coalesce(entries.last_referenced_at, excluded.last_referenced_at),
                                         coalesce(excluded.last_referenced_at, entries.last_referenced_at)),
                device = excluded.device,
                inodes = coalesce(excluded.inodes, entries.inodes)
            """,
            "@version", "@id", "@kind", "@distName", "@distVersion", "@fileCount", "@bytes",
            "@freeable", "@dirTime", "@firstSeen", "@lastReferenced", "@device", "@inodes");
        foreach (var e in entries)
        {
            upsert.Execute(
                e.Key.ArchiveVersion, e.Key.Id.Value, e.Kind.ToName(), e.DistName, e.DistVersion, e.FileCount, e.Bytes,
                e.FreeableBytes, e.DirTime, e.FirstSeenAt, e.LastReferencedAt, StoreColumns.ToDb(e.Device),
                e.Inodes is null ? null : InodeBlob.Pack(e.Inodes));
        }
    }

    public static void RemoveEntries(SqliteTransaction transaction, IReadOnlyList<Core.Cache.EntryKey> keys)
    {
        if (keys.Count == 0) return;
        using var delete = new PreparedCommand(transaction,
            "DELETE FROM entries WHERE archive_version = @version AND entry_id = @id", "@version", "@id");
        using var uncondemn = new PreparedCommand(transaction,
            "DELETE FROM condemned WHERE archive_version = @version AND entry_id = @id", "@version", "@id");
        foreach (var key in keys)
        {
            delete.Execute(key.ArchiveVersion, key.Id.Value);
            uncondemn.Execute(key.ArchiveVersion, key.Id.Value);
        }
    }

    /// <remarks>
    /// Upserts each environment (keeping the earlier first-seen time) and replaces its references and
    /// unmatched hardlinks. Two reference records for the same entry and link mode are merged (file
    /// counts add up), so a scanner that reports per directory cannot break the commit.
    /// </remarks>
    private static void Rescan(SqliteTransaction transaction, IReadOnlyList<ScannedEnvironment> scanned, string host)
    {
        if (scanned.Count == 0) return;
        using var upsert = new PreparedCommand(transaction, """
            INSERT INTO environments (path, kind, root, as_entry_version, as_entry_id, fingerprint, python_version,
                                      first_seen_at, last_scanned_at, file_count, skipped_count, host)
            VALUES (@path, @kind, @root, @asVersion, @asId, @fingerprint, @python,
                    @firstSeen, @lastScanned, @fileCount, @skipped, @host)
            ON CONFLICT (path) DO UPDATE SET
                kind = excluded.kind,
                root = excluded.root,
                as_entry_version = excluded.as_entry_version,
                as_entry_id = excluded.as_entry_id,
                fingerprint = excluded.fingerprint,
                python_version = excluded.python_version,
                first_seen_at = min(environments.first_seen_at, excluded.first_seen_at),
                last_scanned_at = excluded.last_scanned_at,
                file_count = excluded.file_count,
                skipped_count = excluded.skipped_count,
                host = excluded.host
            RETURNING id
            """,
            "@path", "@kind", "@root", "@asVersion", "@asId", "@fingerprint", "@python",
            "@firstSeen", "@lastScanned", "@fileCount", "@skipped", "@host");
        using var clearReferences = new PreparedCommand(transaction, "DELETE FROM env_references WHERE env_id = @env", "@env");
        using var clearUnmatched = new PreparedCommand(transaction, "DELETE FROM unmatched_hardlinks WHERE env_id = @env", "@env");
        using var insertReference = new PreparedCommand(transaction, """
            INSERT INTO env_references (env_id, archive_version, entry_id, link_mode, file_count, sample_file)
            VALUES (@env, @version, @id, @mode, @fileCount, @sample)
            ON CONFLICT (env_id, archive_version, entry_id, link_mode) DO UPDATE SET
                file_count = env_references.file_count + excluded.file_count
            """,
            "@env", "@version", "@id", "@mode", "@fileCount", "@sample");
        using var insertUnmatched = new PreparedCommand(transaction,
            "INSERT INTO unmatched_hardlinks (env_id, device, inode) VALUES (@env, @device, @inode) ON CONFLICT DO NOTHING",
            "@env", "@device", "@inode");

        foreach (var (env, references, unmatched) in scanned)
        {
            var id = (long)upsert.Scalar(
                StoredText.Encode(env.Path.Value), env.Kind.ToName(), StoredText.EncodeOrNull(env.Root?.Value), env.AsEntry?.ArchiveVersion, env.AsEntry?.Id.Value,
                StoredText.Encode(env.Fingerprint), env.PythonVersion, env.FirstSeenAt, env.LastScannedAt, env.FileCount, env.SkippedCount, env.Host ?? host)!;
            clearReferences.Execute(id);
            clearUnmatched.Execute(id);
            foreach (var r in references)
                insertReference.Execute(id, r.Entry.ArchiveVersion, r.Entry.Id.Value, r.Mode.ToName(), r.FileCount, StoredText.Encode(r.SampleFile));
            foreach (var file in unmatched)
                insertUnmatched.Execute(id, StoreColumns.ToDb(file.Device), StoreColumns.ToDb(file.Inode));
        }
    }

    /// <remarks>
    /// One statement for all of them (the paths go as one JSON array): every environment is unchanged in
    /// most scans, and 2,000 statement executions cost more than the rows they touch. Rows confirmed
    /// within <see cref="TouchResolution"/> by this host are not rewritten.
    /// </remarks>
    private static void MarkUnchanged(SqliteTransaction transaction, IReadOnlyList<EnvPath> unchanged, long scannedAt, string host)
    {
        if (unchanged.Count == 0) return;
        using var touch = new PreparedCommand(transaction,
            """
            UPDATE environments SET last_scanned_at = @at, host = @host
            WHERE path IN (SELECT value FROM json_each(@paths)) AND (last_scanned_at < @stale OR host IS NOT @host)
            """, "@at", "@host", "@paths", "@stale");
        touch.Execute(scannedAt, host, JsonArray(unchanged.Select(p => StoredText.Encode(p.Value))), scannedAt - TouchResolution.Seconds);
    }

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var value in values) json.WriteStringValue(value);
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <remarks>References and unmatched hardlinks go with the environment (foreign-key cascade).</remarks>
    private static void RemoveEnvironments(SqliteTransaction transaction, IReadOnlyList<EnvPath> removed)
    {
        if (removed.Count == 0) return;
        using var delete = new PreparedCommand(transaction, "DELETE FROM environments WHERE path = @path", "@path");
        foreach (var path in removed) delete.Execute(StoredText.Encode(path.Value));
    }

    private static void ReplaceDiscoveries(SqliteTransaction transaction, IReadOnlyList<DiscoverySnapshot> snapshots, long scannedAt, string host)
    {
        if (snapshots.Count == 0) return;
        using var clear = new PreparedCommand(transaction, "DELETE FROM discoveries WHERE root = @root", "@root");
        using var insert = new PreparedCommand(transaction,
            "INSERT INTO discoveries (root, scanned_at) VALUES (@root, @at)", "@root", "@at");
        using var insertDirectory = new PreparedCommand(transaction, """
            INSERT INTO discovery_dirs (root, ordinal, path, modified_ns, is_environment, is_mount_root)
            VALUES (@root, @ordinal, @path, @modified, @isEnv, @isMount)
            """,
            "@root", "@ordinal", "@path", "@modified", "@isEnv", "@isMount");
        using var touchRoot = new PreparedCommand(transaction,
            "UPDATE roots SET last_scan_at = @at WHERE path = @root AND host = @host", "@at", "@root", "@host");

        using var touch = new PreparedCommand(transaction,
            "UPDATE discoveries SET scanned_at = @at WHERE root = @root", "@at", "@root");

        foreach (var snapshot in snapshots)
        {
            var root = StoredText.Encode(snapshot.Root.Value);
            touchRoot.Execute(scannedAt, root, host);
            if (snapshot.SameAsRecorded)
            {
                touch.Execute(scannedAt, root);
                continue;
            }
            clear.Execute(root);
            insert.Execute(root, scannedAt);
            for (var i = 0; i < snapshot.Directories.Count; i++)
            {
                var d = snapshot.Directories[i];
                insertDirectory.Execute(root, i, StoredText.Encode(d.Path), d.ModifiedNs, d.IsEnvironment ? 1 : 0, d.IsMountRoot ? 1 : 0);
            }
        }
    }

    private static void MarkReferenced(SqliteTransaction transaction, long scannedAt)
    {
        using var markEntries = new PreparedCommand(transaction, """
            UPDATE entries SET last_referenced_at = @at
            WHERE (last_referenced_at IS NULL OR last_referenced_at < @at)
              AND EXISTS (SELECT 1 FROM env_references r
                          WHERE r.entry_id = entries.entry_id AND r.archive_version = entries.archive_version)
            """, "@at");
        markEntries.Execute(scannedAt);
        using var markScan = new PreparedCommand(transaction, "UPDATE meta SET last_scan_at = @at WHERE id = 1", "@at");
        markScan.Execute(scannedAt);
    }
}
