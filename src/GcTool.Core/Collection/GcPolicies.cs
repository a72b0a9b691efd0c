namespace GcTool.Core.Collection;

/// <summary>
/// The optional gc policies, all on top of "unreferenced only": no policy ever deletes an entry an
/// environment references, one younger than --min-age, or one a hardlink may belong to.
/// </summary>
/// <param name="KeepUnusedFor">
/// <c>--keep-unused-for</c>: keep an unreferenced entry that an environment last used within this
/// time (a warm cache survives a venv rebuild). Counts only the last reference, not creation.
/// </param>
/// <param name="MaxSizeBytes">
/// <c>--max-size</c>: after the other rules, evict entries kept only by <see cref="KeepUnusedFor"/>,
/// least recently used first, until the archive entries total at most this many bytes.
/// </param>
/// <param name="Environments">
/// <c>--environments</c>: a cached <c>uvx</c>/<c>uv run --with</c> venv that an <c>environments-v*</c>
/// link names is no longer kept once unused for this long (its link goes with it), unless an
/// environment under a registered root links into it.
/// </param>
/// <param name="KeepStaleBuckets">
/// <c>--keep-stale-buckets</c>: keep the buckets an older uv wrote (<see cref="Reclaim.BucketHistory"/>), for a
/// cache that deliberately serves an older uv. Staging leftovers and stale sdist revisions still go.
/// </param>
public sealed record GcPolicies(TimeSpan? KeepUnusedFor = null, long? MaxSizeBytes = null, TimeSpan? Environments = null, bool KeepStaleBuckets = false)
{
    public static GcPolicies None { get; } = new();
}
