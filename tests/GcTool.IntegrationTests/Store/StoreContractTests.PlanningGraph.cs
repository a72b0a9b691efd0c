using GcTool.Core.Environments;
using GcTool.Core.Store;
using static GcTool.IntegrationTests.Store.StoreSamples;

namespace GcTool.IntegrationTests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public void LoadPlanningGraph_NamesEveryRecordedEntryARootReferences_AndEveryCachedVenvEdge()
    {
        var cachedVenv = Env("/c/archive-v0/_venv", kind: EnvironmentKind.CachedVenvArchive, asEntry: Key("_venv"));
        Store.CommitScan(Commit(
            entries: [Entry("aaaa"), Entry("bbbb"), Entry("cccc"), Entry("dddd"), Entry("_venv", kind: Core.Cache.EntryKind.Venv)],
            rescanned:
            [
                Scanned(Env("/p/a"), Ref("aaaa"), Ref("bbbb", LinkMode.Hardlink)),
                Scanned(Env("/p/b"), Ref("aaaa"), Ref("_venv")),
                Scanned(cachedVenv, Ref("cccc"), Ref("aaaa")),
            ]));

        var graph = Store.LoadPlanningGraph();

        var fromRoots = graph.Where(e => e.EnvironmentKind != EnvironmentKind.CachedVenvArchive).Select(e => e.Entry.ToString()).ToHashSet();
        Assert.Equal(["archive-v0/_venv", "archive-v0/aaaa", "archive-v0/bbbb"], fromRoots.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["archive-v0/aaaa", "archive-v0/cccc"],
            graph.Where(e => e.EnvironmentAsEntry == Key("_venv")).Select(e => e.Entry.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadReferencedEntries_IsEveryRecordedEntrySomeEnvironmentReferences()
    {
        var cachedVenv = Env("/c/archive-v0/_venv", kind: EnvironmentKind.CachedVenvArchive, asEntry: Key("_venv"));
        Store.CommitScan(Commit(
            entries: [Entry("aaaa"), Entry("bbbb"), Entry("cccc"), Entry("dddd"), Entry("_venv", kind: Core.Cache.EntryKind.Venv)],
            rescanned:
            [
                Scanned(Env("/p/a"), Ref("aaaa"), Ref("bbbb", LinkMode.Hardlink)),
                Scanned(cachedVenv, Ref("cccc")),
            ]));

        var referenced = Store.LoadReferencedEntries().Select(e => e.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(["archive-v0/aaaa", "archive-v0/bbbb", "archive-v0/cccc"], referenced);
    }
}
