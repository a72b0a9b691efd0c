using GcTool.Core.Store;
using GcTool.IntegrationTests.Postgres;
using GcTool.Store.Postgres;
using GcTool.Store.Sqlite;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>Migration 2 (hosts) on a database written by the previous gctool: nothing registered is lost.</summary>
public sealed class SqliteHostsMigrationTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public void Version1Database_KeepsItsRootsAndEnvironments_AdoptedByTheFirstHostThatOpensIt()
    {
        var path = directory.File("gctool.db");
        using (var connection = SqliteTestDatabase.Connect(path))
        {
            new Migrator(Migrator.EmbeddedMigrations.Take(1).ToList()).Migrate(connection);
            SqliteTestDatabase.Execute(connection, "INSERT INTO roots (path, added_at) VALUES ('/home/u/projects', 100)");
            SqliteTestDatabase.Execute(connection, "INSERT INTO environments (path, kind, root, fingerprint, first_seen_at, last_scanned_at, file_count, skipped_count) VALUES ('/home/u/projects/.venv', 'venv', '/home/u/projects', 'fp', 1, 2, 3, 0)");
        }

        using var store = SqliteGcStore.Open(path, "host-a");

        Assert.Equal([Projects], store.ListRoots().Select(r => r.Path));
        Assert.Null(Assert.Single(store.LoadEnvironments()).Host);
        using var other = SqliteGcStore.Open(path, "host-b");
        Assert.Empty(other.ListRoots());
    }

    public void Dispose() => directory.Dispose();
}

[Collection(PostgresCollection.Name), RequiresPostgres]
public sealed class PostgresHostsMigrationTests(PostgresFixture fixture)
{
    [PostgresFact]
    public void Version1Schema_KeepsItsRoots_AdoptedByTheFirstHostThatOpensIt()
    {
        var schema = fixture.Server.CreateSchema();
        using (var connection = new Npgsql.NpgsqlConnection(fixture.Server.Settings(schema: schema).ConnectionString))
        {
            connection.Open();
            new PostgresMigrator(PostgresMigrator.EmbeddedMigrations.Take(1).ToList()).Migrate(connection);
        }
        fixture.Server.Execute($"INSERT INTO {schema}.roots (path, added_at) VALUES ('/home/u/projects', 100)");

        using var store = PostgresGcStore.Open(fixture.Server.Settings(schema: schema), "host-a");

        Assert.Equal([Projects], store.ListRoots().Select(r => r.Path));
        Assert.Equal((long)PostgresMigrator.EmbeddedMigrations.Count, Convert.ToInt64(fixture.Server.Scalar($"SELECT max(version) FROM {schema}.{PostgresMigrator.VersionTable}")));
    }
}
