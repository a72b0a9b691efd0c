using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void CommitScan_RoundTripsEnvironments()
    {
        var venv = Env("/home/u/projects/a/.venv", root: Projects, fingerprint: "mtime:123", python: "3.12.4", firstSeen: 1_100, scannedAt: 1_900, fileCount: 812, skipped: 2);
        var cached = Env("/home/u/.cache/uv/archive-v0/_cachedvenv0001", kind: EnvironmentKind.CachedVenvArchive, asEntry: Key("_cachedvenv0001"), python: null);
        var scriptEnv = Env("/home/u/.cache/uv/environments-v2/script-abc", kind: EnvironmentKind.CacheEnvironment);

        Store.CommitScan(Commit(rescanned: [Scanned(venv), Scanned(cached), Scanned(scriptEnv)]));

        Assert.Equal(new[] { cached, scriptEnv, venv }, Store.LoadEnvironments());
    }

    [StoreFact]
    public void CommitScan_RoundTripsReferences_AsGraphEdges()
    {
        var cached = Env("/c/archive-v0/_venv", kind: EnvironmentKind.CachedVenvArchive, asEntry: Key("_venv"));
        Store.CommitScan(Commit(rescanned: [Scanned(cached, Ref("aaaa", LinkMode.Hardlink, files: 7))]));

        var edge = Assert.Single(Store.LoadReferenceGraph());

        Assert.Equal(new ReferenceEdge(cached.Path, EnvironmentKind.CachedVenvArchive, Key("_venv"), Key("aaaa"), LinkMode.Hardlink, 7), edge);
    }

    [StoreFact]
    public void CommitScan_KeepsEarliestFirstSeen_WhenEnvironmentRescanned()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv", firstSeen: 1_000))]));

        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv", firstSeen: 2_000, fingerprint: "fp-2", scannedAt: 2_000))]));

        var env = Assert.Single(Store.LoadEnvironments());
        Assert.Equal(1_000, env.FirstSeenAt);
        Assert.Equal("fp-2", env.Fingerprint);
        Assert.Equal(2_000, env.LastScannedAt);
    }

    [StoreFact]
    public void CommitScan_ReplacesReferences_WhenEnvironmentRescanned()
    {
        var venv = Env("/p/.venv");
        Store.CommitScan(Commit(rescanned: [Scanned(venv, Ref("aaaa"), Ref("bbbb"))]));

        Store.CommitScan(Commit(rescanned: [Scanned(venv, Ref("bbbb", LinkMode.Hardlink), Ref("cccc"))]));

        Assert.Equal(
            [("archive-v0/bbbb", LinkMode.Hardlink), ("archive-v0/cccc", LinkMode.Symlink)],
            Store.LoadReferenceGraph().Select(e => (e.Entry.ToString(), e.Mode)).OrderBy(e => e.Item1, StringComparer.Ordinal));
    }

    [StoreFact]
    public void CommitScan_KeepsReferencesOfEnvironmentsNotInTheCommit()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/a"), Ref("aaaa")), Scanned(Env("/p/b"), Ref("bbbb"))]));

        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/a"), Ref("cccc"))]));

        Assert.Equal(["archive-v0/bbbb", "archive-v0/cccc"], Store.LoadReferenceGraph().Select(e => e.Entry.ToString()).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public void CommitScan_RecordsBothLinkModes_ForOneEntry()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv"), Ref("aaaa", LinkMode.Symlink), Ref("aaaa", LinkMode.Hardlink))]));

        Assert.Equal(2, Store.LoadReferenceGraph().Count);
    }

    [StoreFact]
    public void CommitScan_AcceptsReferences_ToEntriesItDoesNotKnow()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/.venv"), Ref("unknown0000"))]));

        Assert.Equal(Key("unknown0000"), Assert.Single(Store.LoadReferenceGraph()).Entry);
        Assert.Empty(Store.LoadEntries(false));
    }

    [StoreFact]
    public void CommitScan_ReplacesUnmatchedHardlinks_WhenEnvironmentRescanned()
    {
        var venv = Env("/p/.venv");
        Store.CommitScan(Commit(rescanned: [Scanned(venv, [], [new(1, 10), new(1, 11)])]));

        Store.CommitScan(Commit(rescanned: [Scanned(venv, [], [new(1, 12)])]));

        Assert.Equal(new HashSet<FileId> { new(1, 12) }, Store.LoadUnmatchedHardlinks());
    }

    [StoreFact]
    public void LoadUnmatchedHardlinks_UnitesAllEnvironments()
    {
        Store.CommitScan(Commit(rescanned:
        [
            Scanned(Env("/p/a"), [], [new(1, 10), new(ulong.MaxValue, ulong.MaxValue)]),
            Scanned(Env("/p/b"), [], [new(1, 10), new(2, 20)]),
        ]));

        Assert.Equal(new HashSet<FileId> { new(1, 10), new(2, 20), new(ulong.MaxValue, ulong.MaxValue) }, Store.LoadUnmatchedHardlinks());
    }

    [StoreFact]
    public void CommitScan_UpdatesOnlyScanTime_OfUnchangedEnvironment()
    {
        var venv = Env("/p/.venv", scannedAt: 1_000, fingerprint: "fp-1");
        Store.CommitScan(Commit(at: 1_000, rescanned: [Scanned(venv, Ref("aaaa"))]));

        Store.CommitScan(Commit(at: 3_000, unchanged: [venv.Path]));

        Assert.Equal(venv with { LastScannedAt = 3_000 }, Assert.Single(Store.LoadEnvironments()));
        Assert.Single(Store.LoadReferenceGraph());
    }

    [StoreFact]
    public void CommitScan_DoesNotRewriteTheScanTime_OfAnEnvironmentConfirmedWithinTheTouchResolution()
    {
        var venv = Env("/p/.venv", scannedAt: 1_000, fingerprint: "fp-1");
        Store.CommitScan(Commit(at: 1_000, rescanned: [Scanned(venv, Ref("aaaa"))]));

        Store.CommitScan(Commit(at: 1_000 + TouchResolution.Seconds - 1, unchanged: [venv.Path]));

        Assert.Equal(1_000, Assert.Single(Store.LoadEnvironments()).LastScannedAt);
    }

    [StoreFact]
    public void CommitScan_DropsReferencesAndHardlinks_OfRemovedEnvironment()
    {
        Store.CommitScan(Commit(rescanned: [Scanned(Env("/p/gone"), [Ref("aaaa")], [new(1, 10)]), Scanned(Env("/p/kept"), Ref("bbbb"))]));

        Store.CommitScan(Commit(removed: [new EnvPath("/p/gone")]));

        Assert.Equal("/p/kept", Assert.Single(Store.LoadEnvironments()).Path.Value);
        Assert.Equal(Key("bbbb"), Assert.Single(Store.LoadReferenceGraph()).Entry);
        Assert.Empty(Store.LoadUnmatchedHardlinks());
    }
}
