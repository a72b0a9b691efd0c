using Dapper;
using GcTool.Core.Errors;
using GcTool.Core.Store;
using GcTool.Store.Sql;
using Npgsql;

namespace GcTool.Store.Postgres;

/// <summary>
/// The SQL store on PostgreSQL: one gctool schema shared by every host whose environments link into
/// one (network-mounted) uv cache. Everything but connecting and migrating is <see cref="SqlGcStore"/>'s,
/// spoken in the <see cref="PostgresDialect"/>.
/// </summary>
/// <remarks>Not thread-safe: one instance holds one connection. Open one store per thread.</remarks>
public sealed class PostgresGcStore : SqlGcStore
{
    private PostgresGcStore(PostgresDialect dialect, NpgsqlConnection connection, long schemaVersion, string hostId)
        : base(dialect, connection, schemaVersion, hostId) { }

    /// <summary>The schema version this gctool writes.</summary>
    public static int LatestSchemaVersion => PostgresMigrator.Embedded.LatestVersion;

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
            var store = new PostgresGcStore(new PostgresDialect(settings), connection, version, hostId);
            store.AdoptRootsFromBeforeHosts();
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
}
