using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Store;
using GcTool.Store.Sqlite;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>A database written by a newer gctool: readable where the schema allows, never written.</summary>
public sealed class SqliteNewerSchemaTests : IDisposable
{
    private const int FutureVersion = 99;
    private static readonly CacheIdentity Cache = new("/home/u/.cache/uv", 1, 2);

    private readonly TempDirectory directory = new();
    private string DbPath => directory.File("gctool.db");

    public SqliteNewerSchemaTests()
    {
        using (var store = SqliteGcStore.Open(DbPath))
        {
            store.BindCache(Cache);
            store.AddRoot(Projects, 1_000);
            store.CommitScan(Commit(entries: [Entry("aaaa")], rescanned: [Scanned(Env("/p/.venv"), Ref("aaaa"))]));
        }
        SqliteTestDatabase.Execute(DbPath, $"PRAGMA user_version = {FutureVersion}");
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Open_Succeeds_AndReportsNewerSchema()
    {
        using var store = SqliteGcStore.Open(DbPath);

        Assert.True(store.IsNewerSchema);
        Assert.Equal(FutureVersion, SqliteTestDatabase.UserVersion(DbPath));
    }

    [Fact]
    public void Reads_StillWork()
    {
        using var store = SqliteGcStore.Open(DbPath);

        Assert.Single(store.ListRoots());
        Assert.Single(store.LoadEntries(withInodes: true));
        Assert.Single(store.UsersOfEntry(EntryId.Parse("aaaa")));
        Assert.Equal(1, store.LoadStatistics().References);
    }

    [Fact]
    public void BindCache_AcceptsTheRecordedCache_WithoutWriting()
    {
        using var store = SqliteGcStore.Open(DbPath);

        store.BindCache(Cache);
        Assert.Throws<SafetyRefusalException>(() => store.BindCache(Cache with { RealPath = "/elsewhere" }));
    }

    public static TheoryData<string> Writes => new(WriteActions.Keys);

    private static readonly Dictionary<string, Action<IGcStore>> WriteActions = new()
    {
        ["AddRoot"] = s => s.AddRoot(Tools, 1),
        ["RemoveRoot"] = s => s.RemoveRoot(Projects),
        ["CommitScan"] = s => s.CommitScan(Commit()),
        ["StartGcRun"] = s => s.StartGcRun(Run()),
        ["RecordPlan"] = s => s.RecordPlan(1, [PlanItem("aaaa")]),
        ["UpdateSweepState"] = s => s.UpdateSweepState(1, Key("aaaa"), SweepState.Trashed, "/t", null),
        ["RemoveEntries"] = s => s.RemoveEntries([Key("aaaa")]),
        ["FinishGcRun"] = s => s.FinishGcRun(1, Outcome()),
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public void EveryWrite_IsRefused_NamingBothVersionsAndTheFix(string write)
    {
        using var store = SqliteGcStore.Open(DbPath);

        var refusal = Assert.Throws<SafetyRefusalException>(() => WriteActions[write](store));

        Assert.Equal(
            $"database {DbPath} was written by a newer gctool (schema {FutureVersion}, this gctool knows {SqliteGcStore.LatestSchemaVersion}); upgrade gctool or pass a different --db",
            refusal.Message);
        Assert.Equal(ExitCode.SafetyRefusal, refusal.ExitCode);
    }

    [Fact]
    public void RefusedWrites_LeaveTheDatabaseUnchanged()
    {
        using (var store = SqliteGcStore.Open(DbPath))
            Assert.Throws<SafetyRefusalException>(() => store.CommitScan(Commit(removedEntries: [Key("aaaa")])));

        Assert.Equal(1, SqliteTestDatabase.Scalar(DbPath, "SELECT count(*) FROM entries"));
        Assert.Equal(FutureVersion, SqliteTestDatabase.UserVersion(DbPath));
    }

    [Fact]
    public void Write_IsRefused_WhenNewerGctoolMigratedAfterOpen()
    {
        SqliteTestDatabase.Execute(DbPath, $"PRAGMA user_version = {SqliteGcStore.LatestSchemaVersion}");
        using var store = SqliteGcStore.Open(DbPath);
        Assert.False(store.IsNewerSchema);
        SqliteTestDatabase.Execute(DbPath, $"PRAGMA user_version = {FutureVersion}");

        var refusal = Assert.Throws<SafetyRefusalException>(() => store.AddRoot(Tools, 1));

        Assert.Contains($"schema {FutureVersion}", refusal.Message);
        Assert.Single(store.ListRoots());
    }

    [Fact]
    public void Read_IsRefusedClearly_WhenNewerSchemaDroppedWhatItNeeds()
    {
        SqliteTestDatabase.Execute(DbPath, "DROP TABLE gc_items");
        using var store = SqliteGcStore.Open(DbPath);

        var refusal = Assert.Throws<SafetyRefusalException>(() => store.LoadUnfinishedSweeps());

        Assert.Contains("newer gctool", refusal.Message);
    }
}
