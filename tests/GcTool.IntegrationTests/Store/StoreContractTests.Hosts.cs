using GcTool.Core.Environments;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void CommitScan_RecordsTheHost_AndItsScanTime()
    {
        Store.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/p/a", host: null), Ref("aaaa"))]));

        Assert.Equal(new HostRecord(HostIds.Default, 2_000, 2_000, null), Assert.Single(Store.ListHosts()));
        Assert.Equal(HostIds.Default, Assert.Single(Store.LoadEnvironments()).Host);
    }

    [StoreFact]
    public void Roots_BelongToTheirHost()
    {
        Store.AddRoot(Projects, 1_000);
        using var other = OpenAsHost("host-b");

        Assert.Empty(other.ListRoots());
        Assert.True(other.AddRoot(Projects, 1_100));
        Assert.True(other.RemoveRoot(Projects));
        Assert.Single(Store.ListRoots());
    }

    [StoreFact]
    public void CommitScan_ByAnotherHost_RecordsItsHostOnEnvironments_WhenUnchangedToo()
    {
        Store.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/shared/.venv", host: null), Ref("aaaa"))]));
        using var other = OpenAsHost("host-b");

        other.CommitScan(Commit(at: 3_000, unchanged: [new EnvPath("/shared/.venv")]));

        Assert.Equal("host-b", Assert.Single(Store.LoadEnvironments()).Host);
        Assert.Equal(["host-b", HostIds.Default], Store.ListHosts().Select(h => h.HostId).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public void Condemn_KeepsEarlierTimes_AndForgetsEntriesNoLongerCondemned()
    {
        Store.Condemn([Key("aaaa"), Key("bbbb")], 1_000);

        var condemned = Store.Condemn([Key("bbbb"), Key("cccc")], 2_000);

        Assert.Equal(new Dictionary<Core.Cache.EntryKey, long> { [Key("bbbb")] = 1_000, [Key("cccc")] = 2_000 }, condemned);
        Assert.Equal(condemned, Store.LoadCondemnations());
    }

    [StoreFact]
    public void CommitScan_ClearsCondemnation_OfEntriesReferenced()
    {
        Store.Condemn([Key("aaaa"), Key("bbbb")], 1_000);
        using var other = OpenAsHost("host-b");

        other.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/b/.venv", host: null), Ref("aaaa"))]));

        Assert.Equal([Key("bbbb")], Store.LoadCondemnations().Keys);
    }

    [StoreFact]
    public void RemoveEntries_ForgetsTheirCondemnation()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa")]));
        Store.Condemn([Key("aaaa")], 1_000);

        Store.RemoveEntries([Key("aaaa")]);

        Assert.Empty(Store.LoadCondemnations());
    }

    [StoreFact]
    public void RetireHost_DropsItsRootsAndEnvironments_AndKeepsOthers()
    {
        Store.AddRoot(Projects, 1_000);
        Store.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/home/u/projects/a", host: null), Ref("aaaa"))]));
        using var other = OpenAsHost("host-b");
        other.AddRoot(Tools, 1_000);
        other.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/home/u/tools/b", root: Tools, host: null), Ref("bbbb"))]));

        Assert.True(Store.RetireHost("host-b", 3_000));

        Assert.Equal(Key("aaaa"), Assert.Single(Store.LoadReferenceGraph()).Entry);
        Assert.Empty(other.ListRoots());
        Assert.Equal(3_000, Store.ListHosts().Single(h => h.HostId == "host-b").RetiredAt);
        Assert.False(Store.RetireHost("host-b", 4_000));
        Assert.False(Store.RetireHost("nobody", 4_000));
    }

    [StoreFact]
    public void CommitScan_ReactivatesARetiredHost()
    {
        using var other = OpenAsHost("host-b");
        other.CommitScan(Commit(at: 2_000));
        Store.RetireHost("host-b", 3_000);

        other.CommitScan(Commit(at: 4_000));

        Assert.Equal(new HostRecord("host-b", 2_000, 4_000, null), Store.ListHosts().Single(h => h.HostId == "host-b"));
    }
}
