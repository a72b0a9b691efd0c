namespace GcTool.Core.Reclaim;

/// <summary>One directory gc reclaims (or would, or keeps), with the facts that decided it; renderers write the words.</summary>
/// <param name="RelativePath">Relative to the cache root.</param>
/// <param name="Path">Its absolute path (for listings and messages; gc acts through handles, never by it).</param>
/// <param name="Bucket">The stale bucket's name, or the bucket the directory lies in (null for a root staging directory).</param>
/// <param name="Version">The bucket's version.</param>
/// <param name="CurrentVersion">The version the newest uv gctool knows writes for that bucket (null when the family was renamed).</param>
/// <param name="NewerVersionBeside">For a stale bucket: the newest version of the same bucket present beside it, if any.</param>
/// <param name="CurrentRevision">For a stale sdist revision: the revision its shard's pointer names.</param>
/// <param name="NewestChangeUnix">The newest mtime or ctime of anything in it (Unix seconds).</param>
/// <param name="UnchangedForSeconds">How long nothing in it changed, when planned (0 when its newest mtime lies in the future).</param>
/// <param name="TrashName">Its name in gctool's trash.</param>
/// <param name="ShardModifiedNs">For a stale sdist revision: its shard directory's mtime at the survey.</param>
public sealed record ReclaimItem(
    ReclaimCategory Category,
    string RelativePath,
    string Path,
    string? Bucket,
    int? Version,
    int? CurrentVersion,
    int? NewerVersionBeside,
    string? CurrentRevision,
    long NewestChangeUnix,
    long UnchangedForSeconds,
    long Bytes,
    long Files,
    string TrashName,
    TreeFacts Tree,
    long? ShardModifiedNs = null);

/// <summary>A directory of a category that stays this time, and why.</summary>
public sealed record KeptReclaimItem(ReclaimItem Item, ReclaimKeepReason Reason);

/// <summary>What the <see cref="ReclaimPlanner"/> decided.</summary>
public sealed record ReclaimPlan(IReadOnlyList<ReclaimItem> Items, IReadOnlyList<KeptReclaimItem> Kept)
{
    public static ReclaimPlan Empty { get; } = new([], []);

    public long Bytes => Items.Sum(i => i.Bytes);

    /// <summary>Bytes per category, every category present (zero when none).</summary>
    public IReadOnlyDictionary<ReclaimCategory, long> BytesByCategory =>
        Enum.GetValues<ReclaimCategory>().ToDictionary(c => c, c => Items.Where(i => i.Category == c).Sum(i => i.Bytes));

    /// <summary>The planned or kept item that is <paramref name="relativePath"/> or holds it.</summary>
    public (ReclaimItem Item, ReclaimKeepReason? Kept)? Find(string relativePath)
    {
        static bool Holds(ReclaimItem item, string path) =>
            path == item.RelativePath || path.StartsWith(item.RelativePath + "/", StringComparison.Ordinal);
        if (Items.FirstOrDefault(i => Holds(i, relativePath)) is { } planned) return (planned, null);
        if (Kept.FirstOrDefault(k => Holds(k.Item, relativePath)) is { } kept) return (kept.Item, kept.Reason);
        return null;
    }
}
