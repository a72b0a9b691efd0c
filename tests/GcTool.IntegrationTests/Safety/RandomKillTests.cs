using GcTool.IntegrationTests.Safety.Support;
using Xunit.Abstractions;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// gc processes SIGKILLed at random moments (during start-up, the scan, the sweep or the trash
/// deletion, wherever the moment falls), round after round on one cache and database with new
/// garbage each round. After every kill nothing is broken; a last gc finishes everything.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RandomKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly SafetyWorld _world = SafetyWorld.Create();

    [Fact]
    public void GcKilledAtRandomMoments_NeverBreaksAnything_AndTheNextGcFinishesTheJob()
    {
        var scenario = GarbageScenario.Build(_world);
        var garbage = scenario.Garbage.ToList();
        var random = new Random();
        int killed = 0, finished = 0;
        var delays = new List<int>();
        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < 3; i++) garbage.Add(_world.PersistPackage());
            using var gc = GctoolProcess.Start(_world, null, "gc", "--min-age", "0s", "--json");
            var delay = random.Next(100, 2500);
            delays.Add(delay);
            Thread.Sleep(delay);
            var sent = gc.TrySignal(GctoolProcess.SigKill);
            var result = gc.WaitForExit(TimeSpan.FromSeconds(90));
            if (sent && result.ExitCode == 128 + 9) killed++;
            else
            {
                Assert.True(result.ExitCode == 0, result.ToString());
                finished++;
            }
            _world.AssertNothingBroken();
            Assert.All(scenario.Used, e => Assert.True(_world.EntryExists(e), $"round {round}: {e} is used and was deleted"));
        }
        output.WriteLine($"10 rounds: {killed} killed mid-run, {finished} finished first; delays (ms) {string.Join(",", delays)}");

        var (exit, _, stderr) = _world.RunJson("gc", "--min-age", "0s");
        Assert.True(exit == 0, stderr);
        Assert.All(garbage, e => Assert.False(_world.EntryExists(e), $"{e} survived"));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_world.Cache.RealRoot, ".gctool-trash")));
        _world.AssertNothingBroken();
    }

    public void Dispose() => _world.Dispose();
}
