using System.Text.Json;
using GcTool.IntegrationTests.Safety.Support;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// gc killed with SIGKILL at each point of its sweep (GCTOOL_FAULT, a real child process). After the
/// kill no environment is broken, no pointer dangles, every entry in archive-v0 is whole, and the
/// next gc finishes the job and reports what it resumed.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SigkillDuringGcTests : IDisposable
{
    private const int KilledBySigkill = 128 + 9;
    private readonly SafetyWorld _world = SafetyWorld.Create();

    [Theory]
    [InlineData("after-plan", 0)]
    [InlineData("after-pointers", 6)]
    [InlineData("mid-rename:1", 6)]
    [InlineData("mid-rename:4", 6)]
    [InlineData("mid-trash-delete:1", 6)]
    [InlineData("mid-trash-delete:9", 6)]
    public void KilledGc_BreaksNothing_AndTheNextGcFinishesTheJob(string fault, int resumedItems)
    {
        var scenario = GarbageScenario.Build(_world);

        var killed = GctoolProcess.Run(_world, fault, "gc", "--min-age", "0s", "--json");
        Assert.True(killed.ExitCode == KilledBySigkill, $"expected SIGKILL at {fault}: {killed}");
        _world.AssertNothingBroken();
        Assert.All(scenario.Used, e => Assert.True(_world.EntryExists(e), $"{e} is used and was deleted"));

        var (exit, json, stderr) = _world.RunJson("gc", "--min-age", "0s");
        Assert.True(exit == 0, $"gc after the kill exited {exit}: {stderr}");
        var resumed = json.GetProperty("resumed").EnumerateArray().ToList();
        Assert.Equal(resumedItems, resumed.Count);
        Assert.Equal(scenario.Garbage.Count, json.GetProperty("entries_deleted").GetInt64());

        _world.AssertNothingBroken();
        Assert.All(scenario.Used, e => Assert.True(_world.EntryExists(e)));
        Assert.All(scenario.Garbage, e => Assert.False(_world.EntryExists(e), $"{e} is garbage and survived"));
        AssertTrashEmpty();
        Assert.Equal(0, _world.RunJson("gc", "--min-age", "0s").Json.GetProperty("entries_planned").GetInt64());
    }

    [Fact]
    public void KilledMidRename_ReportsTheRenamedEntriesAsDeletedOnResume()
    {
        GarbageScenario.Build(_world);
        Assert.Equal(KilledBySigkill, GctoolProcess.Run(_world, "mid-rename:2", "gc", "--min-age", "0s").ExitCode);

        var (_, json, _) = _world.RunJson("gc", "--min-age", "0s");
        var states = json.GetProperty("resumed").EnumerateArray().Select(i => i.GetProperty("state").GetString()).ToList();
        Assert.Equal(2, states.Count(s => s == "deleted"));
        Assert.Equal(4, states.Count(s => s == "skipped"));
    }

    [Fact]
    public void AKilledRun_IsRecordedAsInterruptedByTheNextGc_NotLeftRunning()
    {
        GarbageScenario.Build(_world);
        Assert.Equal(KilledBySigkill, GctoolProcess.Run(_world, "after-plan", "gc", "--min-age", "0s").ExitCode);

        Assert.Equal(0, _world.RunJson("gc", "--min-age", "0s").Exit);

        using var store = GcTool.Store.Sqlite.SqliteGcStore.Open(_world.Database);
        var history = store.LoadGcHistory(10);
        Assert.Equal([Core.Store.GcRunStatus.Completed, Core.Store.GcRunStatus.Interrupted], history.Select(r => r.Status));
        Assert.NotNull(history[1].FinishedAt);
    }

    [Fact]
    public void KilledInTheSweep_LeavesNoLockBehind()
    {
        GarbageScenario.Build(_world);
        Assert.Equal(KilledBySigkill, GctoolProcess.Run(_world, "mid-rename:1", "gc", "--min-age", "0s").ExitCode);
        Assert.Equal(0, Locking.FlockHolder.TryFlockNow("-x", _world.Cache.LockPath));
    }

    private void AssertTrashEmpty()
    {
        var trash = Path.Combine(_world.Cache.RealRoot, ".gctool-trash");
        if (!Directory.Exists(trash)) return;
        Assert.Empty(Directory.EnumerateDirectories(trash));
    }

    public void Dispose() => _world.Dispose();
}
