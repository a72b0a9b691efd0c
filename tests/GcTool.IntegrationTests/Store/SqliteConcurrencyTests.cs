using System.Diagnostics;
using GcTool.Core.Environments;
using GcTool.Core.Store;
using GcTool.Store.Sqlite;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>Several gctool processes share one database: they wait for each other, never fail with "database is locked".</summary>
public sealed class SqliteConcurrencyTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private string DbPath => directory.File("gctool.db");

    public void Dispose() => directory.Dispose();

    [Fact]
    public void TwoStores_WritingConcurrently_BothSucceed()
    {
        SqliteGcStore.Open(DbPath).Dispose();
        const int rounds = 40;

        void Writer(string name)
        {
            using var store = SqliteGcStore.Open(DbPath);
            for (var i = 0; i < rounds; i++)
            {
                var env = Env($"/home/u/projects/{name}-{i}/.venv");
                store.CommitScan(Commit(
                    at: 1_000 + i,
                    entries: Enumerable.Range(0, 50).Select(n => Entry($"{name}{i:D3}x{n:D3}")).ToArray(),
                    rescanned: [Scanned(env, Enumerable.Range(0, 50).Select(n => Ref($"{name}{i:D3}x{n:D3}")).ToArray())]));
                var run = store.StartGcRun(Run());
                store.RecordPlan(run, [PlanItem($"{name}{i:D3}x000")]);
                store.FinishGcRun(run, Outcome());
                store.AddRoot(new RootPath($"/roots/{name}/{i}"), i);
                _ = store.LoadStatistics();
            }
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = new[] { "a", "b" }.Select(name => new Thread(() =>
        {
            try { Writer(name); }
            catch (Exception e) { failures.Enqueue(e); }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        Assert.Empty(failures);
        using var check = SqliteGcStore.Open(DbPath);
        var stats = check.LoadStatistics();
        Assert.Equal((2L * rounds * 50, 2L * rounds, 2L * rounds * 50), (stats.Entries, stats.Environments, stats.References));
        Assert.Equal(2 * rounds, check.ListRoots().Count);
        Assert.Equal(2 * rounds, check.LoadGcHistory(1_000).Count);
    }

    [Fact]
    public async Task Write_WaitsForAnotherWriter_InsteadOfFailing()
    {
        SqliteGcStore.Open(DbPath).Dispose();
        using var other = SqliteTestDatabase.Connect(DbPath);
        SqliteTestDatabase.Execute(other, "BEGIN IMMEDIATE");
        var committed = false;
        using var store = SqliteGcStore.Open(DbPath);

        var write = Task.Run(() => (Added: store.AddRoot(Projects, 1), AfterCommit: Volatile.Read(ref committed)));
        // However long this takes, the write cannot finish while the other writer holds its transaction.
        Assert.True(await Task.WhenAny(write, Task.Delay(500)) != write, "the write finished while another writer held the database");
        Volatile.Write(ref committed, true);
        SqliteTestDatabase.Execute(other, "COMMIT");

        var (added, afterCommit) = await write.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(added);
        Assert.True(afterCommit, "the write should have waited for the other writer's commit");
    }

    [Fact]
    public void Read_DoesNotWait_ForAWriter()
    {
        using (var store = SqliteGcStore.Open(DbPath)) store.AddRoot(Projects, 1);
        using var other = SqliteTestDatabase.Connect(DbPath);
        SqliteTestDatabase.Execute(other, "BEGIN IMMEDIATE; INSERT INTO roots (host, path, added_at) VALUES ('local', '/uncommitted', 2);");

        using var reader = SqliteGcStore.Open(DbPath);
        // The writer holds its transaction until after the read: a reader that waited for it would
        // never return (or would fail busy), so a read that returns the committed rows did not wait.
        var roots = reader.ListRoots();

        Assert.Equal([Projects], roots.Select(r => r.Path));
        SqliteTestDatabase.Execute(other, "ROLLBACK");
    }

    [Fact]
    public void Stores_OpeningAFreshDatabaseAtOnce_MigrateItOnce()
    {
        var stores = new IGcStore[4];
        Parallel.For(0, stores.Length, i => stores[i] = SqliteGcStore.Open(DbPath));
        try
        {
            Parallel.For(0, stores.Length, i => stores[i].AddRoot(new RootPath($"/r/{i}"), i));

            Assert.Equal(SqliteGcStore.LatestSchemaVersion, SqliteTestDatabase.UserVersion(DbPath));
            Assert.Equal(4, stores[0].ListRoots().Count);
        }
        finally
        {
            foreach (var s in stores) s?.Dispose();
        }
    }
}
