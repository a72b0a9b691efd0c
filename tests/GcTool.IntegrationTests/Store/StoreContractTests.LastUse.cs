using GcTool.Core.Environments;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>
/// An entry's last use (<c>LastReferencedAt</c>): the time of the last scan that saw some environment
/// reference it, however the reference went (it decides --keep-unused-for and the --max-size order).
/// </summary>
public abstract partial class StoreContractTests
{
    [StoreFact]
    public void LastUse_OfAReferencedEntry_IsTheLatestScan_NotOneFromAHostWithASlowerClock()
    {
        Store.CommitScan(Commit(at: 2_000, entries: [Entry("aaaa")], rescanned: [Scanned(Env("/p/a"), Ref("aaaa"))]));
        using var other = OpenAsHost("host-b");

        other.CommitScan(Commit(at: 1_500));

        Assert.Equal(2_000, Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    [StoreFact]
    public void LastUse_OfAnEntryAnEnvironmentStoppedUsing_IsTheScanBefore()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa"), Entry("bbbb")], rescanned: [Scanned(Env("/p/a"), Ref("aaaa"), Ref("bbbb"))]));
        Store.CommitScan(Commit(at: 2_000, unchanged: [new EnvPath("/p/a")]));

        Store.CommitScan(Commit(at: 3_000, rescanned: [Scanned(Env("/p/a", fingerprint: "fp-2"), Ref("bbbb"))]));

        var lastUse = Store.LoadEntries(false).ToDictionary(e => e.Key.Id.Value, e => e.LastReferencedAt);
        Assert.Equal(2_000, lastUse["aaaa"]);
        Assert.Equal(3_000, lastUse["bbbb"]);
    }

    [StoreFact]
    public void LastUse_StaysTheLastScanThatSawIt_WhenItsRootIsRemoved()
    {
        Store.AddRoot(Projects, 500);
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa")], rescanned: [Scanned(Env("/home/u/projects/a"), Ref("aaaa"))]));
        Store.CommitScan(Commit(at: 2_000, unchanged: [new EnvPath("/home/u/projects/a")]));

        Store.RemoveRoot(Projects);

        Assert.Equal(2_000, Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    [StoreFact]
    public void LastUse_StaysTheLastScanThatSawIt_WhenTheHostReferencingItIsRetired()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa")]));
        using var other = OpenAsHost("host-b");
        other.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/home/u/tools/b", root: Tools, host: null), Ref("aaaa"))]));

        Store.RetireHost("host-b", 3_000);

        Assert.Equal(2_000, Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    [StoreFact]
    public void LastUse_OfAnEntryNothingEverReferenced_IsUnknown_AfterOtherReferencesGo()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa"), Entry("bbbb")], rescanned: [Scanned(Env("/p/a"), Ref("aaaa"))]));

        Store.CommitScan(Commit(at: 2_000, removed: [new EnvPath("/p/a")]));

        Assert.Null(Store.LoadEntries(false).Single(e => e.Key.Id.Value == "bbbb").LastReferencedAt);
    }
}
