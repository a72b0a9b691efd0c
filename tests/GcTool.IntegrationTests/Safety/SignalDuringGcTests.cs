using GcTool.IntegrationTests.Locking;
using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// SIGINT/SIGTERM delivered to a real gc process in the middle of its sweep (paused there by
/// GCTOOL_FAULT=pause-mid-sweep while it holds uv's lock): it stops at the next safe point,
/// releases the lock, exits 130, and the next gc finishes the job.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SignalDuringGcTests : IDisposable
{
    private readonly SafetyWorld _world = SafetyWorld.Create();

    [Theory]
    [InlineData(GctoolProcess.SigInt)]
    [InlineData(GctoolProcess.SigTerm)]
    public void SignalMidSweep_StopsAtASafePoint_ReleasesTheLock_AndExits130(int signal)
    {
        var scenario = GarbageScenario.Build(_world);
        using var gc = GctoolProcess.Start(_world, "pause-mid-sweep", "gc", "--min-age", "0s", "--json");
        Assert.True(gc.WaitUntilPaused(TimeSpan.FromMinutes(5)), "gc never reached its sweep");
        Assert.Equal(1, FlockHolder.TryFlockNow("-x", _world.Cache.LockPath)); // held while paused

        gc.Signal(signal);
        var result = gc.WaitForExit(TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("interrupted", result.StdErr);
        Assert.Equal(0, FlockHolder.TryFlockNow("-x", _world.Cache.LockPath));
        _world.AssertNothingBroken();

        var (exit, json, stderr) = _world.RunJson("gc", "--min-age", "0s");
        Assert.True(exit == 0, stderr);
        Assert.NotEmpty(json.GetProperty("resumed").EnumerateArray());
        Assert.All(scenario.Garbage, e => Assert.False(_world.EntryExists(e), $"{e} survived the resumed gc"));
        Assert.All(scenario.Used, e => Assert.True(_world.EntryExists(e)));
        _world.AssertNothingBroken();
    }

    [Fact]
    public void SignalWhileWaitingForUvsLock_Exits130_AndLeavesNoLockAndNothingTouched()
    {
        var scenario = GarbageScenario.Build(_world);
        using var uv = UvProcess.Start(_world.Cache); // a long `uv run` holding LOCK_SH
        using var gc = GctoolProcess.Start(_world, null, "gc", "--min-age", "0s", "--lock-timeout", "5m");
        Assert.True(gc.WaitForStderr("waiting", TimeSpan.FromMinutes(5)), "gc did not wait for uv");

        gc.Signal(GctoolProcess.SigTerm);
        var result = gc.WaitForExit(TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal(0, FlockHolder.TryFlockNow("-x", Path.Combine(_world.Cache.RealRoot, ".gctool-trash", ".lock")));
        Assert.All(scenario.Garbage, e => Assert.True(_world.EntryExists(e)));
        uv.Release();
        Assert.Equal(0, FlockHolder.TryFlockNow("-x", _world.Cache.LockPath));
        _world.AssertNothingBroken();
    }

    public void Dispose() => _world.Dispose();
}
