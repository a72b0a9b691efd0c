using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Tests.Collection;

/// <summary>--keep-unused-for, --max-size and --environments: policies on top of "unreferenced only".</summary>
public class PlannerPolicyTests
{
    private const long Now = 1_800_000_000;
    private const long Day = 86_400;
    private static readonly EnvPath ProjectVenv = new("/home/ci/project/.venv");

    private static EntryRecord Entry(string id, long ageDays = 60, long? lastUsedDaysAgo = null, long bytes = 100, EntryKind kind = EntryKind.Wheel) =>
        new(new EntryKey(0, EntryId.Parse(id)), kind, "pkg-" + id, "1.0", 3, bytes, bytes,
            Now - ageDays * Day, Now - ageDays * Day, lastUsedDaysAgo is { } d ? Now - d * Day : null, 7, null);

    private static ReferenceEdge Edge(EnvPath env, EntryRecord entry, EnvironmentKind kind = EnvironmentKind.Venv, EntryRecord? asEntry = null) =>
        new(env, kind, asEntry?.Key, entry.Key, LinkMode.Symlink, 1);

    private static GcPlan Plan(IReadOnlyList<EntryRecord> entries, IReadOnlyList<ReferenceEdge>? graph = null, GcPolicies? policies = null,
        TimeSpan? minAge = null, IReadOnlySet<EntryKey>? pinned = null, IReadOnlyDictionary<EntryKey, long>? pinnedLastUsed = null) =>
        Planner.Plan(new PlanInputs(entries, graph ?? [], pinned ?? new HashSet<EntryKey>(), new HashSet<FileId>(), Now,
            minAge ?? TimeSpan.FromDays(1), policies, pinnedLastUsed));

    private static List<string> Planned(GcPlan plan) => plan.Items.Select(i => i.Entry.Id.Value).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void KeepUnusedFor_KeepsUnreferencedEntry_AnEnvironmentUsedWithinTheWindow()
    {
        var plan = Plan([Entry("warmAAAAAAAAAAAA", lastUsedDaysAgo: 5)], policies: new(KeepUnusedFor: TimeSpan.FromDays(7)));
        Assert.Empty(plan.Items);
        Assert.Equal(1, plan.Kept[KeepReason.RecentlyUsed]);
    }

    [Fact]
    public void KeepUnusedFor_DeletesEntry_LastUsedBeforeTheWindow()
    {
        var plan = Plan([Entry("coldAAAAAAAAAAAA", lastUsedDaysAgo: 8)], policies: new(KeepUnusedFor: TimeSpan.FromDays(7)));
        Assert.Equal(["coldAAAAAAAAAAAA"], Planned(plan));
    }

    [Fact]
    public void KeepUnusedFor_DoesNotKeepEntries_NoEnvironmentEverUsed()
    {
        var plan = Plan([Entry("neverAAAAAAAAAAA", ageDays: 3)], policies: new(KeepUnusedFor: TimeSpan.FromDays(30)));
        Assert.Equal(["neverAAAAAAAAAAA"], Planned(plan));
    }

    [Fact]
    public void MaxSize_EvictsRecentlyUsedEntries_LeastRecentlyUsedFirst_UntilUnderTarget()
    {
        var entries = new[]
        {
            Entry("oldestAAAAAAAAAA", lastUsedDaysAgo: 20, bytes: 100),
            Entry("middleAAAAAAAAAA", lastUsedDaysAgo: 10, bytes: 100),
            Entry("newestAAAAAAAAAA", lastUsedDaysAgo: 2, bytes: 100),
        };
        var plan = Plan(entries, policies: new(KeepUnusedFor: TimeSpan.FromDays(30), MaxSizeBytes: 150));
        Assert.Equal(["middleAAAAAAAAAA", "oldestAAAAAAAAAA"], Planned(plan));
        Assert.Equal(new RemovalReason(RemovalKind.OverMaxSize, LastUsedAt: Now - 10 * Day, CreatedAt: Now - 60 * Day), plan.Items[0].Reason);
        Assert.True(plan.MaxSize!.Reached);
        Assert.Equal(300, plan.MaxSize.BytesBefore);
        Assert.Equal(100, plan.MaxSize.BytesAfter);
        Assert.Equal(2, plan.MaxSize.Evicted);
    }

    [Fact]
    public void MaxSize_NeverDeletesReferencedEntries_AndSaysTheTargetIsOutOfReach()
    {
        var used = Entry("usedAAAAAAAAAAAA", bytes: 1000);
        var plan = Plan([used], [Edge(ProjectVenv, used)], new(MaxSizeBytes: 10));
        Assert.Empty(plan.Items);
        Assert.False(plan.MaxSize!.Reached);
        Assert.Equal(1000, plan.MaxSize.BlockingBytes[KeepReason.Referenced]);
    }

    [Fact]
    public void MaxSize_DoesNotEvictEntries_YoungerThanMinAge()
    {
        var plan = Plan([Entry("youngAAAAAAAAAAA", ageDays: 0, bytes: 500)], policies: new(MaxSizeBytes: 0));
        Assert.Empty(plan.Items);
        Assert.False(plan.MaxSize!.Reached);
        Assert.Equal(500, plan.MaxSize.BlockingBytes[KeepReason.TooYoung]);
    }

    [Fact]
    public void MaxSize_AlreadyUnderTarget_EvictsNothing()
    {
        var plan = Plan([Entry("warmAAAAAAAAAAAA", lastUsedDaysAgo: 2)], policies: new(KeepUnusedFor: TimeSpan.FromDays(7), MaxSizeBytes: 1 << 30));
        Assert.Empty(plan.Items);
        Assert.Equal(0, plan.MaxSize!.Evicted);
        Assert.True(plan.MaxSize.Reached);
    }

    [Fact]
    public void MaxSize_CountsWhatTheNormalRulesDelete_BeforeEvicting()
    {
        var entries = new[] { Entry("orphanAAAAAAAAAA", bytes: 400), Entry("warmAAAAAAAAAAAA", lastUsedDaysAgo: 1, bytes: 100) };
        var plan = Plan(entries, policies: new(KeepUnusedFor: TimeSpan.FromDays(7), MaxSizeBytes: 100), minAge: TimeSpan.Zero);
        Assert.Equal(["orphanAAAAAAAAAA"], Planned(plan));
        Assert.True(plan.MaxSize!.Reached);
    }

    [Fact]
    public void Environments_DeletesCachedVenv_UnusedLongerThanTheDuration_WithWhatOnlyItUses()
    {
        var venv = Entry("venvAAAAAAAAAAAA", kind: EntryKind.Venv);
        var dependency = Entry("depAAAAAAAAAAAAA");
        var plan = Plan([venv, dependency], [Edge(new EnvPath("/c/archive-v0/venvAAAAAAAAAAAA"), dependency, EnvironmentKind.CachedVenvArchive, venv)],
            new(Environments: TimeSpan.FromDays(30)), pinned: new HashSet<EntryKey> { venv.Key },
            pinnedLastUsed: new Dictionary<EntryKey, long> { [venv.Key] = Now - 40 * Day });
        Assert.Equal(["depAAAAAAAAAAAAA", "venvAAAAAAAAAAAA"], Planned(plan));
        Assert.Equal(new RemovalReason(RemovalKind.StaleCachedEnvironment, LastUsedAt: Now - 40 * Day, CreatedAt: Now - 60 * Day, Environments: TimeSpan.FromDays(30)),
            plan.Items.Single(i => i.Entry == venv.Key).Reason);
    }

    [Fact]
    public void Environments_KeepsCachedVenv_UsedWithinTheDuration()
    {
        var venv = Entry("venvAAAAAAAAAAAA", kind: EntryKind.Venv);
        var plan = Plan([venv], policies: new(Environments: TimeSpan.FromDays(30)), pinned: new HashSet<EntryKey> { venv.Key },
            pinnedLastUsed: new Dictionary<EntryKey, long> { [venv.Key] = Now - 3 * Day });
        Assert.Empty(plan.Items);
        Assert.Equal(1, plan.Kept[KeepReason.CachedEnvironment]);
    }

    [Fact]
    public void Environments_KeepsStaleCachedVenv_ThatAVenvUnderARegisteredRootLinksTo()
    {
        var venv = Entry("venvAAAAAAAAAAAA", kind: EntryKind.Venv);
        var plan = Plan([venv], [Edge(ProjectVenv, venv)], new(Environments: TimeSpan.FromDays(1)), pinned: new HashSet<EntryKey> { venv.Key },
            pinnedLastUsed: new Dictionary<EntryKey, long> { [venv.Key] = Now - 90 * Day });
        Assert.Empty(plan.Items);
        Assert.Equal(1, plan.Kept[KeepReason.Referenced]);
    }

    [Fact]
    public void Environments_WithoutTheOption_KeepsEveryCachedVenvUvNames()
    {
        var venv = Entry("venvAAAAAAAAAAAA", kind: EntryKind.Venv);
        var plan = Plan([venv], pinned: new HashSet<EntryKey> { venv.Key },
            pinnedLastUsed: new Dictionary<EntryKey, long> { [venv.Key] = Now - 900 * Day });
        Assert.Empty(plan.Items);
    }

    [Fact]
    public void Plan_RecordsTheReasonForEveryKeptEntry()
    {
        var used = Entry("usedAAAAAAAAAAAA");
        var young = Entry("youngAAAAAAAAAAA", ageDays: 0);
        var plan = Plan([used, young], [Edge(ProjectVenv, used)]);
        Assert.Equal(KeepReason.Referenced, plan.KeptBy![used.Key]);
        Assert.Equal(KeepReason.TooYoung, plan.KeptBy[young.Key]);
    }

    [Fact]
    public void MaxSize_EvictingACachedVenv_AlsoDeletesWhatOnlyItKept()
    {
        var venv = Entry("venvAAAAAAAAAAAA", lastUsedDaysAgo: 5, kind: EntryKind.Venv);
        var dependency = Entry("depAAAAAAAAAAAAA");
        var plan = Plan([venv, dependency], [Edge(new EnvPath("/c/archive-v0/venvAAAAAAAAAAAA"), dependency, EnvironmentKind.CachedVenvArchive, venv)],
            new(KeepUnusedFor: TimeSpan.FromDays(30), MaxSizeBytes: 150));
        Assert.Equal(["depAAAAAAAAAAAAA", "venvAAAAAAAAAAAA"], Planned(plan));
        Assert.Equal(0, plan.MaxSize!.BytesAfter);
    }

    [Theory]
    [InlineData("20G", 20L << 30)]
    [InlineData("500M", 500L << 20)]
    [InlineData("1.5T", 3L << 39)]
    [InlineData("1KiB", 1024)]
    [InlineData("2kb", 2048)]
    [InlineData("0", 0)]
    [InlineData("123B", 123)]
    public void ByteSize_ParsesBinaryUnits(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes, out _));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1G")]
    [InlineData("12")]
    [InlineData("5X")]
    [InlineData("G")]
    [InlineData("1.2.3G")]
    [InlineData("99999999999T")]
    public void ByteSize_RejectsOtherForms(string text) => Assert.False(ByteSize.TryParse(text, out _, out _));
}
