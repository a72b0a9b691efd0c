using System.Data.Common;
using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;
using GcTool.Store.Sql;
using Npgsql;

namespace GcTool.Store.Postgres;

/// <summary>
/// PostgreSQL's side of the one SQL store: one gctool schema shared by every host whose environments
/// link into one (network-mounted) uv cache. Rows of one kind go to the server as one statement over
/// arrays (<c>unnest</c>), so a commit costs a handful of round trips however many rows it has.
/// </summary>
/// <remarks>
/// A transaction that loses a race (serialization failure, deadlock) is rolled back and run again
/// with a randomized back-off; a server that is gone is never retried: the error names it and the
/// command stops, having done nothing after its last committed transaction (the gc journal depends
/// on that). Scan commits from many hosts touch the same entry rows, so they are serialised by a
/// transaction-level advisory lock instead of deadlocking on row locks in random order.
/// </remarks>
internal sealed class PostgresDialect(NpgsqlConnectionStringBuilder settings) : SqlDialect
{
    /// <summary>Advisory lock key serialising scan commits ("gcscan").</summary>
    private const long ScanCommitLockKey = 0x6763_7363_616E;

    private static readonly TimeSpan RetryBudget = TimeSpan.FromMinutes(2);

    public override string DatabaseName { get; } = PostgresUrl.Describe(settings);

    public override int LatestSchemaVersion => PostgresMigrator.Embedded.LatestVersion;

    public override string SeparateDatabaseAdvice => "pass --db with a separate database (or ?schema=) for each cache";

    public override DbConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            Run(() => { connection.Open(); return 0; }, null);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override DbTransaction BeginWrite(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction();

    public override long ReadSchemaVersion(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteScalar<long>($"SELECT coalesce(max(version), 0) FROM {PostgresMigrator.VersionTable}", transaction: transaction);

    /// <remarks>Only lost races are re-run (<see cref="PostgresErrors.IsTransient"/>); a server that is gone is not.</remarks>
    public override T Run<T>(Func<T> unit, long? newerSchemaVersion)
    {
        try
        {
            return TransientRetry.Run(unit, PostgresErrors.IsTransient, RetryBudget, TimeSpan.FromMilliseconds(5),
                (waited, e) => PostgresErrors.StayedBusy(DatabaseName, waited, e));
        }
        catch (PostgresException e) when (newerSchemaVersion is { } found && e.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedTable)
        {
            throw NewerSchema(found);
        }
        catch (Exception e) when (e is not Core.Errors.GcToolException && PostgresErrors.Translate(e, DatabaseName) is { } error)
        {
            throw error;
        }
    }

    public override void LockScanCommits(DbTransaction transaction) =>
        transaction.Connection!.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = ScanCommitLockKey }, transaction);

    public override string Greatest => "greatest";

    public override string Least => "least";

    public override string ForUpdate => " FOR UPDATE";

    /// <remarks>
    /// Inodes go as one bytea per row; a bytea[] array cannot carry "null = keep the stored list" next
    /// to "empty = erase", so rows are sent per entry but in one batch.
    /// </remarks>
    public override void UpsertEntries(DbTransaction transaction, IReadOnlyList<EntryRecord> entries)
    {
        if (entries.Count == 0) return;
        var sql = $"""
            INSERT INTO entries ({SqlText.EntryColumns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            {SqlText.EntryConflict(this)}
            """;
        using var batch = new NpgsqlBatch(Npgsql(transaction).Connection, Npgsql(transaction));
        foreach (var e in entries)
        {
            var command = new NpgsqlBatchCommand(sql);
            Add(command, e.Key.ArchiveVersion, e.Key.Id.Value, e.Kind.ToName(), e.DistName, e.DistVersion, e.FileCount, e.Bytes,
                e.FreeableBytes, e.DirTime, e.FirstSeenAt, e.LastReferencedAt, StoreColumns.ToDb(e.Device),
                e.Inodes is null ? null : InodeBlob.Pack(e.Inodes));
            batch.BatchCommands.Add(command);
        }
        batch.ExecuteNonQuery();
    }

    public override void DeleteByEntryKey(DbTransaction transaction, string table, IReadOnlyList<EntryKey> keys) =>
        transaction.Connection!.Execute($"""
            DELETE FROM {table} t USING unnest(@versions, @ids) AS k(archive_version, entry_id)
            WHERE t.archive_version = k.archive_version AND t.entry_id = k.entry_id
            """,
            new { versions = keys.Select(k => k.ArchiveVersion).ToArray(), ids = keys.Select(k => k.Id.Value).ToArray() },
            transaction);

    public override void Rescan(DbTransaction transaction, IReadOnlyList<ScannedEnvironment> scanned, string host)
    {
        if (scanned.Count == 0) return;
        var c = transaction.Connection!;
        var envs = scanned.Select(s => s.Environment).ToList();
        // 1. Upsert every environment in one statement; ids come back by path.
        var ids = c.Query<EnvironmentIdRow>($"""
            INSERT INTO environments ({SqlText.EnvironmentColumns})
            SELECT * FROM unnest(@paths, @kinds, @roots, @asVersions, @asIds, @fingerprints, @pythons,
                                 @firstSeens, @lastScanneds, @fileCounts, @skippeds, @hosts)
            {SqlText.EnvironmentConflict(this)}
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
            c.Execute($"""
                INSERT INTO env_references ({SqlText.ReferenceColumns})
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

    public override void MarkUnchanged(DbTransaction transaction, IReadOnlyList<EnvPath> unchanged, long scannedAt, string host)
    {
        if (unchanged.Count == 0) return;
        transaction.Connection!.Execute(
            """
            UPDATE environments SET last_scanned_at = @at, host = @host
            WHERE path = ANY(@paths) AND (last_scanned_at < @stale OR host IS DISTINCT FROM @host)
            """,
            new { at = scannedAt, host, paths = unchanged.Select(p => StoredText.Encode(p.Value)).ToArray(), stale = scannedAt - TouchResolution.Seconds },
            transaction);
    }

    public override void RemoveEnvironments(DbTransaction transaction, IReadOnlyList<EnvPath> removed)
    {
        if (removed.Count == 0) return;
        transaction.Connection!.Execute("DELETE FROM environments WHERE path = ANY(@paths)",
            new { paths = removed.Select(p => StoredText.Encode(p.Value)).ToArray() }, transaction);
    }

    public override void InsertDiscoveryDirectories(DbTransaction transaction, string host, string root, IReadOnlyList<WalkedDirectory> directories) =>
        transaction.Connection!.Execute($"""
            INSERT INTO discovery_dirs ({SqlText.DiscoveryDirectoryColumns})
            SELECT @host, @root, ordinal - 1, path, modified_ns, is_environment, is_mount_root
            FROM unnest(@paths, @modified, @isEnv, @isMount) WITH ORDINALITY AS d(path, modified_ns, is_environment, is_mount_root, ordinal)
            """,
            new
            {
                host,
                root,
                paths = directories.Select(d => StoredText.Encode(d.Path)).ToArray(),
                modified = directories.Select(d => d.ModifiedNs).ToArray(),
                isEnv = directories.Select(d => d.IsEnvironment).ToArray(),
                isMount = directories.Select(d => d.IsMountRoot).ToArray(),
            },
            transaction);

    public override void InsertPlanItems(DbTransaction transaction, long runId, IReadOnlyList<GcPlanItemRecord> items, string state) =>
        transaction.Connection!.Execute($"""
            INSERT INTO gc_items ({SqlText.PlanItemColumns})
            SELECT @run, archive_version, entry_id, dist_name, dist_version, bytes, freeable_bytes, reason, @state
            FROM unnest(@versions, @ids, @names, @distVersions, @bytes, @freeable, @reasons)
                WITH ORDINALITY AS i(archive_version, entry_id, dist_name, dist_version, bytes, freeable_bytes, reason, ordinal)
            ORDER BY ordinal
            """,
            new
            {
                run = runId,
                state,
                versions = items.Select(i => i.Entry.ArchiveVersion).ToArray(),
                ids = items.Select(i => i.Entry.Id.Value).ToArray(),
                names = items.Select(i => i.DistName).ToArray(),
                distVersions = items.Select(i => i.DistVersion).ToArray(),
                bytes = items.Select(i => i.Bytes).ToArray(),
                freeable = items.Select(i => i.FreeableBytes).ToArray(),
                reasons = items.Select(i => i.Reason).ToArray(),
            },
            transaction);

    public override void ReplaceCondemned(DbTransaction transaction, IReadOnlyList<EntryKey> entries, long now)
    {
        var args = new { versions = entries.Select(k => k.ArchiveVersion).ToArray(), ids = entries.Select(k => k.Id.Value).ToArray(), now };
        transaction.Connection!.Execute("""
            DELETE FROM condemned c
            WHERE NOT EXISTS (SELECT 1 FROM unnest(@versions, @ids) AS k(archive_version, entry_id)
                              WHERE k.archive_version = c.archive_version AND k.entry_id = c.entry_id)
            """, args, transaction);
        transaction.Connection!.Execute("""
            INSERT INTO condemned (archive_version, entry_id, condemned_at)
            SELECT DISTINCT archive_version, entry_id, @now FROM unnest(@versions, @ids) AS k(archive_version, entry_id)
            ON CONFLICT (archive_version, entry_id) DO NOTHING
            """, args, transaction);
    }

    private static NpgsqlTransaction Npgsql(DbTransaction transaction) => (NpgsqlTransaction)transaction;

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
