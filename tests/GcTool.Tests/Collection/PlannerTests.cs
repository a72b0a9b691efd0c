using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Tests.Collection;

public class PlannerTests
{
    private const long Now = 1_800_000_000;
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);
    private static readonly EnvPath ProjectVenv = new("/home/ci/project/.venv");

    private static EntryRecord Entry(string id, long ageDays = 10, long? lastUsedDaysAgo = null, EntryKind kind = EntryKind.Wheel, ulong[]? inodes = null) =>
        new(new EntryKey(0, EntryId.Parse(id)), kind, "pkg-" + id, "1.0", 3, 300, 300,
            Now - ageDays * 86400, Now - ageDays * 86400, lastUsedDaysAgo is { } d ? Now - d * 86400 : null, 7, inodes);

    private static ReferenceEdge Edge(EnvPath env, EntryRecord entry, EnvironmentKind kind = EnvironmentKind.Venv, EntryRecord? asEntry = null) =>
        new(env, kind, asEntry?.Key, entry.Key, LinkMode.Symlink, 1);

    private static GcPlan Plan(IReadOnlyList<EntryRecord> entries, IReadOnlyList<ReferenceEdge> graph, TimeSpan? minAge = null,
        IReadOnlySet<EntryKey>? pinned = null, IReadOnlySet<FileId>? unmatched = null) =>
        Planner.Plan(new PlanInputs(entries, graph, pinned ?? new HashSet<EntryKey>(), unmatched ?? new HashSet<FileId>(), Now, minAge ?? OneDay));

    private static IEnumerable<string> Planned(GcPlan plan) => plan.Items.Select(i => i.Entry.Id.Value);

    [Fact]
    public void Plan_KeepsEntry_ThatAnEnvironmentReferences()
    {
        var used = Entry("usedAAAAAAAAAAAA");
        var plan = Plan([used], [Edge(ProjectVenv, used)]);
        Assert.Empty(plan.Items);
        Assert.Equal(1, plan.Kept[KeepReason.Referenced]);
    }

    [Fact]
    public void Plan_DeletesEntry_ThatNothingReferencesAndIsOlderThanMinAge()
    {
        var plan = Plan([Entry("orphanAAAAAAAAAA")], []);
        Assert.Equal(["orphanAAAAAAAAAA"], Planned(plan));
        Assert.Equal(new RemovalReason(RemovalKind.Unreferenced, LastUsedAt: null, CreatedAt: Now - 10 * 86400), plan.Items[0].Reason);
    }

    [Fact]
    public void Plan_KeepsUnreferencedEntry_CreatedWithinMinAge()
    {
        var plan = Plan([Entry("freshAAAAAAAAAAA", ageDays: 0)], []);
        Assert.Empty(plan.Items);
        Assert.Equal(1, plan.Kept[KeepReason.TooYoung]);
    }

    [Fact]
    public void Plan_KeepsUnreferencedEntry_LastUsedWithinMinAge()
    {
        var plan = Plan([Entry("recentAAAAAAAAAA", ageDays: 30, lastUsedDaysAgo: 0)], [], minAge: TimeSpan.FromDays(2));
        Assert.Empty(plan.Items);
    }

    [Fact]
    public void Plan_WithZeroMinAge_DeletesEveryUnreferencedEntry()
    {
        var plan = Plan([Entry("freshAAAAAAAAAAA", ageDays: 0)], [], minAge: TimeSpan.Zero);
        Assert.Single(plan.Items);
    }

    [Fact]
    public void Plan_KeepsCachedVenvArchive_NamedByEnvironmentsBucket_AndWhatItLinksTo()
    {
        var venv = Entry("venvAAAAAAAAAAAA", kind: EntryKind.Venv);
        var dependency = Entry("depAAAAAAAAAAAAA");
        var venvPath = new EnvPath("/cache/archive-v0/venvAAAAAAAAAAAA");
        var plan = Plan([venv, dependency], [Edge(venvPath, dependency, EnvironmentKind.CachedVenvArchive, venv)],
            pinned: new HashSet<EntryKey> { venv.Key });
        Assert.Empty(plan.Items);
        Assert.Equal(1, plan.Kept[KeepReason.CachedEnvironment]);
    }

    [Fact]
    public void Plan_DeletesStaleCachedVenv_TogetherWithWhatOnlyItLinksTo()
    {
        var venv = Entry("venvAAAAAAAAAAAA", kind: EntryKind.Venv);
        var dependency = Entry("depAAAAAAAAAAAAA");
        var venvPath = new EnvPath("/cache/archive-v0/venvAAAAAAAAAAAA");
        var plan = Plan([venv, dependency], [Edge(venvPath, dependency, EnvironmentKind.CachedVenvArchive, venv)]);
        Assert.Equal(["depAAAAAAAAAAAAA", "venvAAAAAAAAAAAA"], Planned(plan).Order());
    }

    [Fact]
    public void Plan_KeepsWhatAYoungStaleCachedVenvLinksTo()
    {
        var venv = Entry("venvAAAAAAAAAAAA", ageDays: 0, kind: EntryKind.Venv);
        var dependency = Entry("depAAAAAAAAAAAAA", ageDays: 30);
        var venvPath = new EnvPath("/cache/archive-v0/venvAAAAAAAAAAAA");
        var plan = Plan([venv, dependency], [Edge(venvPath, dependency, EnvironmentKind.CachedVenvArchive, venv)]);
        Assert.Empty(plan.Items);
    }

    [Fact]
    public void Plan_KeepsEntry_WhoseInodeAnEnvironmentHoldsUnattributed()
    {
        var entry = Entry("hardAAAAAAAAAAAA", inodes: [41, 42]);
        var plan = Plan([entry], [], unmatched: new HashSet<FileId> { new(7, 42) });
        Assert.Empty(plan.Items);
        Assert.Equal(1, plan.Kept[KeepReason.Hardlinked]);
    }

    [Fact]
    public void Plan_AcceptsIdsThatBeginWithADash()
    {
        var plan = Plan([Entry("-x9QabcdEFGH12_z")], []);
        Assert.Equal(["-x9QabcdEFGH12_z"], Planned(plan));
    }

    [Fact]
    public void Plan_IgnoresReferencesToEntriesNotInTheCache()
    {
        var gone = Entry("goneAAAAAAAAAAAA");
        var plan = Plan([], [Edge(ProjectVenv, gone)]);
        Assert.Empty(plan.Items);
        Assert.Empty(plan.Kept);
    }
}
