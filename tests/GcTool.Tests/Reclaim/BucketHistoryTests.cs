using GcTool.Core.Reclaim;

namespace GcTool.Tests.Reclaim;

public class BucketHistoryTests
{
    [Theory]
    [InlineData("wheels-v5", BucketStanding.Stale)]
    [InlineData("wheels-v0", BucketStanding.Stale)]
    [InlineData("wheels-v6", BucketStanding.Current)]
    [InlineData("wheels-v7", BucketStanding.Future)]
    [InlineData("sdists-v8", BucketStanding.Stale)]
    [InlineData("sdists-v9", BucketStanding.Current)]
    [InlineData("built-wheels-v3", BucketStanding.Stale)]
    [InlineData("built-wheels-v4", BucketStanding.Unknown)]
    [InlineData("simple-v23", BucketStanding.Stale)]
    [InlineData("simple-v24", BucketStanding.Current)]
    [InlineData("interpreter-v3", BucketStanding.Stale)]
    [InlineData("environments-v1", BucketStanding.Stale)]
    [InlineData("flat-index-v3", BucketStanding.Stale)]
    [InlineData("archive-v0", BucketStanding.Current)]
    [InlineData("archive-v1", BucketStanding.Future)]
    [InlineData("files-v0", BucketStanding.Current)]
    [InlineData("someone-elses-v1", BucketStanding.Unknown)]
    public void Parse_SaysWhatUvsHistorySaysOfABucket(string name, BucketStanding standing) =>
        Assert.Equal(standing, BucketHistory.Parse(name)!.Standing);

    [Theory]
    [InlineData(".tmpAb12Cd")]
    [InlineData("CACHEDIR.TAG")]
    [InlineData(".lock")]
    [InlineData(".gctool-trash")]
    [InlineData("Wheels-v5")]
    [InlineData("wheels-v")]
    public void Parse_IsNull_ForWhatIsNotABucketName(string name) => Assert.Null(BucketHistory.Parse(name));

    [Fact]
    public void PointerBuckets_AreWheelsSdistsBuiltWheelsAndEnvironments()
    {
        Assert.True(BucketHistory.Parse("wheels-v5")!.HoldsPointers);
        Assert.True(BucketHistory.Parse("built-wheels-v2")!.HoldsPointers);
        Assert.True(BucketHistory.Parse("environments-v1")!.HoldsPointers);
        Assert.False(BucketHistory.Parse("simple-v23")!.HoldsPointers);
    }
}
