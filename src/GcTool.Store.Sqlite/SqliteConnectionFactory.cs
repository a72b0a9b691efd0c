using GcTool.Core.Errors;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>Opens connections to a gctool database, configured the same way every time.</summary>
/// <remarks>
/// Pooling is off: a pooled connection would keep the file (and its -wal) open after the store is
/// disposed, and each store holds its one connection for its whole life anyway. Foreign keys are
/// per connection in SQLite, so they are switched on here (<c>ForeignKeys</c> runs
/// <c>PRAGMA foreign_keys = ON</c> at open), as is the busy timeout.
/// </remarks>
internal static class SqliteConnectionFactory
{
    /// <summary>How long one statement waits for another connection's lock before SQLite reports busy.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pages are read through a memory map instead of one pread each: every process starts with an empty page
    /// cache, and a rescan that finds nothing new still reads ~3,500 pages at 1× (the stored state, and the
    /// reference index the commit probes), 12 µs of system time each. Mapped pages count in the resident set
    /// (they are the page cache's), so only the first 64 MB are mapped: all of a 2,000-venv database, and at
    /// most 64 MB more resident for a larger one (unbounded, the 10,000-venv rescan peaked at 286 MB, 129 MB before).
    /// </summary>
    private const long MemoryMapBytes = 64L << 20;

    /// <summary>Creates the parent directory if needed and opens (creating if missing) the database file.</summary>
    public static SqliteConnection Open(string databasePath) => Open(databasePath, BusyTimeout);

    /// <param name="busyTimeout">How long a statement waits for another connection's lock (tests shorten it).</param>
    public static SqliteConnection Open(string databasePath, TimeSpan busyTimeout)
    {
        SqliteNativeLibrary.EnsureResolver();
        DatabasePathGuard.Check(databasePath);
        EnsureParentDirectory(databasePath);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        return Using(connection, databasePath, () =>
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA mmap_size = {MemoryMapBytes}";
            command.ExecuteNonQuery();
            return connection;
        });
    }

    /// <summary>
    /// Runs the first work on a new connection: if it fails, the connection is closed (nobody else will) and an
    /// SQLite failure the user can act on becomes a <see cref="Core.Errors.GcToolException"/> naming the file.
    /// </summary>
    public static T Using<T>(SqliteConnection connection, string databasePath, Func<T> work)
    {
        try
        {
            return work();
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

    private static void EnsureParentDirectory(string databasePath)
    {
        var directory = Path.GetDirectoryName(databasePath);
        if (string.IsNullOrEmpty(directory)) return;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GcToolException(ExitCode.Failure,
                $"cannot create the directory {directory} for database {databasePath} ({e.Message}); fix the permissions or pass a different --db", e);
        }
    }
}
