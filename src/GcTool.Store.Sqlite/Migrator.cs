using GcTool.Core.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// Brings a database up to the newest schema by applying the missing migrations in order, each in
/// its own <c>BEGIN IMMEDIATE</c> transaction together with its <c>PRAGMA user_version</c>.
/// </summary>
/// <remarks>
/// Modelled on cargo's <c>util/sqlite.rs</c>: the migration list is append-only and
/// <c>user_version</c> is the number of migrations applied. The version is read again inside each
/// exclusive transaction, so two gctool processes opening a fresh database at once apply each
/// migration exactly once. An up-to-date database is only read, never write-locked, so opening
/// it does not wait for a running writer. A database newer than this gctool is left untouched.
/// </remarks>
public sealed class Migrator
{
    /// <summary>SQLite <c>application_id</c> of a gctool database ("gct0"); migration 1 sets it.</summary>
    public const int ApplicationId = 0x67637430;

    private readonly IReadOnlyList<SchemaMigration> migrations;

    public Migrator(IReadOnlyList<SchemaMigration> migrations) => this.migrations = SchemaMigration.RequireNumberedWithoutGaps(migrations);

    /// <summary>The migrations compiled into this assembly (from <c>schema/sqlite/*.sql</c>), in order.</summary>
    public static IReadOnlyList<SchemaMigration> EmbeddedMigrations { get; } = SchemaMigration.LoadEmbedded(typeof(Migrator).Assembly, "schema.sqlite.");

    /// <summary>The migrator for the schema compiled into this gctool.</summary>
    public static Migrator Embedded { get; } = new(EmbeddedMigrations);

    /// <summary>The schema version this gctool writes: the number of the newest migration.</summary>
    public int LatestVersion => migrations.Count;

    public static long ReadUserVersion(SqliteConnection connection, SqliteTransaction? transaction = null) =>
        connection.ExecuteScalar<long>("PRAGMA user_version", transaction: transaction);

    /// <summary>Applies every missing migration; returns how many were applied (0 when up to date or newer).</summary>
    public int Migrate(SqliteConnection connection)
    {
        if (ReadUserVersion(connection) >= LatestVersion) return 0;

        var applied = 0;
        foreach (var migration in migrations)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            // Another process may have migrated while we waited for the write lock.
            if (ReadUserVersion(connection, transaction) >= migration.Version) continue;
            connection.Execute(migration.Sql, transaction: transaction);
            connection.Execute($"PRAGMA user_version = {migration.Version}", transaction: transaction);
            transaction.Commit();
            applied++;
        }
        return applied;
    }
}
