using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void CommitScan_RoundTripsEntries_WithInodes()
    {
        var wheel = Entry("-x9QabcdEFGH12_z", dist: "attrs", version: "24.2.0", bytes: 4_096, freeable: 1_024,
            firstSeen: 1_500, lastReferenced: 1_700, inodes: [11, 12, 13], device: 2049, fileCount: 3, dirTime: 1_400);
        var venv = Entry("_cachedvenv0001", dist: null, version: null, kind: EntryKind.Venv, inodes: [], archiveVersion: 1);

        Store.CommitScan(Commit(entries: [wheel, venv]));

        var loaded = Store.LoadEntries(withInodes: true);
        Assert.Equal(2, loaded.Count);
        AssertEntry(wheel, loaded.Single(e => e.Key == wheel.Key));
        AssertEntry(venv, loaded.Single(e => e.Key == venv.Key));
    }

    [StoreFact]
    public void LoadEntries_WithoutInodes_ReturnsEverythingButTheInodes()
    {
        var wheel = Entry("aaaa", inodes: [1, 2, 3]);
        Store.CommitScan(Commit(entries: [wheel]));

        var loaded = Assert.Single(Store.LoadEntries(withInodes: false));

        Assert.Null(loaded.Inodes);
        Assert.Equal(wheel with { Inodes = null }, loaded);
    }

    [StoreFact]
    public void CommitScan_RoundTripsDeviceAndInodes_AboveInt64Max()
    {
        var entry = Entry("aaaa", device: ulong.MaxValue, inodes: [ulong.MaxValue, (ulong)long.MaxValue + 1, 0]);

        Store.CommitScan(Commit(entries: [entry]));

        var loaded = Assert.Single(Store.LoadEntries(withInodes: true));
        Assert.Equal(ulong.MaxValue, loaded.Device);
        Assert.Equal([ulong.MaxValue, (ulong)long.MaxValue + 1, 0UL], loaded.Inodes!);
    }

    [StoreFact]
    public void CommitScan_KeepsEarliestFirstSeen_WhenEntryUpsertedAgain()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 1_000)]));

        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 3_000)]));

        Assert.Equal(1_000, Assert.Single(Store.LoadEntries(false)).FirstSeenAt);
    }

    [StoreFact]
    public void CommitScan_TakesEarlierFirstSeen_WhenUpsertKnowsAnEarlierOne()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 3_000)]));

        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 1_000)]));

        Assert.Equal(1_000, Assert.Single(Store.LoadEntries(false)).FirstSeenAt);
    }

    [StoreTheory]
    [InlineData(1_800L, 1_200L, 1_800L)]
    [InlineData(1_200L, 1_800L, 1_800L)]
    [InlineData(1_800L, null, 1_800L)]
    [InlineData(null, 1_800L, 1_800L)]
    [InlineData(null, null, null)]
    public void CommitScan_KeepsLatestLastReferenced_WhenEntryUpsertedAgain(long? stored, long? upserted, long? expected)
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", lastReferenced: stored)]));

        Store.CommitScan(Commit(entries: [Entry("aaaa", lastReferenced: upserted)]));

        Assert.Equal(expected, Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    [StoreFact]
    public void CommitScan_ReplacesOtherEntryFields_WhenEntryUpsertedAgain()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", dist: "old", version: "1", bytes: 10, freeable: 5, inodes: [1, 2], device: 1, fileCount: 2, dirTime: 10)]));
        var updated = Entry("aaaa", dist: "new", version: "2", bytes: 20, freeable: 15, inodes: [3], device: 2, fileCount: 1, dirTime: 20,
            kind: EntryKind.Unknown);

        Store.CommitScan(Commit(entries: [updated]));

        AssertEntry(updated, Assert.Single(Store.LoadEntries(withInodes: true)));
    }

    [StoreFact]
    public void CommitScan_ReplacesInodes_WithEmptyList()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", inodes: [1, 2])]));

        Store.CommitScan(Commit(entries: [Entry("aaaa", inodes: [])]));

        Assert.Empty(Assert.Single(Store.LoadEntries(withInodes: true)).Inodes!);
    }

    [StoreFact]
    public void CommitScan_KeepsStoredInodes_WhenUpsertCarriesNone()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", inodes: [1, 2])]));

        Store.CommitScan(Commit(entries: [Entry("aaaa") with { Inodes = null }]));

        Assert.Equal([1UL, 2UL], Assert.Single(Store.LoadEntries(withInodes: true)).Inodes!);
    }

    [StoreFact]
    public void CommitScan_DeletesRemovedEntries()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa"), Entry("bbbb")]));

        Store.CommitScan(Commit(removedEntries: [Key("aaaa")]));

        Assert.Equal(Key("bbbb"), Assert.Single(Store.LoadEntries(false)).Key);
    }

    [StoreFact]
    public void CommitScan_KeepsSameIdUnderOtherArchiveVersionApart()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", archiveVersion: 0), Entry("aaaa", archiveVersion: 1)]));

        Store.CommitScan(Commit(removedEntries: [Key("aaaa", archiveVersion: 0)]));

        Assert.Equal(Key("aaaa", archiveVersion: 1), Assert.Single(Store.LoadEntries(false)).Key);
    }

    private static void AssertEntry(EntryRecord expected, EntryRecord actual)
    {
        Assert.Equal(expected with { Inodes = null }, actual with { Inodes = null });
        Assert.Equal(expected.Inodes, actual.Inodes);
    }
}
