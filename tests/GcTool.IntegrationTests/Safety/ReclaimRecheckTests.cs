using GcTool.Core.Cache;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Reclaim;
using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// Under uv's lock, before anything moves, gc re-checks every directory it surveyed for reclaiming, through handles
/// opened beneath the cache root: what is as it was is reclaimed; anything changed since, or no longer reachable
/// without following a link, is left alone.
/// </summary>
public sealed class ReclaimRecheckTests : IDisposable
{
    private readonly SafetyWorld _world = SafetyWorld.Create();
    private readonly ReclaimScenario _scenario;
    private readonly UvCache _cache;

    public ReclaimRecheckTests()
    {
        _scenario = ReclaimScenario.Build(_world);
        _cache = UvCache.Open(new System.IO.Abstractions.FileSystem(), NativeFileStatReader.Instance, _world.Cache.Root);
    }

    [Fact]
    public void Recheck_PassesEveryItem_WhenNothingChangedSinceTheSurvey()
    {
        var plan = Plan();

        var changes = Recheck(plan);

        Assert.NotEmpty(plan.Items);
        Assert.All(changes, Assert.Null);
    }

    [Fact]
    public void Recheck_LeavesAStaleBucketAlone_WhenOneOfItsDirectoriesBecameASymlinkWithTheSameMtime()
    {
        // Whole seconds, so the times set after the swap equal the surveyed ones to the nanosecond.
        var inside = Path.Combine(_scenario.StaleSimple, "pypi");
        var surveyed = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Directory.SetLastWriteTimeUtc(inside, surveyed);
        Directory.SetLastWriteTimeUtc(_scenario.StaleSimple, surveyed);
        var plan = Plan();
        var decoy = Path.Combine(_world.Temp, "decoy");
        Directory.CreateDirectory(decoy);
        Directory.Move(inside, Path.Combine(_world.Temp, "moved-pypi"));
        File.CreateSymbolicLink(inside, decoy);
        Directory.SetLastWriteTimeUtc(decoy, surveyed);
        Directory.SetLastWriteTimeUtc(_scenario.StaleSimple, surveyed); // only the swapped directory tells

        var changes = Recheck(plan);

        var index = plan.Items.ToList().FindIndex(i => i.Path == _scenario.StaleSimple);
        Assert.Equal(new ReclaimProblem(ReclaimProblemKind.ChangedSinceSurvey, "simple-v23/pypi"), changes[index]);
        Assert.All(changes.Where((_, i) => i != index), Assert.Null);
    }

    [Fact]
    public void Recheck_LeavesAStagingDirectoryAlone_WhenItWasReplacedByAnotherDirectory()
    {
        var plan = Plan();
        Directory.Move(_scenario.Staging, Path.Combine(_world.Temp, "old-staging"));
        Directory.CreateDirectory(_scenario.Staging);

        var changes = Recheck(plan);

        var index = plan.Items.ToList().FindIndex(i => i.Path == _scenario.Staging);
        Assert.Equal(new ReclaimProblem(ReclaimProblemKind.NotTheSurveyedDirectory), changes[index]);
    }

    private ReclaimPlan Plan()
    {
        var survey = new CacheSurveyor(_cache, new DirectoryReader(new System.IO.Abstractions.FileSystem(), NativeFileStatReader.Instance)).Take(CancellationToken.None);
        return ReclaimPlanner.Plan(survey, DateTimeOffset.UtcNow.AddDays(3).ToUnixTimeSeconds(), TimeSpan.FromDays(1), keepStaleBuckets: false);
    }

    private IReadOnlyList<ReclaimProblem?> Recheck(ReclaimPlan plan)
    {
        using var root = CacheRootHandle.Open(_cache);
        using var held = new FlockCacheLocker().AcquireExclusive(_cache.RealRoot, TimeSpan.FromMinutes(2), null, CancellationToken.None);
        return new Reclaimer(root).Recheck(held, plan.Items);
    }

    public void Dispose() => _world.Dispose();
}
