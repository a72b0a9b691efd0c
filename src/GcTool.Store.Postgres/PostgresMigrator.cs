using GcTool.Core.Store;
using Dapper;
using Npgsql;

namespace GcTool.Store.Postgres;

/// <summary>
/// Brings a gctool schema up to date: applies the missing migrations in order, each in its own
/// transaction together with its row in <c>gctool_schema_version</c>.
/// </summary>
/// <remarks>
/// <para>The same contract as the SQLite migrator (append-only list, version = number of migrations
/// applied, a newer schema is left untouched), with PostgreSQL's tools: the version is a table, not
/// <c>PRAGMA user_version</c>, and hosts that open a fresh database at the same moment are
/// serialised by a session-level advisory lock held for the whole migration, then each re-reads the
/// version under it, so every migration runs exactly once.</para>
/// <para>An up-to-date schema is only read, never locked, so opening it does not wait for anyone.
/// The tables live in the connection's current schema (the first of <c>search_path</c>).</para>
/// </remarks>
public sealed class PostgresMigrator
{
    /// <summary>The advisory lock key taken while migrating ("gctool" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x6763_746F_6F6C;

    public const string VersionTable = "gctool_schema_version";

    private readonly IReadOnlyList<SchemaMigration> migrations;

    public PostgresMigrator(IReadOnlyList<SchemaMigration> migrations) => this.migrations = SchemaMigration.RequireNumberedWithoutGaps(migrations);

    /// <summary>The migrations compiled into this assembly (from <c>schema/postgres/*.sql</c>), in order.</summary>
    public static IReadOnlyList<SchemaMigration> EmbeddedMigrations { get; } = SchemaMigration.LoadEmbedded(typeof(PostgresMigrator).Assembly, "schema.postgres.");

    public static PostgresMigrator Embedded { get; } = new(EmbeddedMigrations);

    public int LatestVersion => migrations.Count;

    /// <summary>The schema's version: 0 when the version table does not exist yet.</summary>
    public static long ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        var exists = connection.ExecuteScalar<bool>($"SELECT to_regclass('{VersionTable}') IS NOT NULL", transaction: transaction);
        return exists ? connection.ExecuteScalar<long>($"SELECT coalesce(max(version), 0) FROM {VersionTable}", transaction: transaction) : 0;
    }

    /// <summary>Tables in the current schema; a schema with tables but no version table belongs to another program.</summary>
    public static long CountTables(NpgsqlConnection connection) =>
        connection.ExecuteScalar<long>("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");

    /// <summary>Applies every missing migration; returns how many were applied (0 when up to date or newer).</summary>
    public int Migrate(NpgsqlConnection connection)
    {
        if (ReadVersion(connection) >= LatestVersion) return 0;

        connection.Execute("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        try
        {
            connection.Execute($"""
                CREATE TABLE IF NOT EXISTS {VersionTable} (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at bigint NOT NULL DEFAULT extract(epoch FROM now())::bigint
                )
                """);
            var applied = 0;
            foreach (var migration in migrations)
            {
                using var transaction = connection.BeginTransaction();
                // Another host may have migrated while we waited for the advisory lock.
                if (ReadVersion(connection, transaction) >= migration.Version) continue;
                connection.Execute(migration.Sql, transaction: transaction);
                connection.Execute($"INSERT INTO {VersionTable} (version, name) VALUES (@version, @name)",
                    new { version = migration.Version, name = migration.Name }, transaction);
                transaction.Commit();
                applied++;
            }
            return applied;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
                connection.Execute("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }
}
