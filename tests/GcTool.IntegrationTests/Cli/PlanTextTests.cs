using GcTool.Cli.Output;
using GcTool.Core.Collection;

namespace GcTool.IntegrationTests.Cli;

/// <summary>The words gc says about its plan and outcome, from the planner's kinds and facts (ages from the plan's time).</summary>
public class PlanTextTests
{
    private const long Now = 1_800_000_000;
    private const long Day = 86_400;

    [Fact]
    public void Reason_UnreferencedAndUsed_SaysWhenLastUsed() =>
        Assert.Equal("unreferenced; last used 3d ago", PlanText.Reason(new RemovalReason(RemovalKind.Unreferenced, Now - 3 * Day, Now - 20 * Day), Now));

    [Fact]
    public void Reason_NeverUsed_SaysWhenCreated() =>
        Assert.Equal("unreferenced; never used by a known environment, created 10d ago",
            PlanText.Reason(new RemovalReason(RemovalKind.Unreferenced, null, Now - 10 * Day), Now));

    [Fact]
    public void Reason_CachedVenvNoLongerNamed_SaysSo() =>
        Assert.Equal("cached venv no longer named by uv; last used 5d ago",
            PlanText.Reason(new RemovalReason(RemovalKind.UnnamedCachedVenv, Now - 5 * Day, Now - 60 * Day), Now));

    [Fact]
    public void Reason_StaleCachedEnvironment_SaysHowLongUnusedAndTheWindow() =>
        Assert.Equal("cached environment unused for 40d (--environments 30d)",
            PlanText.Reason(new RemovalReason(RemovalKind.StaleCachedEnvironment, Now - 40 * Day, Now - 60 * Day, TimeSpan.FromDays(30)), Now));

    [Fact]
    public void Reason_OverMaxSize_SaysLeastRecentlyUsed_FromCreationWhenNeverUsed()
    {
        Assert.Equal("over --max-size; least recently used, last used 10d ago",
            PlanText.Reason(new RemovalReason(RemovalKind.OverMaxSize, Now - 10 * Day, Now - 60 * Day), Now));
        Assert.Equal("over --max-size; least recently used, last used 60d ago",
            PlanText.Reason(new RemovalReason(RemovalKind.OverMaxSize, null, Now - 60 * Day), Now));
    }

    [Fact]
    public void Reason_Resumed_SaysAnInterruptedGcStartedIt() =>
        Assert.Equal("resumed from an interrupted gc", PlanText.Reason(RemovalReason.Resumed(41), Now));

    [Fact]
    public void Waiting_NamesTheHostsAndHowLongAgoItWasCondemned()
    {
        var item = new PlannedRemoval(new(0, Core.Cache.EntryId.Parse("aaaa")), null, null, 1, 1, new RemovalReason(RemovalKind.Unreferenced, null, 0));
        Assert.Equal("condemned 2h ago; waiting for a scan by b, c",
            PlanText.Waiting(new CondemnationWait(item, CondemnationBlock.ScanPending, ["b", "c"], Now - 7_200), Now));
        Assert.Equal("condemned; deletion blocked by silent host b",
            PlanText.Waiting(new CondemnationWait(item, CondemnationBlock.SilentHosts, ["b"], Now - 7_200), Now));
    }

    [Fact]
    public void Problem_UnreachableBucket_NamesTheBucketAndTheOsError() =>
        Assert.Equal("archive-v0 cannot be opened as a real directory of the cache (Too many levels of symbolic links (ELOOP)); left alone",
            PlanText.Problem(new SweepProblem(SweepProblemKind.BucketUnreachable, "archive-v0", "Too many levels of symbolic links (ELOOP)")));

    [Fact]
    public void Problem_FailedMove_IsTheTrashsOwnAccount() =>
        Assert.Equal("cannot move into the trash: Permission denied (EACCES)",
            PlanText.Problem(new SweepProblem(SweepProblemKind.MoveFailed, "cannot move into the trash: Permission denied (EACCES)")));

    [Fact]
    public void Problem_RefusedMove_SaysTheEntryChanged() =>
        Assert.Equal("entry has changed since it was checked; left alone",
            PlanText.Problem(new SweepProblem(SweepProblemKind.MoveRefused, "has changed since it was checked; left alone")));

    [Fact]
    public void Problem_NoTrash_WithoutAReason_SaysNothingWasTouched() =>
        Assert.Equal("no trash directory; left untouched", PlanText.Problem(new SweepProblem(SweepProblemKind.NoTrash)));

    [Fact]
    public void Problem_FailedDeletionWithoutAReason_GivesNone() =>
        Assert.Null(PlanText.Problem(new SweepProblem(SweepProblemKind.DeleteFailed)));

    [Fact]
    public void MaxSizeShortfall_NamesWhatGcNeverDeletes_LargestFirst()
    {
        var max = new MaxSizeOutcome(10, 1_500, 1_500, 0, new Dictionary<KeepReason, long> { [KeepReason.TooYoung] = 500, [KeepReason.Referenced] = 1_000 });
        var text = PlanText.MaxSizeShortfall(max)!;
        Assert.EndsWith("because gc never deletes 1000 B referenced by environments, 500 B younger than --min-age", text);
    }

    [Fact]
    public void MaxSizeShortfall_IsNull_WhenTheTargetIsReached() =>
        Assert.Null(PlanText.MaxSizeShortfall(new MaxSizeOutcome(1 << 30, 100, 100, 0, new Dictionary<KeepReason, long>())));

    [Theory]
    [InlineData(KeepReason.Referenced, "referenced")]
    [InlineData(KeepReason.CachedEnvironment, "cached_environment")]
    [InlineData(KeepReason.TooYoung, "too_young")]
    [InlineData(KeepReason.Hardlinked, "hardlinked")]
    [InlineData(KeepReason.Condemned, "condemned")]
    [InlineData(KeepReason.RecentlyUsed, "recently_used")]
    public void KeepReasons_KeepTheirJsonNames(KeepReason reason, string name) => Assert.Equal(name, reason.ToName());
}
