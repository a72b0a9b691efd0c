using System.Globalization;
using GcTool.Core.Audit;
using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Reclaim;
using GcTool.Core.Environments;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Cli.Output.Json;

/// <summary>Maps the core's reports onto the JSON shapes. Pure: the same report always gives the same JSON.</summary>
internal static class JsonMapper
{
    public static ScanJson Scan(ScanReport r) => new(
        r.Roots.Select(root => root.Value).ToList(),
        r.EnvironmentsFound,
        r.EnvironmentsRescanned,
        r.EnvironmentsUnchanged,
        r.EnvironmentsRemoved,
        r.Entries,
        r.EntriesNew,
        r.EntriesRemoved,
        r.References,
        r.FilesRead,
        r.Skipped.Select(s => new SkippedPathJson(s.Path, s.Reason)).ToList(),
        Milliseconds(r.Elapsed));

    public static RootsJson Roots(RootsReport r) => new(r.Roots.Select(Root).ToList());

    public static HostsJson Hosts(HostsReport r) => new(r.Hosts.Select(h => new HostJson(
        h.HostId, h.HostId == r.ThisHost, h.IsActive, h.FirstSeenAt, Iso(h.FirstSeenAt), h.LastScanAt, Iso(h.LastScanAt), h.RetiredAt, Iso(h.RetiredAt))).ToList());

    public static RootChangeJson RootChange(RootChangeReport r) =>
        new(r.Action == RootChangeAction.Add ? "add" : "remove", r.Root.Value, r.Changed);

    public static GcJson Gc(GcReport r) => new(
        r.DryRun,
        r.RunId,
        r.Items.Select(i => GcItem(i, r.PlannedAt)).ToList(),
        r.Resumed.Select(i => GcItem(i, r.PlannedAt)).ToList(),
        r.Items.Count,
        r.Items.Concat(r.Resumed).Count(i => i.State == SweepState.Deleted),
        r.Items.Sum(i => i.Bytes),
        r.Items.Sum(i => i.FreeableBytes),
        r.BytesFreed,
        r.PointersRemoved,
        r.DanglingPointersRemoved,
        new SortedDictionary<string, long>(r.Kept.ToDictionary(k => k.Key.ToName(), k => k.Value), StringComparer.Ordinal),
        r.Failures,
        Milliseconds(r.LockWaited),
        Milliseconds(r.LockHeld),
        Milliseconds(r.Elapsed),
        Scan(r.Scan),
        OpsJsonMapper.MaxSize(r.MaxSize),
        OpsJsonMapper.Policies(r.MinAge, r.Policies),
        Objects(r.Objects),
        Reclaim(r.Reclaim, r.MinAge));

    /// <summary>Null when there is nothing of the kind in the cache, so caches without stale directories print nothing new.</summary>
    private static GcReclaimJson? Reclaim(ReclaimReport? r, TimeSpan? minAge)
    {
        if (r is null || (r.Items.Count == 0 && r.Kept.Count == 0 && r.Resumed.Count == 0)) return null;
        var byCategory = new SortedDictionary<string, ReclaimCategoryJson>(Enum.GetValues<ReclaimCategory>().ToDictionary(
            ReclaimText.Name,
            c => new ReclaimCategoryJson(r.Items.Count(i => i.Item.Category == c), r.Items.Where(i => i.Item.Category == c).Sum(i => i.Item.Bytes))), StringComparer.Ordinal);
        return new GcReclaimJson(r.PlannedBytes, r.BytesFreed, Math.Round(r.LockHeld.TotalMilliseconds, 1), byCategory,
            r.Items.Select(ReclaimItem).ToList(),
            r.Kept.Select(k => new ReclaimKeptJson(ReclaimText.Name(k.Item.Category), k.Item.Path, ReclaimText.Name(k.Reason),
                ReclaimText.Kept(k, minAge), k.Item.Bytes, k.Item.NewestChangeUnix)).ToList(),
            r.Resumed.Select(d => new ReclaimResumedJson(d.Path, d.Completed, d.BytesFreed, d.Error)).ToList());
    }

    private static ReclaimItemJson ReclaimItem(ReclaimOutcome o) => new(
        ReclaimText.Name(o.Item.Category), o.Item.Path, o.Item.RelativePath, o.Item.Bucket, o.Item.Version, o.Item.CurrentVersion,
        o.Item.NewerVersionBeside, o.Item.CurrentRevision, o.Item.NewestChangeUnix, o.Item.UnchangedForSeconds, o.Item.Bytes, o.Item.Files,
        ReclaimText.Rule(o.Item), o.State.ToName(), o.BytesFreed, ReclaimText.Problem(o.Problem));

    /// <summary>Null unless the cache has files-v0 objects to remove (or that failed), so classic caches print nothing new.</summary>
    private static GcObjectsJson? Objects(ObjectSweep? o) =>
        o is null || (o.Removed == 0 && o.Kept == 0 && o.Failures.Count == 0)
            ? null
            : new GcObjectsJson(o.Removed, o.BytesFreed, o.Kept, o.Failures, Milliseconds(o.LockHeld));

    public static EnvironmentAuditJson EnvironmentAudit(EnvironmentAudit a) => new(
        Environment(a.Environment),
        a.Uses.Select(u => new EnvironmentUseJson(
            u.Entry.RelativePath, u.Entry.Id.Value, u.DistName, u.DistVersion, u.Mode.ToName(),
            u.FileCount, u.SampleFile, u.EntryExists, u.EntryBytes)).ToList());

    public static EntryAuditJson EntryAudit(EntryAudit a) => new(
        a.Id.Value,
        a.Entry is not null,
        a.Entry is null ? null : Entry(a.Entry),
        a.Users.Select(u => new EntryUserJson(
            u.Environment.Value, u.Kind.ToName(), u.Mode.ToName(), u.FileCount, u.SampleFile,
            u.LastScannedAt, Iso(u.LastScannedAt))).ToList());

    public static GraphAuditJson GraphAudit(GraphAudit a) => new(
        a.Environments,
        a.Entries,
        a.Edges.Select(e => new ReferenceJson(
            e.Environment.Value, e.EnvironmentKind.ToName(), e.EnvironmentAsEntry?.RelativePath,
            e.Entry.RelativePath, e.Mode.ToName(), e.FileCount)).ToList());

    public static StatusJson Status(StatusReport r)
    {
        var s = r.Statistics;
        return new StatusJson(
            r.CacheRoot, r.Database,
            s.Entries, s.Environments, s.References, s.UnreferencedEntries,
            s.CacheBytes, s.ReferencedBytes, s.ReclaimableBytes,
            s.LastScanAt, Iso(s.LastScanAt), s.LastGcAt, Iso(s.LastGcAt),
            r.Roots.Select(Root).ToList(),
            r.Pins,
            r.Reclaim is { Items.Count: > 0 } reclaim
                ? new SortedDictionary<string, ReclaimCategoryJson>(reclaim.BytesByCategory.ToDictionary(c => ReclaimText.Name(c.Key),
                    c => new ReclaimCategoryJson(reclaim.Items.Count(i => i.Category == c.Key), c.Value)), StringComparer.Ordinal)
                : null);
    }

    /// <summary>ISO 8601 in UTC with a 'Z', to the second: the same instant as the Unix seconds beside it.</summary>
    public static string Iso(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Iso(long? unixSeconds) => unixSeconds is { } s ? Iso(s) : null;

    private static long Milliseconds(TimeSpan span) => (long)Math.Round(span.TotalMilliseconds, MidpointRounding.AwayFromZero);

    private static RootJson Root(RegisteredRoot r) => new(r.Path.Value, r.AddedAt, Iso(r.AddedAt), r.LastScanAt, Iso(r.LastScanAt), r.Implicit);

    private static GcItemJson GcItem(RemovalOutcome i, long plannedAt) => new(
        i.Entry.RelativePath, i.Entry.Id.Value, i.Planned.DistName, i.Planned.DistVersion, i.Bytes, i.FreeableBytes,
        PlanText.Reason(i.Planned.Reason, plannedAt), i.State.ToName(), PlanText.Problem(i.Problem));

    private static EnvironmentJson Environment(EnvironmentRecord e) => new(
        e.Path.Value, e.Kind.ToName(), e.Root?.Value, e.AsEntry?.RelativePath, e.PythonVersion,
        e.FirstSeenAt, Iso(e.FirstSeenAt), e.LastScannedAt, Iso(e.LastScannedAt), e.FileCount, e.SkippedCount);

    internal static EntryJson Entry(EntryRecord e) => new(
        e.Key.RelativePath, e.Key.Id.Value, e.Kind.ToName(), e.DistName, e.DistVersion,
        e.FileCount, e.Bytes, e.FreeableBytes, e.DirTime, Iso(e.DirTime),
        e.FirstSeenAt, Iso(e.FirstSeenAt), e.LastReferencedAt, Iso(e.LastReferencedAt));
}
