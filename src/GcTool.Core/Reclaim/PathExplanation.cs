using GcTool.Core.Collection;

namespace GcTool.Core.Reclaim;

/// <summary>
/// <c>gctool explain PATH</c> for a path in a stale bucket, a staging leftover or a stale sdist revision: the
/// planner's verdict on the directory that holds it (<see cref="ExplainVerdict"/>), with its facts.
/// </summary>
/// <param name="RelativePath">The path asked about, relative to the cache root.</param>
/// <param name="Item">The directory of a category that is or holds the path; null when none does.</param>
/// <param name="Kept">Why that directory stays this time; null when gc reclaims it (or there is none).</param>
public sealed record PathExplanation(string Path, string RelativePath, string Verdict, ReclaimItem? Item, ReclaimKeepReason? Kept, TimeSpan MinAge)
{
    /// <summary>Plans with the same survey and rules as gc and finds the path's directory.</summary>
    public static PathExplanation Explain(GcToolContext context, string path, GcRequest request, CancellationToken cancellation = default)
    {
        var root = context.Cache.RealRoot;
        var relative = RelativeToCache(context, path)
            ?? throw new Errors.UsageException($"{path} is not inside the uv cache {root}; pass a path below it (or an entry id)");
        var plan = new Collector(context).PlanReclaim(request, cancellation);
        var found = plan.Find(relative);
        var verdict = found is null ? ExplainVerdict.NotFound : found.Value.Kept is null ? ExplainVerdict.Delete : ExplainVerdict.Keep;
        return new PathExplanation($"{root}/{relative}", relative, verdict, found?.Item, found?.Kept, request.MinAge);
    }

    /// <summary>The path relative to the cache root (as given or real, or already relative); null when outside it.</summary>
    private static string? RelativeToCache(GcToolContext context, string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        if (!trimmed.StartsWith('/')) return trimmed.Length == 0 || trimmed.Split('/').Contains("..") ? null : trimmed;
        var normalized = Paths.TrimTrailingSeparator(Paths.Normalize(trimmed));
        foreach (var root in new[] { context.Cache.RealRoot, context.Cache.GivenRoot }.Concat(context.Cache.Aliases))
            if (normalized.StartsWith(root + "/", StringComparison.Ordinal) && normalized.Length > root.Length + 1)
                return normalized[(root.Length + 1)..];
        return null;
    }
}
