using GcTool.Core.Cache;

namespace GcTool.Core.Collection;

/// <summary>One entry of <c>gc --print-dead</c> / <c>--print-live</c>.</summary>
/// <param name="Path">The entry's absolute path in the cache (what the listings print, for <c>xargs du -sh</c>).</param>
/// <param name="Removal">Dead: why it goes. Null in a live listing.</param>
/// <param name="Kept">Live: why it stays. Null in a dead listing.</param>
public sealed record GcListingItem(EntryKey Entry, string Path, string? DistName, string? DistVersion, long Bytes, RemovalReason? Removal, KeepReason? Kept);

/// <summary>The entries a gc would delete (dead) or keep (live), computed by the same planner as gc, sorted as gc's plan: by package, then entry.</summary>
/// <param name="PlannedAt">When the plan was made (Unix seconds): the "now" of the removal reasons' ages.</param>
/// <param name="Reclaim">Dead only: the stale buckets, staging leftovers and stale sdist revisions the same gc would reclaim.</param>
public sealed record GcListing(bool Live, IReadOnlyList<GcListingItem> Items, long PlannedAt, IReadOnlyList<Reclaim.ReclaimItem>? Reclaim = null)
{
    public static GcListing From(GcPreview preview, UvCache cache, bool live)
    {
        if (!live)
            return new GcListing(false, preview.Plan.Items
                .Select(i => new GcListingItem(i.Entry, cache.EntryPath(i.Entry), i.DistName, i.DistVersion, i.Bytes, i.Reason, null))
                .ToList(), preview.Plan.PlannedAt, preview.Reclaim.Items); // already in plan order
        var keptBy = preview.Plan.KeptBy ?? new Dictionary<EntryKey, KeepReason>();
        return new GcListing(true, preview.Inputs.Entries
            .Where(e => keptBy.ContainsKey(e.Key))
            .Select(e => new GcListingItem(e.Key, cache.EntryPath(e.Key), e.DistName, e.DistVersion, e.Bytes, null, keptBy[e.Key]))
            .OrderBy(i => i.DistName ?? "~", StringComparer.Ordinal).ThenBy(i => i.Entry.RelativePath, StringComparer.Ordinal).ToList(), preview.Plan.PlannedAt);
    }
}
