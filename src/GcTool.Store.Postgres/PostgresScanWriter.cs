using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;
using Npgsql;

namespace GcTool.Store.Postgres;

/// <summary>
/// Writes one <see cref="ScanCommit"/> inside the caller's transaction, with the same rules as the
/// SQLite writer (earliest first-seen, latest last-referenced, a record without inodes keeps the
/// stored ones, duplicate references merge). Rows of one kind go to the server as one statement over
/// arrays (<c>unnest</c>), so a commit costs a handful of round trips however many rows it has.
/// </summary>
internal static class PostgresScanWriter
{
    public static void Write(NpgsqlTransaction transaction, ScanCommit commit, string host)
    {
        // 1. Entries: upsert what was seen, drop what is gone from the cache.
        UpsertEntries(transaction, commit.EntriesUpserted);
        RemoveEntries(transaction, commit.EntriesRemoved);

        // 2. Environments: re-read ones replace their references; unchanged ones only get a new scan time.
        Rescan(transaction, commit.Rescanned, host);
        MarkUnchanged(transaction, commit.Unchanged, commit.ScannedAt, host);
        RemoveEnvironments(transaction, commit.Removed);

        // 3. Discovery snapshots, one per walked root.
        ReplaceDiscoveries(transaction, commit.Discoveries, commit.ScannedAt, host);

        // 4. Every entry some environment references was referenced now; record the scan time.
        MarkReferenced(transaction, commit.ScannedAt);

        // 5. The two-phase protocol: this host has completed a scan now, and what is referenced is not condemned.
        RecordHostScan(transaction, host, commit.ScannedAt);
    }

    private static void RecordHostScan(NpgsqlTransaction transaction, string host, long scannedAt)
    {
        var c = Connection(transaction);
        c.Execute("""
            INSERT INTO hosts (host, first_seen_at, last_scan_at) VALUES (@host, @at, @at)
            ON CONFLICT (host) DO UPDATE SET last_scan_at = greatest(hosts.last_scan_at, excluded.last_scan_at), retired_at = NULL
            """, new { host, at = scannedAt }, transaction);
        c.Execute("""
            DELETE FROM condemned c
            WHERE EXISTS (SELECT 1 FROM env_references r WHERE r.entry_id = c.entry_id AND r.archive_version = c.archive_version)
            """, transaction: transaction);
    }

    private static NpgsqlConnection Connection(NpgsqlTransaction t) => t.Connection!;

    public static void UpsertEntries(NpgsqlTransaction transaction, IReadOnlyList<EntryRecord> entries)
    {
        if (entries.Count == 0) return;
        // Inodes go as one bytea per row; a bytea[] array cannot carry "null = keep the stored list"
        // next to "empty = erase", so rows are sent per entry but in one batch.
        using var batch = new NpgsqlBatch(Connection(transaction), transaction);
        foreach (var e in entries)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO entries (archive_version, entry_id, kind, dist_name, dist_version, file_count, bytes,
                                     freeable_bytes, dir_time, first_seen_at, last_referenced_at, device, inodes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                ON CONFLICT (archive_version, entry_id) DO UPDATE SET
                    kind = excluded.kind,
                    dist_name = excluded.dist_name,
                    dist_version = excluded.dist_version,
                    file_count = excluded.file_count,
                    bytes = excluded.bytes,
                    freeable_bytes = excluded.freeable_bytes,
                    dir_time = excluded.dir_time,
                    first_seen_at = least(entries.first_seen_at, excluded.first_seen_at),
                    last_referenced_at = greatest(entries.last_referenced_at, excluded.last_referenced_at),
                    device = excluded.device,
                    inodes = coalesce(excluded.inodes, entries.inodes)
                """);
            Add(command, e.Key.ArchiveVersion, e.Key.Id.Value, e.Kind.ToName(), e.DistName, e.DistVersion, e.FileCount, e.Bytes,
                e.FreeableBytes, e.DirTime, e.FirstSeenAt, e.LastReferencedAt, StoreColumns.ToDb(e.Device),
                e.Inodes is null ? null : InodeBlob.Pack(e.Inodes));
            batch.BatchCommands.Add(command);
        }
        batch.ExecuteNonQuery();
    }

    public static void RemoveEntries(NpgsqlTransaction transaction, IReadOnlyList<EntryKey> keys)
    {
        if (keys.Count == 0) return;
        var args = new { versions = keys.Select(k => k.ArchiveVersion).ToArray(), ids = keys.Select(k => k.Id.Value).ToArray() };
        Connection(transaction).Execute("""
            DELETE FROM entries e USING unnest(@versions, @ids) AS k(archive_version, entry_id)
            WHERE e.archive_version = k.archive_version AND e.entry_id = k.entry_id
            """, args, transaction);
        Connection(transaction).Execute("""
            DELETE FROM condemned e USING unnest(@versions, @ids) AS k(archive_version, entry_id)
            WHERE e.archive_version = k.archive_version AND e.entry_id = k.entry_id
            """, args, transaction);
    }

    private static void Rescan(NpgsqlTransaction transaction, IReadOnlyList<ScannedEnvironment> scanned, string host)
    {
        if (scanned.Count == 0) return;
        var c = Connection(transaction);
        var envs = scanned.Select(s => s.Environment).ToList();
        // 1. Upsert every environment in one statement; ids come back by path.
        var ids = c.Query<EnvironmentIdRow>("""
            INSERT INTO environments (path, kind, root, as_entry_version, as_entry_id, fingerprint, python_version,
                                      first_seen_at, last_scanned_at, file_count, skipped_count, host)
            SELECT * FROM unnest(@paths, @kinds, @roots, @asVersions, @asIds, @fingerprints, @pythons,
                                 @firstSeens, @lastScanneds, @fileCounts, @skippeds, @hosts)
            ON CONFLICT (path) DO UPDATE SET
                kind = excluded.kind,
                root = excluded.root,
                as_entry_version = excluded.as_entry_version,
                as_entry_id = excluded.as_entry_id,
                fingerprint = excluded.fingerprint,
                python_version = excluded.python_version,
                first_seen_at = least(environments.first_seen_at, excluded.first_seen_at),
                last_scanned_at = excluded.last_scanned_at,
                file_count = excluded.file_count,
                skipped_count = excluded.skipped_count,
                host = excluded.host
            RETURNING path, id
            """,
            new
            {
                paths = envs.Select(e => StoredText.Encode(e.Path.Value)).ToArray(),
                kinds = envs.Select(e => e.Kind.ToName()).ToArray(),
                roots = envs.Select(e => StoredText.EncodeOrNull(e.Root?.Value)).ToArray(),
                asVersions = envs.Select(e => e.AsEntry?.ArchiveVersion).ToArray(),
                asIds = envs.Select(e => e.AsEntry?.Id.Value).ToArray(),
                fingerprints = envs.Select(e => StoredText.Encode(e.Fingerprint)).ToArray(),
                pythons = envs.Select(e => e.PythonVersion).ToArray(),
                firstSeens = envs.Select(e => e.FirstSeenAt).ToArray(),
                lastScanneds = envs.Select(e => e.LastScannedAt).ToArray(),
                fileCounts = envs.Select(e => e.FileCount).ToArray(),
                skippeds = envs.Select(e => e.SkippedCount).ToArray(),
                hosts = envs.Select(e => e.Host ?? host).ToArray(),
            },
            transaction).ToDictionary(r => r.Path, r => r.Id, StringComparer.Ordinal);

        // 2. Replace their references and unmatched hardlinks.
        var envIds = ids.Values.ToArray();
        c.Execute("DELETE FROM env_references WHERE env_id = ANY(@envIds)", new { envIds }, transaction);
        c.Execute("DELETE FROM unmatched_hardlinks WHERE env_id = ANY(@envIds)", new { envIds }, transaction);

        var references = scanned
            .SelectMany(s => s.References.Select(r => (Env: ids[StoredText.Encode(s.Environment.Path.Value)], r)))
            .GroupBy(x => (x.Env, x.r.Entry.ArchiveVersion, Id: x.r.Entry.Id.Value, Mode: x.r.Mode.ToName()))
            .Select(g => (g.Key, Files: g.Sum(x => x.r.FileCount), Sample: StoredText.Encode(g.First().r.SampleFile)))
            .ToList();
        if (references.Count > 0)
        {
            c.Execute("""
                INSERT INTO env_references (env_id, archive_version, entry_id, link_mode, file_count, sample_file)
                SELECT * FROM unnest(@envs, @versions, @ids, @modes, @files, @samples)
                """,
                new
                {
                    envs = references.Select(r => r.Key.Env).ToArray(),
                    versions = references.Select(r => r.Key.ArchiveVersion).ToArray(),
                    ids = references.Select(r => r.Key.Id).ToArray(),
                    modes = references.Select(r => r.Key.Mode).ToArray(),
                    files = references.Select(r => r.Files).ToArray(),
                    samples = references.Select(r => r.Sample).ToArray(),
                },
                transaction);
        }

        var unmatched = scanned
            .SelectMany(s => s.UnmatchedHardlinks.Select(f => (Env: ids[StoredText.Encode(s.Environment.Path.Value)], Device: StoreColumns.ToDb(f.Device), Inode: StoreColumns.ToDb(f.Inode))))
            .Distinct()
            .ToList();
        if (unmatched.Count > 0)
        {
            c.Execute("""
                INSERT INTO unmatched_hardlinks (env_id, device, inode)
                SELECT * FROM unnest(@envs, @devices, @inodes)
                """,
                new { envs = unmatched.Select(u => u.Env).ToArray(), devices = unmatched.Select(u => u.Device).ToArray(), inodes = unmatched.Select(u => u.Inode).ToArray() },
                transaction);
        }
    }

    /// <remarks>Rows confirmed within <see cref="TouchResolution"/> by this host are not rewritten.</remarks>
    private static void MarkUnchanged(NpgsqlTransaction transaction, IReadOnlyList<EnvPath> unchanged, long scannedAt, string host)
    {
        if (unchanged.Count == 0) return;
        Connection(transaction).Execute(
            """
            UPDATE environments SET last_scanned_at = @at, host = @host
            WHERE path = ANY(@paths) AND (last_scanned_at < @stale OR host IS DISTINCT FROM @host)
            """,
            new { at = scannedAt, host, paths = unchanged.Select(p => StoredText.Encode(p.Value)).ToArray(), stale = scannedAt - TouchResolution.Seconds },
            transaction);
    }

    /// <remarks>References and unmatched hardlinks go with the environment (foreign-key cascade).</remarks>
    private static void RemoveEnvironments(NpgsqlTransaction transaction, IReadOnlyList<EnvPath> removed)
    {
        if (removed.Count == 0) return;
        Connection(transaction).Execute("DELETE FROM environments WHERE path = ANY(@paths)",
            new { paths = removed.Select(p => StoredText.Encode(p.Value)).ToArray() }, transaction);
    }

    private static void ReplaceDiscoveries(NpgsqlTransaction transaction, IReadOnlyList<DiscoverySnapshot> snapshots, long scannedAt, string host)
    {
        if (snapshots.Count == 0) return;
        var c = Connection(transaction);
        var all = snapshots.Select(s => StoredText.Encode(s.Root.Value)).ToArray();
        c.Execute("UPDATE roots SET last_scan_at = @at WHERE host = @host AND path = ANY(@roots)", new { at = scannedAt, roots = all, host }, transaction);
        // A walk that found what is stored only records the scan time (see DiscoverySnapshot.SameAsRecorded).
        var same = snapshots.Where(s => s.SameAsRecorded).Select(s => StoredText.Encode(s.Root.Value)).ToArray();
        c.Execute("UPDATE discoveries SET scanned_at = @at WHERE host = @host AND root = ANY(@roots)", new { at = scannedAt, roots = same, host }, transaction);
        snapshots = snapshots.Where(s => !s.SameAsRecorded).ToList();
        if (snapshots.Count == 0) return;
        var roots = snapshots.Select(s => StoredText.Encode(s.Root.Value)).ToArray();
        c.Execute("DELETE FROM discoveries WHERE host = @host AND root = ANY(@roots)", new { roots, host }, transaction);
        c.Execute("INSERT INTO discoveries (host, root, scanned_at) SELECT @host, r, @at FROM unnest(@roots) AS r", new { roots, at = scannedAt, host }, transaction);
        var dirs = snapshots.SelectMany(s => s.Directories.Select((d, i) => (Root: StoredText.Encode(s.Root.Value), Ordinal: i, d))).ToList();
        if (dirs.Count > 0)
        {
            c.Execute("""
                INSERT INTO discovery_dirs (host, root, ordinal, path, modified_ns, is_environment, is_mount_root)
                SELECT @host, * FROM unnest(@roots, @ordinals, @paths, @modified, @isEnv, @isMount)
                """,
                new
                {
                    host,
                    roots = dirs.Select(x => x.Root).ToArray(),
                    ordinals = dirs.Select(x => x.Ordinal).ToArray(),
                    paths = dirs.Select(x => StoredText.Encode(x.d.Path)).ToArray(),
                    modified = dirs.Select(x => x.d.ModifiedNs).ToArray(),
                    isEnv = dirs.Select(x => x.d.IsEnvironment).ToArray(),
                    isMount = dirs.Select(x => x.d.IsMountRoot).ToArray(),
                },
                transaction);
        }
    }

    private static void MarkReferenced(NpgsqlTransaction transaction, long scannedAt)
    {
        var c = Connection(transaction);
        // Only rows whose time moves forward are written: hosts commit concurrently, a host with a
        // slower clock must not move an entry's last use back, and commits within the same second
        // (the common case under load) rewrite nothing.
        c.Execute("""
            UPDATE entries e SET last_referenced_at = @at
            WHERE (e.last_referenced_at IS NULL OR e.last_referenced_at < @at)
              AND EXISTS (SELECT 1 FROM env_references r
                          WHERE r.entry_id = e.entry_id AND r.archive_version = e.archive_version)
            """, new { at = scannedAt }, transaction);
        c.Execute("UPDATE meta SET last_scan_at = @at WHERE id = 1", new { at = scannedAt }, transaction);
    }

    private static void Add(NpgsqlBatchCommand command, params object?[] values)
    {
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
    }

    // A class, not a (Path, Id) tuple: Dapper.AOT generates readers for classes, not for tuples.
    internal sealed class EnvironmentIdRow
    {
        public string Path { get; set; } = "";
        public long Id { get; set; }
    }
}
