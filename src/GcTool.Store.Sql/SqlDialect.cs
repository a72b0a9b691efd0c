using System.Data.Common;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

/// <summary>
/// What one SQL backend does its own way; <see cref="SqlGcStore"/> holds everything else once. Kept
/// to what really differs: how a write transaction starts and is retried, how errors read, which
/// functions a few statements use, and how many rows go to the server in one statement.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The database for messages: a file path, or server, database and schema (no password).</summary>
    public abstract string DatabaseName { get; }

    /// <summary>The schema version this gctool writes.</summary>
    public abstract int LatestSchemaVersion { get; }

    /// <summary>What to do when the database belongs to another cache: the end of that refusal.</summary>
    public abstract string SeparateDatabaseAdvice { get; }

    // --- connections, transactions, errors ------------------------------------------------------

    /// <summary>A further connection to the same, already migrated database (the scan's background read).</summary>
    public abstract DbConnection OpenConnection();

    /// <summary>Starts a write transaction that will not have to upgrade a read lock.</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>The schema version as the database records it, read inside <paramref name="transaction"/>.</summary>
    public abstract long ReadSchemaVersion(DbConnection connection, DbTransaction transaction);

    /// <summary>
    /// Runs one unit of work (a read statement or a whole transaction, safe to re-run): re-runs it while
    /// the backend says it lost a race, and turns failures the user can act on into <see cref="GcToolException"/>s.
    /// </summary>
    /// <param name="newerSchemaVersion">The version when the database is newer than this gctool (a failed read then means a changed table), else null.</param>
    public abstract T Run<T>(Func<T> unit, long? newerSchemaVersion);

    public SafetyRefusalException NewerSchema(long found) =>
        new($"database {DatabaseName} was written by a newer gctool (schema {found}, this gctool knows {LatestSchemaVersion}); upgrade gctool or pass a different --db");

    /// <summary>
    /// Serialises the transactions that decide what is referenced (scan commits, condemning, retiring a
    /// host) where the backend does not already: concurrent scans touch the same entry rows and would
    /// otherwise deadlock on them in random order.
    /// </summary>
    public virtual void LockScanCommits(DbTransaction transaction) { }

    // --- SQL that is spelt differently -----------------------------------------------------------

    /// <summary>The scalar function for the larger of two values (SQLite <c>max</c>, PostgreSQL <c>greatest</c>).</summary>
    public abstract string Greatest { get; }

    /// <summary>The scalar function for the smaller of two values (SQLite <c>min</c>, PostgreSQL <c>least</c>).</summary>
    public abstract string Least { get; }

    /// <summary>The clause that locks the rows a read inside a write transaction returns ("" where the transaction already excludes other writers).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>A query for <see cref="IStoreQueries.LoadPlanningGraph"/> tuned to the backend's planner, or null for the whole graph.</summary>
    public virtual string? PlanningGraphSql => null;

    // --- many rows in one transaction -------------------------------------------------------------

    /// <summary>Upserts entries by the rules of <see cref="SqlText.EntryConflict"/>.</summary>
    public abstract void UpsertEntries(DbTransaction transaction, IReadOnlyList<EntryRecord> entries);

    /// <summary>Deletes the rows of <paramref name="table"/> (keyed by archive_version, entry_id) for <paramref name="keys"/>.</summary>
    public abstract void DeleteByEntryKey(DbTransaction transaction, string table, IReadOnlyList<EntryKey> keys);

    /// <summary>
    /// Upserts each environment by the rules of <see cref="SqlText.EnvironmentConflict"/> and replaces its
    /// references and unmatched hardlinks. Two reference records for the same entry and link mode are
    /// merged (file counts add up), so a scanner that reports per directory cannot break the commit.
    /// </summary>
    public abstract void Rescan(DbTransaction transaction, IReadOnlyList<ScannedEnvironment> scanned, string host);

    /// <summary>
    /// Records that <paramref name="unchanged"/> were seen by <paramref name="host"/> at <paramref name="scannedAt"/>;
    /// rows confirmed by this host within <see cref="TouchResolution"/> are not rewritten.
    /// </summary>
    public abstract void MarkUnchanged(DbTransaction transaction, IReadOnlyList<EnvPath> unchanged, long scannedAt, string host);

    /// <summary>Deletes environments by path; their references and unmatched hardlinks go with them (foreign-key cascade).</summary>
    public abstract void RemoveEnvironments(DbTransaction transaction, IReadOnlyList<EnvPath> removed);

    /// <summary>Inserts the directories of one discovery snapshot, in order.</summary>
    public abstract void InsertDiscoveryDirectories(DbTransaction transaction, string host, string root, IReadOnlyList<WalkedDirectory> directories);

    /// <summary>Inserts a run's planned items in plan order, each in state <paramref name="state"/>.</summary>
    public abstract void InsertPlanItems(DbTransaction transaction, long runId, IReadOnlyList<GcPlanItemRecord> items, string state);

    /// <summary>Makes <paramref name="entries"/> exactly the rows of <c>condemned</c>: kept ones keep their time, new ones get <paramref name="now"/>.</summary>
    public abstract void ReplaceCondemned(DbTransaction transaction, IReadOnlyList<EntryKey> entries, long now);
}
