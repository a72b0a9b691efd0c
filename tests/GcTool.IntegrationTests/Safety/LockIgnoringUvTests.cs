using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// uv older than 0.8.19 takes no cache lock, so it can persist an entry while gc sweeps and link
/// it into a venv only afterwards. Only the <c>--min-age</c> grace period protects such an entry:
/// it is younger than the grace period, so gc keeps it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LockIgnoringUvTests : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private readonly SafetyWorld _world = SafetyWorld.Create();

    [Fact]
    public void EntryPersistedWithoutTheLock_NotYetLinked_IsKeptByTheGracePeriod()
    {
        var scenario = GarbageScenario.Build(_world);
        // A lower bound only: the scenario's garbage is at least this much older than what comes next.
        Thread.Sleep(Grace + TimeSpan.FromSeconds(0.5));

        var inFlight = _world.PersistPackage(); // old uv: persisted, pointer written, venv not linked yet, no lock
        // gc sees the instant the entry was persisted, however long it takes to get there under load.
        var (exit, json, stderr) = _world.RunJsonAt(SafetyWorld.ChangedAt(inFlight), "gc", "--min-age", "5s");

        Assert.True(exit == 0, stderr);
        Assert.True(_world.EntryExists(inFlight), "gc deleted an entry an unlocked uv had just persisted");
        Assert.Equal(1, json.GetProperty("kept").GetProperty("too_young").GetInt64());
        Assert.All(scenario.Garbage, e => Assert.False(_world.EntryExists(e)));

        _world.Venv("late", UvLinkMode.Symlink, inFlight); // old uv finishes its install
        _world.AssertNothingBroken();
    }

    [Fact]
    public void WithoutAGracePeriod_AnUnlockedUvLosesTheEntryItIsInstalling()
    {
        GarbageScenario.Build(_world);
        var inFlight = _world.PersistPackage();

        Assert.Equal(0, _world.RunJson("gc", "--min-age", "0s").Exit);

        Assert.False(_world.EntryExists(inFlight)); // why --min-age defaults to 1d and gc --min-age 0s needs uv ≥ 0.8.19
    }

    /// <summary>
    /// An unlocked install that takes less than the grace period is never broken by the gcs that run
    /// through it. The grace period is an hour, not seconds: how long an install takes on a loaded
    /// machine is not the test's to choose, and a few seconds' grace would make the outcome depend on it.
    /// </summary>
    [Fact]
    public void UnlockedUvInstallingThroughAGcLoop_BreaksNothing()
    {
        GarbageScenario.Build(_world);
        var venv = _world.Venv("busy", UvLinkMode.Symlink);
        // Stopped by the gc loop on a stopwatch, not by a timed token: timer callbacks need a free
        // thread-pool thread, and under load a timed token was seen never to fire (the loop spun on).
        using var stop = new CancellationTokenSource();
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        Exception? error = null;
        var modules = new List<string>();
        var oldUv = new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var entry = _world.PersistPackage();
                    Thread.Sleep(Random.Shared.Next(0, 400)); // a slow install: the entry sits unreferenced meanwhile
                    venv.Install(entry, UvLinkMode.Symlink);
                    lock (modules) modules.Add($"{entry.Wheel.PackageName}.sub");
                }
            }
            catch (Exception e) { error = e; }
        });
        oldUv.Start();
        var gcs = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(8))
        {
            var (exit, _, stderr) = _world.RunJson("gc", "--min-age", "1h");
            if (exit != 0) stop.Cancel();
            Assert.True(exit == 0, stderr);
            gcs++;
        }
        stop.Cancel();
        oldUv.Join();

        Assert.Null(error);
        Assert.True(gcs > 0);
        var result = PythonChecker.Run(venv.Path, "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)", [.. modules]);
        Assert.True(result.Succeeded, result.ToString());
        _world.AssertNothingBroken();
    }

    public void Dispose() => _world.Dispose();
}
