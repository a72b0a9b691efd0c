using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;
using Microsoft.Data.Sqlite;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// A scan killed with SIGKILL inside its commit transaction (GCTOOL_FAULT=mid-commit-scan): the
/// database (WAL) still holds the previous scan, whole, and the next scan and gc work.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DatabaseCrashTests : IDisposable
{
    private readonly SafetyWorld _world = SafetyWorld.Create();

    [Fact]
    public void ScanKilledMidCommit_LeavesThePreviousScanIntact()
    {
        var scenario = GarbageScenario.Build(_world);
        var before = _world.RunJson("audit").Json.GetProperty("references").GetArrayLength();
        var added = _world.PersistPackage();
        _world.Venv("late", UvLinkMode.Symlink, added);

        var killed = GctoolProcess.Run(_world, "mid-commit-scan", "scan");
        Assert.True(killed.ExitCode == 128 + 9, killed.ToString());

        Assert.Equal("ok", IntegrityCheck());
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

    [Fact]
    public void GcKilledMidSweep_LeavesAConsistentDatabase()
    {
        GarbageScenario.Build(_world);
        Assert.Equal(128 + 9, GctoolProcess.Run(_world, "mid-rename:3", "gc", "--min-age", "0s").ExitCode);
        Assert.Equal("ok", IntegrityCheck());
        Assert.Equal(0, _world.RunJson("status").Exit);
    }

    private string IntegrityCheck()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _world.Database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    public void Dispose() => _world.Dispose();
}
