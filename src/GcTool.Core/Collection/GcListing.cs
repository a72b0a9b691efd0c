using GcTool.Core.Cache;

namespace GcTool.Core.Collection;

/// <summary>One entry of <c>gc --print-dead</c> / <c>--print-live</c>.</summary>
/// <param name="Path">The entry's absolute path in the cache (what the listings print, for <c>xargs du -sh</c>).</param>
/// <param name="Reason">Dead: why it goes, in words. Live: the <see cref="KeepReason"/> name.</param>
public sealed record GcListingItem(EntryKey Entry, string Path, string? DistName, string? DistVersion, long Bytes, string Reason);

/// <summary>The entries a gc would delete (dead) or keep (live), computed by the same planner as gc, sorted as gc's plan: by package, then entry.</summary>
/// <param name="Reclaim">Dead only: the stale buckets, staging leftovers and stale sdist revisions the same gc would reclaim.</param>
public sealed record GcListing(bool Live, IReadOnlyList<GcListingItem> Items, IReadOnlyList<Reclaim.ReclaimItem>? Reclaim = null)
{
    public static GcListing From(GcPreview preview, UvCache cache, bool live)
    {
        if (!live)
            return new GcListing(false, preview.Plan.Items
                .Select(i => new GcListingItem(i.Entry, cache.EntryPath(i.Entry), i.DistName, i.DistVersion, i.Bytes, i.Reason))
                .ToList(), preview.Reclaim.Items); // already in plan order
        var keptBy = preview.Plan.KeptBy ?? new Dictionary<EntryKey, string>();
        return new GcListing(true, preview.Inputs.Entries
            .Where(e => keptBy.ContainsKey(e.Key))
            .Select(e => new GcListingItem(e.Key, cache.EntryPath(e.Key), e.DistName, e.DistVersion, e.Bytes, keptBy[e.Key]))
            .OrderBy(i => i.DistName ?? "~", StringComparer.Ordinal).ThenBy(i => i.Entry.RelativePath, StringComparer.Ordinal).ToList());
    }
}
