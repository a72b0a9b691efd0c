using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Doctor;
using GcTool.Core.Environments;

namespace GcTool.Cli.Output.Json;

/// <summary>Maps the operator commands' reports onto their JSON shapes. Pure.</summary>
internal static class OpsJsonMapper
{
    public static MaxSizeJson? MaxSize(MaxSizeOutcome? m) => m is null ? null : new(
        m.TargetBytes, m.BytesBefore, m.BytesAfter, m.Evicted, m.Reached,
        new SortedDictionary<string, long>(m.BlockingBytes.ToDictionary(k => k.Key.ToName(), k => k.Value), StringComparer.Ordinal),
        PlanText.MaxSizeShortfall(m));

    public static HistoryJson History(IReadOnlyList<GcTool.Core.Store.GcRunRecord> runs) => new(runs.Select(r => new GcRunJson(
        r.Id, r.StartedAt, JsonMapper.Iso(r.StartedAt), r.FinishedAt, JsonMapper.Iso(r.FinishedAt), r.DryRun,
        GcTool.Core.Store.StateNames.ToName(r.Status), r.EntriesPlanned, r.EntriesDeleted, r.BytesFreed, r.PointersRemoved, r.Failures,
        r.LockWaitMs, r.LockHeldMs, r.CacheBytesBefore, r.CacheBytesAfter)).ToList());

    public static GcListingJson Listing(GcListing l) => new(
        l.Live ? "live" : "dead",
        l.Items.Select(i => new ListingItemJson(i.Path, i.Entry.RelativePath, i.Entry.Id.Value, i.DistName, i.DistVersion, i.Bytes, ListingReason(i, l.PlannedAt))).ToList(),
        l.Items.Sum(i => i.Bytes),
        l.Reclaim is { Count: > 0 } reclaim
            ? reclaim.Select(r => new ReclaimListingJson(r.Path, ReclaimText.Name(r.Category), r.Bytes, r.NewestChangeUnix, ReclaimText.Rule(r))).ToList()
            : null,
        l.Reclaim is { Count: > 0 } ? l.Reclaim.Sum(r => r.Bytes) : null);

    public static ExplainPathJson ExplainPath(Core.Reclaim.PathExplanation e) => new(e.Path, e.RelativePath, e.Verdict,
        e.Item is null ? null : ReclaimText.Name(e.Item.Category), e.Item?.Path, e.Item?.Bytes, e.Item?.NewestChangeUnix,
        e.Kept is { } kept ? ReclaimText.Name(kept) : null,
        e.Item is null ? null : e.Kept is { } why ? ReclaimText.Kept(new Core.Reclaim.KeptReclaimItem(e.Item, why), e.MinAge) : ReclaimText.Rule(e.Item),
        (long)e.MinAge.TotalMilliseconds);

    public static ExplainJson Explain(EntryExplanation e) => new(
        e.Id.Value,
        e.Verdict,
        e.KeepReason?.ToName(),
        PlanText.Explanation(e),
        e.Entry is null ? null : JsonMapper.Entry(e.Entry),
        e.Users.Select(u => new EntryUserJson(u.Environment.Value, u.Kind.ToName(), u.Mode.ToName(), u.FileCount, u.SampleFile,
            u.LastScannedAt, JsonMapper.Iso(u.LastScannedAt))).ToList(),
        e.KeptVia.Select(k => k.RelativePath).ToList(),
        e.PinnedBy.ToList(),
        Policies(e.MinAge, e.Policies)!);

    /// <summary>Dead: why it goes, in words. Live: the keep reason's stable name.</summary>
    private static string ListingReason(GcListingItem i, long plannedAt) =>
        i.Removal is { } removal ? PlanText.Reason(removal, plannedAt) : i.Kept?.ToName() ?? "";

    /// <summary>Null when the report does not say (reports built by tests without them).</summary>
    public static PoliciesJson? Policies(TimeSpan? minAge, GcPolicies? p) =>
        minAge is { } age && p is not null
            ? new PoliciesJson((long)age.TotalMilliseconds, Ms(p.KeepUnusedFor), p.MaxSizeBytes, Ms(p.Environments), p.KeepStaleBuckets)
            : null;

    public static ConfigShowJson ConfigShow(EffectiveConfig c) => new(
        c.Files.Select(f => new ConfigFileJson(f.Path, f.Loaded)).ToList(),
        new SortedDictionary<string, ConfigSettingJson>(
            c.Entries.ToDictionary(e => e.Key.JsonName, e => new ConfigSettingJson(e.Key.Name, Value(e), e.Source)), StringComparer.Ordinal));

    public static DoctorJson Doctor(DoctorReport r) => new(
        r.Roots.Select(root => root.Value).ToList(),
        r.EnvironmentsChecked,
        r.Broken.Count,
        r.Broken.Select(b => new DiagnosisJson(b.Environment.Value, b.ProjectDirectory, b.DanglingLinks,
            b.Distributions.Select(d => new BrokenDistributionJson(d.Name, d.Version, d.DanglingFiles, d.MissingEntries)).ToList(),
            b.UnattributedFiles, b.Repair, b.RepairCommand)).ToList(),
        r.Skipped.Select(s => new SkippedPathJson(s.Path, s.Reason)).ToList());

    /// <summary>Paths as strings, lists as arrays, durations in gctool's spelling ("1d"), sizes in bytes.</summary>
    private static object? Value(ConfigEntry e) => e.Value switch
    {
        TimeSpan d => DurationParser.Format(d),
        IReadOnlyList<string> list => list.ToList(),
        long bytes => bytes,
        bool flag => flag,
        string s => s,
        _ => null,
    };

    private static long? Ms(TimeSpan? span) => span is { } s ? (long)s.TotalMilliseconds : null;
}
