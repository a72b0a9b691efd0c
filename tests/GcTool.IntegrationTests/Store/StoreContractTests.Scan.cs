using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    // --- entries ---------------------------------------------------------------------------------

    [Fact]
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

    [Fact]
    public void LoadEntries_WithoutInodes_ReturnsEverythingButTheInodes()
    {
        var wheel = Entry("aaaa", inodes: [1, 2, 3]);
        Store.CommitScan(Commit(entries: [wheel]));

        var loaded = Assert.Single(Store.LoadEntries(withInodes: false));

        Assert.Null(loaded.Inodes);
        Assert.Equal(wheel with { Inodes = null }, loaded);
    }

    [Fact]
    public void CommitScan_RoundTripsDeviceAndInodes_AboveInt64Max()
    {
        var entry = Entry("aaaa", device: ulong.MaxValue, inodes: [ulong.MaxValue, (ulong)long.MaxValue + 1, 0]);

        Store.CommitScan(Commit(entries: [entry]));

        var loaded = Assert.Single(Store.LoadEntries(withInodes: true));
        Assert.Equal(ulong.MaxValue, loaded.Device);
        Assert.Equal([ulong.MaxValue, (ulong)long.MaxValue + 1, 0UL], loaded.Inodes!);
    }

    [Fact]
    public void CommitScan_KeepsEarliestFirstSeen_WhenEntryUpsertedAgain()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 1_000)]));

        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 3_000)]));

        Assert.Equal(1_000, Assert.Single(Store.LoadEntries(false)).FirstSeenAt);
    }

    [Fact]
    public void CommitScan_TakesEarlierFirstSeen_WhenUpsertKnowsAnEarlierOne()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 3_000)]));

        Store.CommitScan(Commit(entries: [Entry("aaaa", firstSeen: 1_000)]));

        Assert.Equal(1_000, Assert.Single(Store.LoadEntries(false)).FirstSeenAt);
    }

    [Theory]
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

    [Fact]
    public void CommitScan_ReplacesOtherEntryFields_WhenEntryUpsertedAgain()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", dist: "old", version: "1", bytes: 10, freeable: 5, inodes: [1, 2], device: 1, fileCount: 2, dirTime: 10)]));
        var updated = Entry("aaaa", dist: "new", version: "2", bytes: 20, freeable: 15, inodes: [3], device: 2, fileCount: 1, dirTime: 20,
            kind: EntryKind.Unknown);

        Store.CommitScan(Commit(entries: [updated]));

        AssertEntry(updated, Assert.Single(Store.LoadEntries(withInodes: true)));
    }

    [Fact]
    public void CommitScan_ReplacesInodes_WithEmptyList()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", inodes: [1, 2])]));

        Store.CommitScan(Commit(entries: [Entry("aaaa", inodes: [])]));

        Assert.Empty(Assert.Single(Store.LoadEntries(withInodes: true)).Inodes!);
    }

    [Fact]
    public void CommitScan_KeepsStoredInodes_WhenUpsertCarriesNone()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", inodes: [1, 2])]));

        Store.CommitScan(Commit(entries: [Entry("aaaa") with { Inodes = null }]));

        Assert.Equal([1UL, 2UL], Assert.Single(Store.LoadEntries(withInodes: true)).Inodes!);
    }

    [Fact]
    public void CommitScan_DeletesRemovedEntries()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa"), Entry("bbbb")]));

        Store.CommitScan(Commit(removedEntries: [Key("aaaa")]));

        Assert.Equal(Key("bbbb"), Assert.Single(Store.LoadEntries(false)).Key);
    }

    [Fact]
    public void CommitScan_KeepsSameIdUnderOtherArchiveVersionApart()
    {
        Store.CommitScan(Commit(entries: [Entry("aaaa", archiveVersion: 0), Entry("aaaa", archiveVersion: 1)]));

        Store.CommitScan(Commit(removedEntries: [Key("aaaa", archiveVersion: 0)]));

        Assert.Equal(Key("aaaa", archiveVersion: 1), Assert.Single(Store.LoadEntries(false)).Key);
    }

    // --- environments and references -------------------------------------------------------------

    [Fact]
    public void CommitScan_RoundTripsEnvironments()
    {
        var venv = Env("/home/u/projects/a/.venv", root: Projects, fingerprint: "mtime:123", python: "3.12.4", firstSeen: 1_100, scannedAt: 1_900, fileCount: 812, skipped: 2);
        var cached = Env("/home/u/.cache/uv/archive-v0/_cachedvenv0001", kind: EnvironmentKind.CachedVenvArchive, asEntry: Key("_cachedvenv0001"), python: null);
        var scriptEnv = Env("/home/u/.cache/uv/environments-v2/script-abc", kind: EnvironmentKind.CacheEnvironment);

        Store.CommitScan(Commit(rescanned: [Scanned(venv), Scanned(cached), Scanned(scriptEnv)]));

        Assert.Equal(new[] { cached, scriptEnv, venv }, Store.LoadEnvironments());
    }

    [Fact]
    public void CommitScan_RoundTripsReferences_AsGraphEdges()
    {
        var cached = Env("/c/archive-v0/_venv", kind: EnvironmentKind.CachedVenvArchive, asEntry: Key("_venv"));
        Store.CommitScan(Commit(rescanned: [Scanned(cached, Ref("aaaa", LinkMode.Hardlink, files: 7))]));

        var edge = Assert.Single(Store.LoadReferenceGraph());

        Assert.Equal(new ReferenceEdge(cached.Path, EnvironmentKind.CachedVenvArchive, Key("_venv"), Key("aaaa"), LinkMode.Hardlink, 7), edge);
    }

    [Fact]
    public void CommitScan_KeepsEarliestFirstSeen_WhenEnvironmentRescanned()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv", firstSeen: 1_000))]));

        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv", firstSeen: 2_000, fingerprint: "fp-2", scannedAt: 2_000))]));

        var env = Assert.Single(Store.LoadEnvironments());
        Assert.Equal(1_000, env.FirstSeenAt);
        Assert.Equal("fp-2", env.Fingerprint);
        Assert.Equal(2_000, env.LastScannedAt);
    }

    [Fact]
    public void CommitScan_ReplacesReferences_WhenEnvironmentRescanned()
    {
        var venv = Env("/p/.venv");
        Store.CommitScan(Commit(rescanned: [Scanned(venv, Ref("aaaa"), Ref("bbbb"))]));

        Store.CommitScan(Commit(rescanned: [Scanned(venv, Ref("bbbb", LinkMode.Hardlink), Ref("cccc"))]));

        Assert.Equal(
            [("archive-v0/bbbb", LinkMode.Hardlink), ("archive-v0/cccc", LinkMode.Symlink)],
            Store.LoadReferenceGraph().Select(e => (e.Entry.ToString(), e.Mode)).OrderBy(e => e.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public void CommitScan_KeepsReferencesOfEnvironmentsNotInTheCommit()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/a"), Ref("aaaa")), Scanned(Env("/p/b"), Ref("bbbb"))]));

        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/a"), Ref("cccc"))]));

        Assert.Equal(["archive-v0/bbbb", "archive-v0/cccc"], Store.LoadReferenceGraph().Select(e => e.Entry.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CommitScan_RecordsBothLinkModes_ForOneEntry()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv"), Ref("aaaa", LinkMode.Symlink), Ref("aaaa", LinkMode.Hardlink))]));

        Assert.Equal(2, Store.LoadReferenceGraph().Count);
    }

    [Fact]
    public void CommitScan_AcceptsReferences_ToEntriesItDoesNotKnow()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv"), Ref("unknown0000"))]));

        Assert.Equal(Key("unknown0000"), Assert.Single(Store.LoadReferenceGraph()).Entry);
        Assert.Empty(Store.LoadEntries(false));
    }

    [Fact]
    public void CommitScan_ReplacesUnmatchedHardlinks_WhenEnvironmentRescanned()
    {
        var venv = Env("/p/.venv");
        Store.CommitScan(Commit(rescanned: [Scanned(venv, [], [new(1, 10), new(1, 11)])]));

        Store.CommitScan(Commit(rescanned: [Scanned(venv, [], [new(1, 12)])]));

        Assert.Equal(new HashSet<FileId> { new(1, 12) }, Store.LoadUnmatchedHardlinks());
    }

    [Fact]
    public void LoadUnmatchedHardlinks_UnitesAllEnvironments()
    {
        Store.CommitScan(Commit(rescanned:
        [
            Scanned(Env("/p/a"), [], [new(1, 10), new(ulong.MaxValue, ulong.MaxValue)]),
            Scanned(Env("/p/b"), [], [new(1, 10), new(2, 20)]),
        ]));

        Assert.Equal(new HashSet<FileId> { new(1, 10), new(2, 20), new(ulong.MaxValue, ulong.MaxValue) }, Store.LoadUnmatchedHardlinks());
    }

    [Fact]
    public void CommitScan_UpdatesOnlyScanTime_OfUnchangedEnvironment()
    {
        var venv = Env("/p/.venv", scannedAt: 1_000, fingerprint: "fp-1");
        Store.CommitScan(Commit(at: 1_000, rescanned: [Scanned(venv, Ref("aaaa"))]));

        Store.CommitScan(Commit(at: 3_000, unchanged: [venv.Path]));

        Assert.Equal(venv with { LastScannedAt = 3_000 }, Assert.Single(Store.LoadEnvironments()));
        Assert.Single(Store.LoadReferenceGraph());
    }

    [Fact]
    public void CommitScan_DropsReferencesAndHardlinks_OfRemovedEnvironment()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/gone"), [Ref("aaaa")], [new(1, 10)]), Scanned(Env("/p/kept"), Ref("bbbb"))]));

        Store.CommitScan(Commit(removed: [new EnvPath("/p/gone")]));

        Assert.Equal("/p/kept", Assert.Single(Store.LoadEnvironments()).Path.Value);
        Assert.Equal(Key("bbbb"), Assert.Single(Store.LoadReferenceGraph()).Entry);
        Assert.Empty(Store.LoadUnmatchedHardlinks());
    }

    // --- last referenced, scan time ---------------------------------------------------------------

    [Fact]
    public void CommitScan_SetsLastReferencedAt_OfEveryReferencedEntry()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa"), Entry("bbbb")], rescanned: [Scanned(Env("/p/a"), Ref("aaaa"))]));

        // /p/a is not re-read this time, yet its reference still counts.
        Store.CommitScan(Commit(at: 2_000, rescanned: [Scanned(Env("/p/b"), Ref("bbbb"))]));

        var entries = Store.LoadEntries(false).ToDictionary(e => e.Key.Id.Value, e => e.LastReferencedAt);
        Assert.Equal(2_000, entries["aaaa"]);
        Assert.Equal(2_000, entries["bbbb"]);
    }

    [Fact]
    public void CommitScan_LeavesLastReferencedAt_OfUnreferencedEntry()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa")], rescanned: [Scanned(Env("/p/a"), Ref("aaaa"))]));

        Store.CommitScan(Commit(at: 2_000, removed: [new EnvPath("/p/a")]));

        Assert.Equal(1_000, Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    [Fact]
    public void CommitScan_DoesNotMarkSameIdUnderOtherArchiveVersion()
    {
        Store.CommitScan(Commit(at: 1_000, entries: [Entry("aaaa", archiveVersion: 1)], rescanned: [Scanned(Env("/p/a"), Ref("aaaa", archiveVersion: 0))]));

        Assert.Null(Assert.Single(Store.LoadEntries(false)).LastReferencedAt);
    }

    // --- discovery -----------------------------------------------------------------------------------

    [Fact]
    public void LoadDiscovery_ReturnsNull_WhenRootNeverWalked()
    {
        Assert.Null(Store.LoadDiscovery(Projects));
    }

    [Fact]
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

    [Fact]
    public void LoadDiscovery_ReturnsEmptySnapshot_WhenWalkFoundNoDirectories()
    {
        Store.CommitScan(Commit(discoveries: [new(Projects, [])]));

        Assert.Empty(Store.LoadDiscovery(Projects)!.Directories);
    }

    [Fact]
    public void CommitScan_ReplacesDiscoverySnapshot_AndSetsRootScanTime()
    {
        Store.AddRoot(Projects, 1);
        Store.CommitScan(Commit(at: 1_000, discoveries: [new(Projects, [new("/home/u/projects/old", 1, false)])]));

        Store.CommitScan(Commit(at: 2_000, discoveries: [new(Projects, [new("/home/u/projects/new", 2, true)])]));

        Assert.Equal([new WalkedDirectory("/home/u/projects/new", 2, true)], Store.LoadDiscovery(Projects)!.Directories);
        Assert.Equal(2_000, Assert.Single(Store.ListRoots()).LastScanAt);
    }

    [Fact]
    public void CommitScan_SetsLastScanAt()
    {
        Store.CommitScan(Commit(at: 4_321));

        Assert.Equal(4_321, Store.LoadStatistics().LastScanAt);
    }

    [Fact]
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

    private static void AssertEntry(EntryRecord expected, EntryRecord actual)
    {
        Assert.Equal(expected with { Inodes = null }, actual with { Inodes = null });
        Assert.Equal(expected.Inodes, actual.Inodes);
    }
}
