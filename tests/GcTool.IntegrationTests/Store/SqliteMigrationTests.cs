using GcTool.Core.Store;
using GcTool.Store.Sqlite;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private string DbPath => directory.File("gctool.db");

    public void Dispose() => directory.Dispose();

    [Fact]
    public void EmbeddedMigrations_AreNumberedFromOneWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, Migrator.EmbeddedMigrations.Count), Migrator.EmbeddedMigrations.Select(m => m.Version));
        Assert.Equal("0001_initial", Migrator.EmbeddedMigrations[0].Name);
        Assert.Equal(Migrator.EmbeddedMigrations.Count, SqliteGcStore.LatestSchemaVersion);
    }

    [Fact]
    public void Open_CreatesSchemaAtLatestVersion_WhenFileIsNew()
    {
        using (var store = (SqliteGcStore)SqliteGcStore.Open(DbPath))
        {
            Assert.Equal(SqliteGcStore.LatestSchemaVersion, store.SchemaVersion);
            Assert.False(store.IsNewerSchema);
        }

        Assert.Equal(SqliteGcStore.LatestSchemaVersion, SqliteTestDatabase.UserVersion(DbPath));
        Assert.Equal(Migrator.ApplicationId, SqliteTestDatabase.Scalar(DbPath, "PRAGMA application_id"));
        Assert.Contains("table env_references", SqliteTestDatabase.SchemaObjects(DbPath));
    }

    [Fact]
    public void Open_PutsDatabaseInWalMode()
    {
        SqliteGcStore.Open(DbPath).Dispose();

        Assert.Equal("wal", SqliteTestDatabase.Text(DbPath, "PRAGMA journal_mode"));
    }

    [Fact]
    public void Open_CreatesMissingParentDirectories()
    {
        var nested = Path.Combine(directory.Path, "state", "gctool", "cache-1.db");

        SqliteGcStore.Open(nested).Dispose();

        Assert.True(File.Exists(nested));
    }

    [Fact]
    public void Open_KeepsDataAndVersion_WhenDatabaseAlreadyMigrated()
    {
        using (var store = SqliteGcStore.Open(DbPath)) store.AddRoot(Projects, 1);
        var schema = SqliteTestDatabase.SchemaObjects(DbPath);

        using (var store = SqliteGcStore.Open(DbPath))
            Assert.Equal(Projects, Assert.Single(store.ListRoots()).Path);

        Assert.Equal(schema, SqliteTestDatabase.SchemaObjects(DbPath));
        Assert.Equal(SqliteGcStore.LatestSchemaVersion, SqliteTestDatabase.UserVersion(DbPath));
    }

    [Fact]
    public void Migrate_AppliesNothing_WhenRunTwice()
    {
        using var connection = SqliteTestDatabase.Connect(DbPath);

        Assert.Equal(SqliteGcStore.LatestSchemaVersion, Migrator.Embedded.Migrate(connection));
        Assert.Equal(0, Migrator.Embedded.Migrate(connection));
        Assert.Equal(SqliteGcStore.LatestSchemaVersion, Migrator.ReadUserVersion(connection));
    }

    [Fact]
    public void Migrate_AppliesOnlyTheNewMigration_WhenSchemaGrows()
    {
        using var connection = SqliteTestDatabase.Connect(DbPath);
        var first = new SchemaMigration(1, "0001_a", "CREATE TABLE a (x INTEGER);");
        var second = new SchemaMigration(2, "0002_b", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1);");
        new Migrator([first]).Migrate(connection);

        var applied = new Migrator([first, second]).Migrate(connection);

        Assert.Equal(1, applied);
        Assert.Equal(2, Migrator.ReadUserVersion(connection));
        Assert.Equal(1, SqliteTestDatabase.Scalar(connection, "SELECT count(*) FROM a"));
    }

    [Fact]
    public void Migrate_LeavesVersionUnchanged_WhenMigrationFails()
    {
        using var connection = SqliteTestDatabase.Connect(DbPath);
        var broken = new SchemaMigration(2, "0002_broken", "CREATE TABLE c (z INTEGER); THIS IS NOT SQL;");
        new Migrator([new SchemaMigration(1, "0001_a", "CREATE TABLE a (x INTEGER);")]).Migrate(connection);

        Assert.ThrowsAny<Exception>(() => new Migrator([new SchemaMigration(1, "0001_a", "CREATE TABLE a (x INTEGER);"), broken]).Migrate(connection));

        Assert.Equal(1, Migrator.ReadUserVersion(connection));
        Assert.Equal(0, SqliteTestDatabase.Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE name = 'c'"));
    }

    [Fact]
    public void Migrator_Rejects_MigrationsWithAGap()
    {
        Assert.Throws<ArgumentException>(() => new Migrator([new SchemaMigration(1, "0001_a", ""), new SchemaMigration(3, "0003_c", "")]));
    }
}
