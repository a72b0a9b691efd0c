using System.Diagnostics;
using Dapper;
using GcTool.Core.Errors;
using GcTool.Core.Store;
using Npgsql;

namespace GcTool.Store.Postgres;

/// <summary>
/// The PostgreSQL implementation of <see cref="IGcStore"/>: one gctool schema shared by every host
/// whose environments link into one (network-mounted) uv cache.
/// </summary>
/// <remarks>
/// <para>Every public method is one unit of work: a single read statement (one snapshot under READ
/// COMMITTED), or one write transaction. A transaction that loses a race (serialization failure,
/// deadlock) is rolled back and run again with a randomized back-off; a server that is gone is
/// never retried: the error names it and the command stops, having done nothing after its last
/// committed transaction (the gc journal depends on that).</para>
/// <para>Scan commits from many hosts touch the same entry rows (every referenced entry gets its
/// last-referenced time), so they are serialised by a transaction-level advisory lock instead of
/// deadlocking on row locks in random order.</para>
/// <para>A schema written by a newer gctool is opened as is: reads work as long as the columns they
/// need still exist, and every write is refused with a <see cref="SafetyRefusalException"/>.</para>
/// <para>Not thread-safe: one instance holds one connection. Open one store per thread.</para>
/// </remarks>
public sealed partial class PostgresGcStore : IGcStore
{
    /// <summary>Advisory lock key serialising scan commits ("gcscan").</summary>
    private const long ScanCommitLockKey = 0x6763_7363_616E;

    private static readonly TimeSpan RetryBudget = TimeSpan.FromMinutes(2);

    private readonly NpgsqlConnection connection;

    private PostgresGcStore(string server, NpgsqlConnection connection, long schemaVersion, string hostId)
    {
        Server = server;
        HostId = hostId;
        this.connection = connection;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The schema version this gctool writes.</summary>
    public static int LatestSchemaVersion => PostgresMigrator.Embedded.LatestVersion;

    /// <summary>The server, database and schema, for messages (no password).</summary>
    public string Server { get; }

    public long SchemaVersion { get; }

    public bool IsNewerSchema => SchemaVersion > LatestSchemaVersion;

    public string HostId { get; }

    /// <summary>Connects to the database a <c>postgresql://</c> URL names, and migrates its gctool schema.</summary>
    public static IGcStore Open(string url, string hostId = HostIds.Default) => Open(PostgresUrl.Parse(url, Environment.GetEnvironmentVariable("PGHOST")), hostId);

    /// <exception cref="GcToolException">The server is unreachable, refuses the login, or the schema belongs to another program.</exception>
    public static IGcStore Open(NpgsqlConnectionStringBuilder settings, string hostId = HostIds.Default)
    {
        var server = PostgresUrl.Describe(settings);
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            connection.Open();
            if (PostgresMigrator.ReadVersion(connection) == 0 && PostgresMigrator.CountTables(connection) > 0 &&
                connection.ExecuteScalar<bool>($"SELECT to_regclass('{PostgresMigrator.VersionTable}') IS NULL"))
            {
                throw new GcToolException(ExitCode.Failure,
                    $"database {server} holds tables of another program in schema {connection.ExecuteScalar<string>("SELECT current_schema()")}; pass a database or ?schema= of its own to --db");
            }
            PostgresMigrator.Embedded.Migrate(connection);
            var version = PostgresMigrator.ReadVersion(connection);
            var store = new PostgresGcStore(server, connection, version, hostId);
            if (!store.IsNewerSchema) store.AdoptRootsFromBeforeHosts();
            return store;
        }
        catch (Exception e) when (e is not GcToolException && PostgresErrors.Translate(e, server) is { } error)
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

    /// <summary>Runs one read statement.</summary>
    private T Read<T>(Func<NpgsqlConnection, T> query) => Guarded(() => query(connection));

    /// <summary>Runs <paramref name="work"/> in one transaction, refusing a newer schema, re-running it when it loses a race.</summary>
    private T Write<T>(Func<NpgsqlTransaction, T> work)
    {
        if (IsNewerSchema) throw PostgresErrors.NewerSchema(Server, SchemaVersion, LatestSchemaVersion);
        return Guarded(() =>
        {
            using var transaction = connection.BeginTransaction();
            // A newer gctool may have migrated the schema since we opened it; its tables are not ours to write.
            var version = connection.ExecuteScalar<long>($"SELECT coalesce(max(version), 0) FROM {PostgresMigrator.VersionTable}", transaction: transaction);
            if (version > LatestSchemaVersion) throw PostgresErrors.NewerSchema(Server, version, LatestSchemaVersion);
            var result = work(transaction);
            transaction.Commit();
            return result;
        });
    }

    private void Write(Action<NpgsqlTransaction> work) => Write(transaction => { work(transaction); return 0; });

    private T Guarded<T>(Func<T> unit)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            try
            {
                return unit();
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e))
            {
                if (clock.Elapsed + delay > RetryBudget) throw PostgresErrors.StayedBusy(Server, clock.Elapsed, e);
                Thread.Sleep(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)delay.TotalMilliseconds + 1)));
                delay = delay * 2 < TimeSpan.FromMilliseconds(500) ? delay * 2 : TimeSpan.FromMilliseconds(500);
            }
            catch (PostgresException e) when (IsNewerSchema && e.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedTable)
            {
                throw PostgresErrors.NewerSchema(Server, SchemaVersion, LatestSchemaVersion);
            }
            catch (Exception e) when (e is not GcToolException && PostgresErrors.Translate(e, Server) is { } error)
            {
                throw error;
            }
        }
    }

    public void Dispose() => connection.Dispose();
}
