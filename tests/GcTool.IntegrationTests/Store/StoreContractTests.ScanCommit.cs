using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void CommitScan_SetsLastReferencedAt_OfEveryReferencedEntry()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa"), Entry("bbbb")], rescanned: [Scanned(Env("/p/a"), Ref("aaaa"))]));

        // /p/a is not re-read this time, yet its reference still counts.
        Store.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/p/b"), Ref("bbbb"))]));

        var entries = Store.LoadEntries(false).ToDictionary(e => e.Key.Id.Value, e => e.LastReferencedAt);
        Assert.Equal(2_000, entries["aaaa"]);
        Assert.Equal(2_000, entries["bbbb"]);
    }

    [StoreFact]
    public void CommitScan_LeavesLastReferencedAt_OfUnreferencedEntry()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa")], rescanned: [Scanned(Env("/p/a"), Ref("aaaa"))]));

        Store.CommitScan(Commit(at: 2_000, removed: [new EnvPath("/p/a")]));

        Assert.Equal(1_000, Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    [StoreFact]
    public void CommitScan_DoesNotMarkSameIdUnderOtherArchiveVersion()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa", archiveVersion: 1)], rescanned: [Scanned(Env("/p/a"), Ref("aaaa", archiveVersion: 0))]));

        Assert.Null(Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    [StoreFact]
    public void LoadDiscovery_ReturnsNull_WhenRootNeverWalked()
    {
        Assert.Null(Store.LoadDiscovery(Projects));
    }

    [StoreFact]
    public void CommitScan_RoundTripsDiscoverySnapshot_InWalkOrder()
    {
        DiscoverySnapshot snapshot = new(Projects,
        [
            new("/home/u/projects", 1_700_000_000_123_456_789, false),
            new("/home/u/projects/z", 5, false),
            new("/home/u/projects/a/.venv", 6, true),
        ]);

        Store.CommitScan(Commit(discoveries: [snapshot]));

        var loaded = Store.LoadDiscovery(Projects)!;
        Assert.Equal(snapshot.Root, loaded.Root);
        Assert.Equal(snapshot.Directories, loaded.Directories);
    }

    [StoreFact]
    public void LoadDiscovery_ReturnsEmptySnapshot_WhenWalkFoundNoDirectories()
    {
        Store.CommitScan(Commit(discoveries: [new(Projects, [])]));

        Assert.Empty(Store.LoadDiscovery(Projects)!.Directories);
    }

    [StoreFact]
    public void CommitScan_ReplacesDiscoverySnapshot_AndSetsRootScanTime()
    {
        Store.AddRoot(Projects, 1);
        Store.CommitScan(Commit(at: 1_000, discoveries: [new(Projects, [new("/home/u/projects/old", 1, false)])]));

        Store.CommitScan(Commit(at: 2_000, discoveries: [new(Projects, [new("/home/u/projects/new", 2, true)])]));

        Assert.Equal([new WalkedDirectory("/home/u/projects/new", 2, true)], Store.LoadDiscovery(Projects)!.Directories);
        Assert.Equal(2_000, Assert.Single(Store.ListRoots()).LastScanAt);
    }

    [StoreFact]
    public void CommitScan_KeepsTheStoredSnapshot_WhenTheWalkFoundTheSame_AndStillSetsRootScanTime()
    {
        Store.AddRoot(Projects, 1);
        WalkedDirectory[] walked = [new("/home/u/projects", 7, false), new("/home/u/projects/a/.venv", 8, true)];
        Store.CommitScan(Commit(at: 1_000, discoveries: [new(Projects, walked)]));

        Store.CommitScan(Commit(at: 2_000, discoveries: [new(Projects, walked) { SameAsRecorded = true }]));

        Assert.Equal(walked, Store.LoadDiscovery(Projects)!.Directories);
        Assert.Equal(2_000, Assert.Single(Store.ListRoots()).LastScanAt);
    }

    [StoreFact]
    public void CommitScan_SetsLastScanAt()
    {
        Store.CommitScan(Commit(at: 4_321));

        Assert.Equal(4_321, Store.LoadStatistics().LastScanAt);
    }

    [StoreFact]
    public void CommitScan_WritesLargeScanInOneCall()
    {
        // The size the store must handle in one commit: 10k entries, 2k environments, 100k references.
        var entries = Enumerable.Range(0, 10_000).Select(i => Entry($"e{i:D7}", inodes: [(ulong)i, (ulong)i + 1])).ToArray();
        var environments = Enumerable.Range(0, 2_000).Select(v => Scanned(
            Env($"/home/u/projects/p{v:D4}/.venv"),
            Enumerable.Range(0, 50).Select(r => Ref($"e{(v * 50 + r) % 10_000:D7}")).ToArray(),
            [])).ToArray();

        Store.CommitScan(Commit(at: 9_000, entries: entries, rescanned: environments));

        var stats = Store.LoadStatistics();
        Assert.Equal((10_000L, 2_000L, 100_000L), (stats.Entries, stats.Environments, stats.References));
        Assert.All(Store.LoadEntries(false), e => Assert.Equal(9_000, e.LastReferencedAt));
    }
}
