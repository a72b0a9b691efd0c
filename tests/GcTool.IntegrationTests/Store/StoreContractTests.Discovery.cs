using GcTool.Core.Environments;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

/// <summary>Discovery snapshots are per host and root: /srv/ci on host A is not /srv/ci on host B.</summary>
public abstract partial class StoreContractTests
{
    [StoreFact]
    public void LoadDiscovery_ReturnsThisHostsSnapshot_WhenTwoHostsWalkTheSameRootPath()
    {
        Store.AddRoot(Projects, 1);
        Store.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/a", 5, true)])]));
        using var other = OpenAsHost("host-b");
        other.AddRoot(Projects, 1);

        Assert.Null(other.LoadDiscovery(Projects));
        other.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/b", 6, false)])]));

        Assert.Equal([new WalkedDirectory("/home/u/projects/a", 5, true)], Store.LoadDiscovery(Projects)!.Directories);
        Assert.Equal([new WalkedDirectory("/home/u/projects/b", 6, false)], other.LoadDiscovery(Projects)!.Directories);
    }

    [StoreFact]
    public void RemoveRoot_KeepsAnotherHostsSnapshotOfTheSamePath()
    {
        Store.AddRoot(Projects, 1);
        Store.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/a", 5, true)])]));
        using var other = OpenAsHost("host-b");
        other.AddRoot(Projects, 1);
        other.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/b", 6, false)])]));

        other.RemoveRoot(Projects);

        Assert.Null(other.LoadDiscovery(Projects));
        Assert.NotNull(Store.LoadDiscovery(Projects));
    }

    [StoreFact]
    public void RetireHost_DropsItsSnapshots_AndKeepsOtherHostsOfTheSamePath()
    {
        Store.AddRoot(Projects, 1);
        Store.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/a", 5, true)])]));
        using var other = OpenAsHost("host-b");
        other.AddRoot(Projects, 1);
        other.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/b", 6, false)])]));

        Store.RetireHost("host-b", 10);

        Assert.Null(other.LoadDiscovery(Projects));
        Assert.NotNull(Store.LoadDiscovery(Projects));
    }

    [StoreFact]
    public void OpenStateReader_ReadsTheSameDatabase_AndClosingItLeavesTheStoreOpen()
    {
        Store.AddRoot(Projects, 1);
        Store.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/a", 5, true)])]));

        using (var reader = Store.OpenStateReader())
        {
            Assert.Equal([Projects], reader.ListRoots().Select(r => r.Path));
            Assert.NotNull(reader.LoadDiscovery(Projects));
            Store.AddRoot(Tools, 2);
            Assert.Equal([Projects, Tools], reader.ListRoots().Select(r => r.Path));
        }

        Assert.Equal(2, Store.ListRoots().Count);
    }
}
