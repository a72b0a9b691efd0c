using GcTool.Core.Environments;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void AddRoot_RecordsRootWithAddedTime_AndNoScanYet()
    {
        Assert.True(Store.AddRoot(Projects, now: 1_234));

        var root = Assert.Single(Store.ListRoots());
        Assert.Equal(Projects, root.Path);
        Assert.Equal(1_234, root.AddedAt);
        Assert.Null(root.LastScanAt);
    }

    [StoreFact]
    public void AddRoot_ReturnsFalse_WhenRootAlreadyRegistered()
    {
        Store.AddRoot(Projects, 1_000);

        Assert.False(Store.AddRoot(Projects, 2_000));
        Assert.Equal(1_000, Assert.Single(Store.ListRoots()).AddedAt);
    }

    [StoreFact]
    public void ListRoots_ReturnsRootsSortedByPath()
    {
        Store.AddRoot(Tools, 1);
        Store.AddRoot(new RootPath("/data/ci"), 2);
        Store.AddRoot(Projects, 3);

        Assert.Equal(["/data/ci", "/home/u/projects", "/home/u/tools"], Store.ListRoots().Select(r => r.Path.Value));
    }

    [StoreFact]
    public void RemoveRoot_ReturnsFalse_WhenRootUnknown()
    {
        Assert.False(Store.RemoveRoot(Projects));
    }

    [StoreFact]
    public void RemoveRoot_DeletesItsEnvironmentsAndTheirReferences()
    {
        Store.AddRoot(Projects, 1);
        var venv = Env("/home/u/projects/a/.venv", root: Projects);
        Store.CommitScan(Commit(rescanned: [Scanned(venv, [Ref("aaaa")], [new(1, 99)])]));

        Assert.True(Store.RemoveRoot(Projects));

        Assert.Empty(Store.ListRoots());
        Assert.Empty(Store.LoadEnvironments());
        Assert.Empty(Store.LoadReferenceGraph());
        Assert.Empty(Store.LoadUnmatchedHardlinks());
    }

    [StoreFact]
    public void RemoveRoot_DeletesItsDiscoverySnapshot()
    {
        Store.AddRoot(Projects, 1);
        Store.CommitScan(Commit(discoveries: [new(Projects, [new("/home/u/projects/a", 5, false)])]));

        Store.RemoveRoot(Projects);

        Assert.Null(Store.LoadDiscovery(Projects));
    }

    [StoreFact]
    public void RemoveRoot_KeepsEnvironmentsAndSnapshotsOfOtherRoots()
    {
        Store.AddRoot(Projects, 1);
        Store.AddRoot(Tools, 1);
        Store.CommitScan(Commit(
            rescanned: [Scanned(Env("/home/u/projects/a/.venv", root: Projects), Ref("aaaa")), Scanned(Env("/home/u/tools/t", root: Tools), Ref("bbbb"))],
            discoveries: [new(Projects, []), new(Tools, [new("/home/u/tools/t", 7, true)])]));

        Store.RemoveRoot(Projects);

        Assert.Equal("/home/u/tools/t", Assert.Single(Store.LoadEnvironments()).Path.Value);
        Assert.Equal(Key("bbbb"), Assert.Single(Store.LoadReferenceGraph()).Entry);
        Assert.NotNull(Store.LoadDiscovery(Tools));
    }
}
