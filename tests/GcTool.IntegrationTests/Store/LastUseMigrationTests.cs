using GcTool.Core.Store;
using GcTool.IntegrationTests.Postgres;
using GcTool.Store.Postgres;
using GcTool.Store.Sqlite;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>
/// Migration 7 (an entry's last use is written when it loses its last reference) on a database written
/// by the previous gctool, which rewrote every referenced entry's time at each scan: every entry reads
/// the last use it had, and one whose environments go later keeps the last scan that saw them.
/// </summary>
public sealed class SqliteLastUseMigrationTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Version6Database_KeepsEveryEntrysLastUse_AndTheLastScanThatSawOneWhoseRootGoes()
    {
        var path = directory.File("gctool.db");
        using (var connection = SqliteTestDatabase.Connect(path))
        {
            new Migrator(Migrator.EmbeddedMigrations.Take(6).ToList()).Migrate(connection);
            foreach (var statement in LastUseMigrationSamples.Version6Rows(Projects.Value)) SqliteTestDatabase.Execute(connection, statement);
        }

        using var store = SqliteGcStore.Open(path, "host-a");

        Assert.Equal(LastUseMigrationSamples.Expected, LastUseMigrationSamples.LastUses(store));
        store.RemoveRoot(Projects);
        Assert.Equal(LastUseMigrationSamples.Expected, LastUseMigrationSamples.LastUses(store));
    }
}

[Collection(PostgresCollection.Name), RequiresPostgres]
public sealed class PostgresLastUseMigrationTests(PostgresFixture fixture)
{
    [PostgresFact]
    public void Version6Schema_KeepsEveryEntrysLastUse_AndTheLastScanThatSawOneWhoseRootGoes()
    {
        var schema = fixture.Server.CreateSchema();
        using (var connection = new Npgsql.NpgsqlConnection(fixture.Server.Settings(schema: schema).ConnectionString))
        {
            connection.Open();
            new PostgresMigrator(PostgresMigrator.EmbeddedMigrations.Take(6).ToList()).Migrate(connection);
        }
        foreach (var statement in LastUseMigrationSamples.Version6Rows(Projects.Value))
            fixture.Server.Execute(statement, schema);

        using var store = PostgresGcStore.Open(fixture.Server.Settings(schema: schema), "host-a");

        Assert.Equal(LastUseMigrationSamples.Expected, LastUseMigrationSamples.LastUses(store));
        store.RemoveRoot(Projects);
        Assert.Equal(LastUseMigrationSamples.Expected, LastUseMigrationSamples.LastUses(store));
    }
}

/// <summary>
/// The rows a version-6 gctool left after two scans (at 1,000 and 2,000): <c>aaaa</c> referenced by a venv
/// under the root at both, <c>bbbb</c> referenced only until the first.
/// </summary>
internal static class LastUseMigrationSamples
{
    public static readonly Dictionary<string, long?> Expected = new() { ["aaaa"] = 2_000, ["bbbb"] = 1_000 };

    public static IEnumerable<string> Version6Rows(string root) =>
    [
        "UPDATE meta SET last_scan_at = 2000 WHERE id = 1",
        $"INSERT INTO roots (host, path, added_at, last_scan_at) VALUES ('host-a', '{root}', 500, 2000)",
        "INSERT INTO entries (archive_version, entry_id, kind, file_count, bytes, freeable_bytes, dir_time, first_seen_at, last_referenced_at, device) " +
        "VALUES (0, 'aaaa', 'wheel', 1, 10, 10, 900, 1000, 2000, 42), (0, 'bbbb', 'wheel', 1, 10, 10, 900, 1000, 1000, 42)",
        "INSERT INTO environments (path, kind, root, fingerprint, first_seen_at, last_scanned_at, file_count, skipped_count, host) " +
        $"VALUES ('{root}/a', 'venv', '{root}', 'fp', 1000, 2000, 1, 0, 'host-a')",
        "INSERT INTO env_references (env_id, archive_version, entry_id, link_mode, file_count, sample_file) " +
        $"SELECT id, 0, 'aaaa', 'symlink', 1, 'x.py' FROM environments WHERE path = '{root}/a'",
    ];

    public static Dictionary<string, long?> LastUses(IGcStore store) =>
        store.LoadEntries(false).ToDictionary(e => e.Key.Id.Value, e => e.LastReferencedAt);
}
