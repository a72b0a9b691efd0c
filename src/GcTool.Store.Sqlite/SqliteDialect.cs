using System.Data.Common;
using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Store;
using GcTool.Store.Sql;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// SQLite's side of the one SQL store: a WAL-mode file per cache; writes start with <c>BEGIN
/// IMMEDIATE</c>, which already makes writers take turns (so scan commits need no lock of their own);
/// many rows go through one statement prepared once and executed per row, which in-process costs
/// little next to the rows themselves.
/// </summary>
internal sealed class SqliteDialect(string databasePath, TimeSpan busyTimeout, TimeSpan retryBudget) : SqlDialect
{
    private readonly SqliteRetry retry = new(databasePath, retryBudget);

    public override string DatabaseName => databasePath;

    public override int LatestSchemaVersion => Migrator.Embedded.LatestVersion;

    public override string SeparateDatabaseAdvice =>
        $"pass --db with a separate database for each cache (or move {databasePath} aside to start over)";

    public override DbConnection OpenConnection() => SqliteConnectionFactory.Open(databasePath, busyTimeout);

    /// <remarks>
    /// <c>BEGIN IMMEDIATE</c>: a writer that started with a read lock would have to upgrade it, which
    /// SQLite refuses with "database is locked" instead of waiting.
    /// </remarks>
    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override long ReadSchemaVersion(DbConnection connection, DbTransaction transaction) =>
        Migrator.ReadUserVersion((SqliteConnection)connection, (SqliteTransaction)transaction);

    public override T Run<T>(Func<T> unit, long? newerSchemaVersion)
    {
        try
        {
            return retry.Run(unit);
        }
        catch (SqliteException e) when (SqliteErrors.Translate(e, databasePath) is { } error)
        {
            throw error;
        }
        catch (SqliteException) when (newerSchemaVersion is { } found)
        {
            // A newer gctool changed a table this read needs.
            throw NewerSchema(found);
        }
    }

    public override string Greatest => "max";

    public override string Least => "min";

    public override string ForUpdate => "";

    /// <remarks>
    /// One representative edge per recorded entry (an index probe on <c>env_references_by_entry</c> per entry,
    /// stopping at the first root reference), plus every edge of the few cached venv archives. MATERIALIZED
    /// keeps SQLite from flattening the CTE into a scan of all references, and CROSS JOIN fixes the join
    /// order. On 120k references: ~30 ms instead of ~500 ms for the whole sorted graph.
    /// </remarks>
    public override string PlanningGraphSql => """
        WITH representative AS MATERIALIZED (
            SELECT e.archive_version AS av, e.entry_id AS eid,
                   (SELECT r.env_id FROM env_references r JOIN environments v ON v.id = r.env_id
                    WHERE r.entry_id = e.entry_id AND r.archive_version = e.archive_version
                      AND v.kind <> @cachedVenv
                    LIMIT 1) AS env
            FROM entries e)
        SELECT v.path AS Path, v.kind AS Kind, v.as_entry_version AS AsEntryVersion, v.as_entry_id AS AsEntryId,
               r.archive_version AS ArchiveVersion, r.entry_id AS EntryId, r.link_mode AS LinkMode, r.file_count AS FileCount
        FROM representative rep
        CROSS JOIN environments v ON v.id = rep.env
        CROSS JOIN env_references r ON r.env_id = rep.env AND r.archive_version = rep.av AND r.entry_id = rep.eid
        UNION ALL
        SELECT v.path, v.kind, v.as_entry_version, v.as_entry_id, r.archive_version, r.entry_id, r.link_mode, r.file_count
        FROM environments v JOIN env_references r ON r.env_id = v.id
        WHERE v.kind = @cachedVenv
        """;

    public override void UpsertEntries(DbTransaction transaction, IReadOnlyList<EntryRecord> entries)
    {
        if (entries.Count == 0) return;
        using var upsert = new PreparedCommand(Sqlite(transaction), $"""
            INSERT INTO entries ({SqlText.EntryColumns})
            VALUES (@version, @id, @kind, @distName, @distVersion, @fileCount, @bytes,
                    @freeable, @dirTime, @firstSeen, @lastReferenced, @device, @inodes)
            {SqlText.EntryConflict(this)}
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

    public override void DeleteByEntryKey(DbTransaction transaction, string table, IReadOnlyList<EntryKey> keys)
    {
        using var delete = new PreparedCommand(Sqlite(transaction),
            $"DELETE FROM {table} WHERE archive_version = @version AND entry_id = @id", "@version", "@id");
        foreach (var key in keys) delete.Execute(key.ArchiveVersion, key.Id.Value);
    }

    public override void Rescan(DbTransaction transaction, IReadOnlyList<ScannedEnvironment> scanned, string host)
    {
        if (scanned.Count == 0) return;
        var t = Sqlite(transaction);
        using var upsert = new PreparedCommand(t, $"""
            INSERT INTO environments ({SqlText.EnvironmentColumns})
            VALUES (@path, @kind, @root, @asVersion, @asId, @fingerprint, @python,
                    @firstSeen, @lastScanned, @fileCount, @skipped, @host)
            {SqlText.EnvironmentConflict(this)}
            RETURNING id
            """,
            "@path", "@kind", "@root", "@asVersion", "@asId", "@fingerprint", "@python",
            "@firstSeen", "@lastScanned", "@fileCount", "@skipped", "@host");
        using var clearReferences = new PreparedCommand(t, "DELETE FROM env_references WHERE env_id = @env", "@env");
        using var clearUnmatched = new PreparedCommand(t, "DELETE FROM unmatched_hardlinks WHERE env_id = @env", "@env");
        using var insertReference = new PreparedCommand(t, $"""
            INSERT INTO env_references ({SqlText.ReferenceColumns})
            VALUES (@env, @version, @id, @mode, @fileCount, @sample)
            ON CONFLICT (env_id, archive_version, entry_id, link_mode) DO UPDATE SET
                file_count = env_references.file_count + excluded.file_count
            """,
            "@env", "@version", "@id", "@mode", "@fileCount", "@sample");
        using var insertUnmatched = new PreparedCommand(t,
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
    /// most scans, and 2,000 statement executions cost more than the rows they touch.
    /// </remarks>
    public override void MarkUnchanged(DbTransaction transaction, IReadOnlyList<EnvPath> unchanged, long scannedAt, string host)
    {
        if (unchanged.Count == 0) return;
        using var touch = new PreparedCommand(Sqlite(transaction),
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

    public override void RemoveEnvironments(DbTransaction transaction, IReadOnlyList<EnvPath> removed)
    {
        if (removed.Count == 0) return;
        using var delete = new PreparedCommand(Sqlite(transaction), "DELETE FROM environments WHERE path = @path", "@path");
        foreach (var path in removed) delete.Execute(StoredText.Encode(path.Value));
    }

    public override void InsertDiscoveryDirectories(DbTransaction transaction, string host, string root, IReadOnlyList<WalkedDirectory> directories)
    {
        using var insert = new PreparedCommand(Sqlite(transaction), $"""
            INSERT INTO discovery_dirs ({SqlText.DiscoveryDirectoryColumns})
            VALUES (@host, @root, @ordinal, @path, @modified, @isEnv, @isMount)
            """,
            "@host", "@root", "@ordinal", "@path", "@modified", "@isEnv", "@isMount");
        for (var i = 0; i < directories.Count; i++)
        {
            var d = directories[i];
            insert.Execute(host, root, i, StoredText.Encode(d.Path), d.ModifiedNs, d.IsEnvironment ? 1 : 0, d.IsMountRoot ? 1 : 0);
        }
    }

    public override void InsertPlanItems(DbTransaction transaction, long runId, IReadOnlyList<GcPlanItemRecord> items, string state)
    {
        using var insert = new PreparedCommand(Sqlite(transaction), $"""
            INSERT INTO gc_items ({SqlText.PlanItemColumns})
            VALUES (@run, @version, @id, @distName, @distVersion, @bytes, @freeable, @reason, @state)
            """,
            "@run", "@version", "@id", "@distName", "@distVersion", "@bytes", "@freeable", "@reason", "@state");
        foreach (var item in items)
        {
            insert.Execute(runId, item.Entry.ArchiveVersion, item.Entry.Id.Value, item.DistName, item.DistVersion,
                item.Bytes, item.FreeableBytes, item.Reason, state);
        }
    }

    /// <remarks>The new set goes into a temporary table first, so the two set operations are one statement each.</remarks>
    public override void ReplaceCondemned(DbTransaction transaction, IReadOnlyList<EntryKey> entries, long now)
    {
        var t = Sqlite(transaction);
        var connection = t.Connection!;
        connection.Execute("CREATE TEMP TABLE IF NOT EXISTS condemn_now (archive_version INTEGER NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (archive_version, entry_id)) WITHOUT ROWID", transaction: t);
        connection.Execute("DELETE FROM temp.condemn_now", transaction: t);
        using (var insert = new PreparedCommand(t,
                   "INSERT OR IGNORE INTO temp.condemn_now (archive_version, entry_id) VALUES (@version, @id)", "@version", "@id"))
        {
            foreach (var key in entries) insert.Execute(key.ArchiveVersion, key.Id.Value);
        }
        connection.Execute("""
            DELETE FROM condemned
            WHERE NOT EXISTS (SELECT 1 FROM temp.condemn_now n WHERE n.archive_version = condemned.archive_version AND n.entry_id = condemned.entry_id)
            """, transaction: t);
        connection.Execute("""
            INSERT INTO condemned (archive_version, entry_id, condemned_at)
            SELECT archive_version, entry_id, @now FROM temp.condemn_now WHERE true
            ON CONFLICT (archive_version, entry_id) DO NOTHING
            """, new { now }, t);
        connection.Execute("DELETE FROM temp.condemn_now", transaction: t);
    }

    private static SqliteTransaction Sqlite(DbTransaction transaction) => (SqliteTransaction)transaction;
}
