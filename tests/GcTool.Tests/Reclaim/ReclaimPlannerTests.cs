using GcTool.Core.Platform;
using GcTool.Core.Reclaim;

namespace GcTool.Tests.Reclaim;

public class ReclaimPlannerTests
{
    private const long Now = 1_800_000_000;
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);
    private static long _inode = 100;

    private static TreeFacts Tree(long ageSeconds, long bytes = 1000, bool complete = true) =>
        new(new FileId(1, (ulong)Interlocked.Increment(ref _inode)), bytes, 3, Now - ageSeconds, [], complete);

    private static SurveyedDirectory Bucket(string name, long ageSeconds = 3 * 86400, long bytes = 1000, bool complete = true) =>
        new(name, SurveyedKind.Bucket, BucketHistory.Parse(name), null, null, Tree(ageSeconds, bytes, complete));

    private static SurveyedDirectory Staging(string relative, long ageSeconds = 3 * 86400) =>
        new(relative, SurveyedKind.Staging, relative.Contains('/') ? BucketHistory.Parse(relative.Split('/')[0]) : null, null, null, Tree(ageSeconds));

    private static SurveyedDirectory Revision(string relative, string current, long ageSeconds = 3 * 86400) =>
        new(relative, SurveyedKind.Revision, BucketHistory.Parse("sdists-v9"), current, 42, Tree(ageSeconds));

    private static ReclaimPlan Plan(IReadOnlyList<SurveyedDirectory> found, IReadOnlyList<string>? top = null, TimeSpan? minAge = null, bool keepStale = false) =>
        ReclaimPlanner.Plan(new CacheSurvey("/cache", top ?? [.. found.Select(f => f.RelativePath.Split('/')[0]), "wheels-v6", "sdists-v9", "archive-v0"], found),
            Now, minAge ?? OneDay, keepStale);

    [Fact]
    public void Plan_ReclaimsAStaleBucket_UnchangedForLongerThanMinAge()
    {
        var item = Assert.Single(Plan([Bucket("wheels-v5", bytes: 4096)]).Items);
        Assert.Equal(ReclaimCategory.StaleBucket, item.Category);
        Assert.Equal(("wheels-v5", 5, 6, 6), (item.Bucket, item.Version, item.CurrentVersion, item.NewerVersionBeside));
        Assert.Equal(4096, item.Bytes);
        Assert.Equal("/cache/wheels-v5", item.Path);
        Assert.Equal("bucket-wheels-v5", item.TrashName);
    }

    [Fact]
    public void Plan_KeepsAStaleBucket_SomethingInItChangedWithinMinAge()
    {
        var plan = Plan([Bucket("wheels-v5", ageSeconds: 3600)]);
        Assert.Empty(plan.Items);
        Assert.Equal(ReclaimKeepReason.TooYoung, Assert.Single(plan.Kept).Reason);
    }

    [Fact]
    public void Plan_KeepsStaleBuckets_WithKeepStaleBuckets_ButStillReclaimsStagingAndRevisions()
    {
        var plan = Plan([Bucket("simple-v23"), Staging(".tmpAb12Cd"), Revision("sdists-v9/pypi/bar/2.0/oldREVoldREVoldR", "newREVnewREVnewR")], keepStale: true);
        Assert.Equal([ReclaimCategory.StagingLeftover, ReclaimCategory.StaleSdistRevision], plan.Items.Select(i => i.Category).Order());
        Assert.Equal(ReclaimKeepReason.KeepStaleBuckets, Assert.Single(plan.Kept).Reason);
    }

    [Fact]
    public void Plan_NeverReclaimsTheHighestSdistsBucket_ItHoldsGctoolsPins()
    {
        var plan = Plan([Bucket("sdists-v8")], top: ["sdists-v8", "wheels-v5"]);
        Assert.Empty(plan.Items);
        Assert.Equal(ReclaimKeepReason.HoldsPins, Assert.Single(plan.Kept).Reason);
    }

    [Fact]
    public void Plan_ReclaimsAnOlderSdistsBucket_WhenTheCurrentOneIsBesideIt()
    {
        var item = Assert.Single(Plan([Bucket("sdists-v8")]).Items);
        Assert.Equal(9, item.NewerVersionBeside);
    }

    [Fact]
    public void Plan_NeverReclaimsAnArchiveBucketOrACurrentOrFutureBucket()
    {
        var plan = Plan([Bucket("archive-v0"), Bucket("wheels-v6"), Bucket("wheels-v99"), Bucket("someone-elses-v1")]);
        Assert.Empty(plan.Items);
    }

    [Fact]
    public void Plan_KeepsADirectory_PartOfWhichCouldNotBeRead()
    {
        var plan = Plan([Bucket("wheels-v5", complete: false)]);
        Assert.Empty(plan.Items);
        Assert.Equal(ReclaimKeepReason.Unreadable, Assert.Single(plan.Kept).Reason);
    }

    [Fact]
    public void Plan_ReclaimsStagingLeftovers_AtTheRootAndInBuilds_OlderThanMinAge()
    {
        var plan = Plan([Staging(".tmpAb12Cd"), Staging("builds-v0/.tmpXy34Ef"), Staging(".tmpYoung1", ageSeconds: 60)]);
        Assert.Equal(["staging-builds-v0-tmpXy34Ef", "staging-tmpAb12Cd"], plan.Items.Select(i => i.TrashName).Order(StringComparer.Ordinal));
        Assert.Equal(".tmpYoung1", Assert.Single(plan.Kept).Item.RelativePath);
    }

    [Fact]
    public void Plan_ReclaimsAStaleRevision_NamingTheCurrentOne()
    {
        var item = Assert.Single(Plan([Revision("sdists-v9/pypi/bar/2.0/oldREVoldREVoldR", "newREVnewREVnewR")]).Items);
        Assert.Equal(ReclaimCategory.StaleSdistRevision, item.Category);
        Assert.Equal("newREVnewREVnewR", item.CurrentRevision);
        Assert.Equal(42, item.ShardModifiedNs);
    }

    [Fact]
    public void Plan_GivesTwoRevisionsOfTheSameNameDistinctTrashNames()
    {
        var plan = Plan([Revision("sdists-v9/pypi/a/1.0/sameREVsameREVsa", "x"), Revision("sdists-v9/pypi/b/1.0/sameREVsameREVsa", "y")]);
        Assert.Equal(2, plan.Items.Select(i => i.TrashName).Distinct().Count());
    }

    [Fact]
    public void Plan_LeavesADirectory_WhoseTrashNameGctoolCannotGive()
    {
        Assert.Empty(Plan([Staging(".tmp with space")]).Items);
    }

    [Fact]
    public void Find_AnswersForAPathInsideAPlannedOrKeptDirectory()
    {
        var plan = Plan([Bucket("wheels-v5"), Staging(".tmpYoung1", ageSeconds: 60)]);
        Assert.Null(plan.Find("wheels-v5/pypi/foo/1.0-py3-none-any")!.Value.Kept);
        Assert.Equal(ReclaimKeepReason.TooYoung, plan.Find(".tmpYoung1/partial")!.Value.Kept);
        Assert.Null(plan.Find("wheels-v50"));
        Assert.Null(plan.Find("archive-v0/abc"));
    }

    [Fact]
    public void BytesByCategory_CountsEveryCategory()
    {
        var plan = Plan([Bucket("wheels-v5", bytes: 10), Bucket("simple-v23", bytes: 5), Staging(".tmpAb12Cd")]);
        Assert.Equal(15, plan.BytesByCategory[ReclaimCategory.StaleBucket]);
        Assert.Equal(1000, plan.BytesByCategory[ReclaimCategory.StagingLeftover]);
        Assert.Equal(0, plan.BytesByCategory[ReclaimCategory.StaleSdistRevision]);
    }

    [Theory]
    [InlineData("revision-abc", true)]
    [InlineData("bucket-wheels-v5", true)]
    [InlineData("staging-tmpAb", true)]
    [InlineData("archive-v0-abcdefABCDEF1234", false)]
    public void IsReclaimTrashName_TellsReclaimedDirectoriesFromEntries(string name, bool reclaim) =>
        Assert.Equal(reclaim, ReclaimPlanner.IsReclaimTrashName(name));

    [Fact]
    public void RevisionPointer_NamesARevisionWrittenAsAMsgpackString()
    {
        byte[] content = [0x83, 0xa2, (byte)'i', (byte)'d', 0xb0, .. "newREVnewREVnewR"u8.ToArray(), 0x00];
        Assert.True(RevisionPointer.Names(content, "newREVnewREVnewR"));
        Assert.False(RevisionPointer.Names(content, "newREVnewREVnew"));
        Assert.False(RevisionPointer.Names(content, "oldREVoldREVoldR"));
    }
}
