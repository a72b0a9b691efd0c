using GcTool.Core.Environments;
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

    [Fact]
    public void Version1Database_KeepsItsDiscoverySnapshot_AdoptedWithItsRoot()
    {
        var path = directory.File("gctool.db");
        using (var connection = SqliteTestDatabase.Connect(path))
        {
            new Migrator(Migrator.EmbeddedMigrations.Take(1).ToList()).Migrate(connection);
            SqliteTestDatabase.Execute(connection, "INSERT INTO roots (path, added_at) VALUES ('/home/u/projects', 100)");
            SqliteTestDatabase.Execute(connection, "INSERT INTO discoveries (root, scanned_at) VALUES ('/home/u/projects', 200)");
            SqliteTestDatabase.Execute(connection, "INSERT INTO discovery_dirs (root, ordinal, path, modified_ns, is_environment) VALUES ('/home/u/projects', 0, '/home/u/projects/a', 5, 1)");
        }

        using var store = SqliteGcStore.Open(path, "host-a");

        Assert.Equal([new WalkedDirectory("/home/u/projects/a", 5, true)], store.LoadDiscovery(Projects)!.Directories);
        using var other = SqliteGcStore.Open(path, "host-b");
        Assert.Null(other.LoadDiscovery(Projects));
    }

    [Fact]
    public void Version5Database_GivesEachRootsDiscoverySnapshot_ToTheHostsThatRegisteredIt()
    {
        var path = directory.File("gctool.db");
        using (var connection = SqliteTestDatabase.Connect(path))
        {
            new Migrator(Migrator.EmbeddedMigrations.Take(5).ToList()).Migrate(connection);
            SqliteTestDatabase.Execute(connection, "INSERT INTO roots (host, path, added_at) VALUES ('host-a', '/home/u/projects', 100), ('host-b', '/home/u/projects', 100)");
            SqliteTestDatabase.Execute(connection, "INSERT INTO discoveries (root, scanned_at) VALUES ('/home/u/projects', 200), ('/home/u/gone', 200)");
            SqliteTestDatabase.Execute(connection, "INSERT INTO discovery_dirs (root, ordinal, path, modified_ns, is_environment, is_mount_root) VALUES ('/home/u/projects', 0, '/home/u/projects/a', 5, 1, 1)");
        }

        using var store = SqliteGcStore.Open(path, "host-a");
        using var other = SqliteGcStore.Open(path, "host-b");

        Assert.Equal([new WalkedDirectory("/home/u/projects/a", 5, true, true)], store.LoadDiscovery(Projects)!.Directories);
        Assert.Equal([new WalkedDirectory("/home/u/projects/a", 5, true, true)], other.LoadDiscovery(Projects)!.Directories);
        Assert.Equal(2L, SqliteTestDatabase.Scalar(path, "SELECT count(*) FROM discoveries"));
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
