using Dapper;
using GcTool.Core.Errors;
using GcTool.Core.Store;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// The SQLite implementation of <see cref="IGcStore"/>: one WAL-mode database per cache, shared by
/// every gctool process that works on that cache.
/// </summary>
/// <remarks>
/// <para>Every public method is one unit of work: a single read statement, or one write
/// transaction taken with <c>BEGIN IMMEDIATE</c> (so a writer never has to upgrade a read lock, which
/// SQLite would refuse with "database is locked" instead of waiting). Units are re-run while the
/// database is busy (<see cref="SqliteRetry"/>), and SQLite failures the user can fix become
/// <see cref="GcToolException"/>s naming the file (<see cref="SqliteErrors"/>).</para>
/// <para>A database written by a newer gctool is opened as is: reads work as long as the columns
/// they need still exist, and every write is refused with a <see cref="SafetyRefusalException"/>.</para>
/// <para>Not thread-safe: one instance holds one connection. Open one store per thread.</para>
/// </remarks>
public sealed partial class SqliteGcStore : IGcStore
{
    private readonly SqliteConnection connection;
    private readonly SqliteRetry retry;

    private SqliteGcStore(string databasePath, SqliteConnection connection, long schemaVersion, string hostId, TimeSpan retryBudget)
    {
        DatabasePath = databasePath;
        HostId = hostId;
        this.connection = connection;
        retry = new SqliteRetry(databasePath, retryBudget);
        SchemaVersion = schemaVersion;
    }

    /// <summary>The schema version this gctool writes.</summary>
    public static int LatestSchemaVersion => Migrator.Embedded.LatestVersion;

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The database's <c>user_version</c> after opening (and migrating).</summary>
    public long SchemaVersion { get; }

    public bool IsNewerSchema => SchemaVersion > LatestSchemaVersion;

    public string HostId { get; }

    /// <summary>Opens (creating if missing, with parent directories) and migrates the database at <paramref name="path"/>.</summary>
    /// <exception cref="GcToolException">The file is not a readable gctool database, or cannot be opened for writing.</exception>
    public static IGcStore Open(string path) => Open(path, HostIds.Default);

    /// <summary>As <see cref="Open(string)"/>, speaking for the host <paramref name="hostId"/>.</summary>
    public static IGcStore Open(string path, string hostId) => Open(path, hostId, SqliteConnectionFactory.BusyTimeout, SqliteRetry.DefaultBudget);

    /// <summary>As <see cref="Open(string, string)"/>, with shorter waits on a locked database (tests: a lock held "for a long time").</summary>
    internal static IGcStore Open(string path, string hostId, TimeSpan busyTimeout, TimeSpan retryBudget)
    {
        var databasePath = Path.GetFullPath(path);
        var connection = SqliteConnectionFactory.Open(databasePath, busyTimeout);
        try
        {
            var version = new SqliteRetry(databasePath, retryBudget).Run(() => Prepare(connection, databasePath));
            var store = new SqliteGcStore(databasePath, connection, version, hostId, retryBudget);
            if (!store.IsNewerSchema) store.AdoptRootsFromBeforeHosts();
            return store;
        }
        catch (SqliteException e) when (SqliteErrors.Translate(e, databasePath) is { } error)
        {
            connection.Dispose();
            throw error;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Checks the file, switches it to WAL and migrates it; returns the resulting user_version.</summary>
    private static long Prepare(SqliteConnection connection, string databasePath)
    {
        // 1. Is this a gctool database (or an empty file we may turn into one)? Reading the header
        //    is also where a garbage or truncated file fails (SQLITE_NOTADB / SQLITE_CORRUPT).
        var version = Migrator.ReadUserVersion(connection);
        var applicationId = connection.ExecuteScalar<long>("PRAGMA application_id");
        var objects = connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_schema");
        var empty = version == 0 && applicationId == 0 && objects == 0;
        if (!empty && applicationId != Migrator.ApplicationId)
            throw SqliteErrors.NotReadable(databasePath,
                $"it is an SQLite database of another program: application_id {applicationId}, user_version {version}");

        // 2. WAL lets readers (audit, status) run while a scan or gc writes. The mode is stored in
        //    the file, so this only writes the first time.
        if (!string.Equals(connection.ExecuteScalar<string>("PRAGMA journal_mode"), "wal", StringComparison.OrdinalIgnoreCase))
            connection.ExecuteScalar<string>("PRAGMA journal_mode = WAL");

        // 3. Apply missing migrations; a newer database is left as it is.
        Migrator.Embedded.Migrate(connection);
        return Migrator.ReadUserVersion(connection);
    }

    /// <summary>Runs one read. Each read is a single statement, so it sees one consistent snapshot without a transaction.</summary>
    private T Read<T>(Func<SqliteConnection, T> query) => Guarded(() => query(connection));

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction, refusing a newer schema.</summary>
    private T Write<T>(Func<SqliteTransaction, T> work)
    {
        if (IsNewerSchema) throw SqliteErrors.NewerSchema(DatabasePath, SchemaVersion, LatestSchemaVersion);
        return Guarded(() =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            // A newer gctool may have migrated the file since we opened it; its schema is not ours to write.
            var version = Migrator.ReadUserVersion(connection, transaction);
            if (version > LatestSchemaVersion) throw SqliteErrors.NewerSchema(DatabasePath, version, LatestSchemaVersion);
            var result = work(transaction);
            transaction.Commit();
            return result;
        });
    }

    private void Write(Action<SqliteTransaction> work) => Write(transaction => { work(transaction); return 0; });

    private T Guarded<T>(Func<T> unit)
    {
        try
        {
            return retry.Run(unit);
        }
        catch (SqliteException e) when (SqliteErrors.Translate(e, DatabasePath) is { } error)
        {
            throw error;
        }
        catch (SqliteException) when (IsNewerSchema)
        {
            // A newer gctool changed a table this read needs.
            throw SqliteErrors.NewerSchema(DatabasePath, SchemaVersion, LatestSchemaVersion);
        }
    }

    public void Dispose() => connection.Dispose();
}
