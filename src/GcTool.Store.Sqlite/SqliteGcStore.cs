using Dapper;
using GcTool.Core.Errors;
using GcTool.Core.Store;
using GcTool.Store.Sql;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// The SQL store on SQLite: one WAL-mode database per cache, shared by every gctool process that
/// works on that cache. Everything but opening the file is <see cref="SqlGcStore"/>'s, spoken in
/// the <see cref="SqliteDialect"/>.
/// </summary>
/// <remarks>
/// <para>Units of work are re-run while the database is busy (<see cref="SqliteRetry"/>), and SQLite
/// failures the user can fix become <see cref="GcToolException"/>s naming the file (<see cref="SqliteErrors"/>).</para>
/// <para>Not thread-safe: one instance holds one connection. Open one store per thread.</para>
/// </remarks>
public sealed class SqliteGcStore : SqlGcStore
{
    private SqliteGcStore(SqliteDialect dialect, SqliteConnection connection, long schemaVersion, string hostId)
        : base(dialect, connection, schemaVersion, hostId) { }

    /// <summary>The schema version this gctool writes.</summary>
    public static int LatestSchemaVersion => Migrator.Embedded.LatestVersion;

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
        return SqliteConnectionFactory.Using(connection, databasePath, () =>
        {
            var version = new SqliteRetry(databasePath, retryBudget).Run(() => Prepare(connection, databasePath));
            var store = new SqliteGcStore(new SqliteDialect(databasePath, busyTimeout, retryBudget), connection, version, hostId);
            store.AdoptRootsFromBeforeHosts();
            return store;
        });
    }

    /// <summary>Checks the file, switches it to WAL and migrates it; returns the resulting user_version.</summary>
    private static long Prepare(SqliteConnection connection, string databasePath)
    {
        // 1. Is this a gctool database (or an empty file we may turn into one)? Reading the header
        //    is also where a garbage or truncated file fails (SQLITE_NOTADB / SQLITE_CORRUPT).
        //    One statement, so one snapshot: read apart, another process's first migration could commit
        //    between them (version 0 and no application_id from before it, its tables from after it) and
        //    a fresh database opened by two processes at once would look like another program's.
        var header = connection.QuerySingle<DatabaseHeader>("""
            SELECT (SELECT user_version FROM pragma_user_version) AS UserVersion,
                   (SELECT application_id FROM pragma_application_id) AS ApplicationId,
                   (SELECT count(*) FROM sqlite_schema) AS Objects
            """);
        var (version, applicationId, objects) = (header.UserVersion, header.ApplicationId, header.Objects);
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

    internal sealed class DatabaseHeader
    {
        public long UserVersion { get; set; }
        public long ApplicationId { get; set; }
        public long Objects { get; set; }
    }
}
