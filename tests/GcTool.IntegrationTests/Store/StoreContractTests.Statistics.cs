using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public void LoadStatistics_IsAllZero_WhenStoreIsEmpty()
    {
        Assert.Equal(new StoreStatistics(0, 0, 0, 0, 0, 0, 0, null, null), Store.LoadStatistics());
    }

    [StoreFact]
    public void LoadStatistics_CountsBytesReferencedAndReclaimable()
    {
        Store.CommitScan(Commit(
            at: 7_000,
            entries:
            [
                Entry("used1", bytes: 1_000, freeable: 900),
                Entry("used2", bytes: 2_000, freeable: 1_500),
                Entry("orphan1", bytes: 300, freeable: 300),
                Entry("orphan2", bytes: 400, freeable: 100), // a venv hardlinks part of it: only 100 bytes would be freed
            ],
            rescanned:
            [
                Scanned(Env("/p/a"), Ref("used1"), Ref("used2"), Ref("notincache")),
                Scanned(Env("/p/b"), Ref("used1", LinkMode.Hardlink)),
            ]));

        var stats = Store.LoadStatistics();

        Assert.Equal(new StoreStatistics(
            Entries: 4,
            Environments: 2,
            References: 4,
            CacheBytes: 3_700,
            ReferencedBytes: 3_000,
            ReclaimableBytes: 400,
            UnreferencedEntries: 2,
            LastScanAt: 7_000,
            LastGcAt: null), stats);
    }

    [StoreFact]
    public void LoadStatistics_DoesNotCountCachedVenv_AsReclaimable()
    {
        Store.CommitScan(Commit(
            entries: [Entry("_venv", kind: EntryKind.Venv, bytes: 5_000, freeable: 5_000), Entry("orphan", bytes: 10, freeable: 10)],
            rescanned: [Scanned(Env("/c/archive-v0/_venv", kind: EnvironmentKind.CachedVenvArchive, asEntry: Key("_venv")))]));

        var stats = Store.LoadStatistics();

        Assert.Equal((1L, 10L), (stats.UnreferencedEntries, stats.ReclaimableBytes));
        Assert.Equal(0, stats.ReferencedBytes);
    }
}
