using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class LockHolderTests : SimulatorTest
{
    private static ProcessResult TryFlock(string mode, string lockPath) => ProcessRunner.Run("flock", ["-n", mode, lockPath, "true"]);

    [Fact]
    public void SharedHolder_MakesANonBlockingExclusiveFlockFail()
    {
        using var uv = UvProcess.Start(Cache);

        Assert.True(uv.IsHeld);
        Assert.Equal(1, TryFlock("-x", Cache.LockPath).ExitCode);
        Assert.Equal(0, TryFlock("-s", Cache.LockPath).ExitCode);
    }

    [Fact]
    public void SharedHolder_ReleasesTheLockWhenDisposed()
    {
        var uv = UvProcess.Start(Cache);

        uv.Dispose();

        Assert.Equal(0, TryFlock("-x", Cache.LockPath).ExitCode);
    }

    [Fact]
    public void ExclusiveHolder_BlocksSharedLockers()
    {
        using var clean = UvProcess.StartCacheClean(Cache);

        Assert.Equal(1, TryFlock("-s", Cache.LockPath).ExitCode);
        using var waiting = UvProcess.Start(Cache, waitUntilHeld: false);
        Assert.False(waiting.WaitUntilHeld(TimeSpan.FromMilliseconds(300)));

        clean.Release();

        Assert.True(waiting.WaitUntilHeld(TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Prune_WaitsForTheSharedLockAndTimesOut()
    {
        using var uv = UvProcess.Start(Cache);

        var error = Assert.Throws<TimeoutException>(() => UvPruneSimulator.Prune(Cache, new PruneOptions { LockTimeout = TimeSpan.FromMilliseconds(200) }));

        Assert.Contains("when waiting for lock on", error.Message);
    }

    [Fact]
    public void PruneForce_ProceedsUnlockedWhileTheLockIsHeld()
    {
        using var uv = UvProcess.Start(Cache);

        var result = UvPruneSimulator.Prune(Cache, new PruneOptions { Force = true });

        Assert.False(result.Locked);
    }

    [Fact]
    public async Task Prune_TakesTheLockOnceTheHolderExits()
    {
        using var uv = UvProcess.Start(Cache);
        var prune = Task.Run(() => UvPruneSimulator.Prune(Cache, new PruneOptions
        {
            LockTimeout = TimeSpan.FromMinutes(2), // a safety net only: the holder lets go once the prune waits
            OnWaiting = uv.LetGo,
        }));

        var result = await prune.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(result.Locked);
        Assert.True(result.Waited);
    }
}
