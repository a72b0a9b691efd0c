using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>
/// A scan killed with SIGKILL inside its commit transaction (GCTOOL_FAULT=mid-commit-scan) on a
/// PostgreSQL database: the server rolls the transaction back, so the previous scan stays whole and
/// the next scan and gc work. (The same test on SQLite is Safety/DatabaseCrashTests.)
/// </summary>
[Collection(PostgresCollection.Name), RequiresPostgres, Trait("Category", "Slow")]
public sealed class PostgresScanCrashTests : IDisposable
{
    private readonly SafetyWorld _world = SafetyWorld.Create();

    public PostgresScanCrashTests(PostgresFixture fixture)
    {
        _world.Environment["GCTOOL_DB"] = fixture.Server.Url(schema: fixture.Server.CreateSchema());
    }

    [PostgresFact]
    public void ScanKilledMidCommit_LeavesThePreviousScanIntact()
    {
        var scenario = GarbageScenario.Build(_world);
        var before = _world.RunJson("audit").Json.GetProperty("references").GetArrayLength();
        var added = _world.PersistPackage();
        _world.Venv("late", UvLinkMode.Symlink, added);

        var killed = GctoolProcess.Run(_world, "mid-commit-scan", "scan");
        Assert.True(killed.ExitCode == 128 + 9, killed.ToString());

        var (exit, audit, stderr) = _world.RunJson("audit");
        Assert.True(exit == 0, stderr);
        Assert.Equal(before, audit.GetProperty("references").GetArrayLength());

        Assert.Equal(0, _world.RunJson("scan").Exit);
        Assert.Equal(before + 1, _world.RunJson("audit").Json.GetProperty("references").GetArrayLength());
        var (gcExit, gc, gcErr) = _world.RunJson("gc", "--min-age", "0s");
        Assert.True(gcExit == 0, gcErr);
        Assert.Equal(scenario.Garbage.Count, gc.GetProperty("entries_deleted").GetInt64());
        Assert.True(_world.EntryExists(added));
        _world.AssertNothingBroken();
    }

    public void Dispose() => _world.Dispose();
}
