using GcTool.Core.Errors;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;

namespace GcTool.Core.Collection;

/// <summary>
/// Refusals before any deletion (exit 4, overridable with --force): gc can only protect the
/// environments it can see, so it will not run blind.
/// </summary>
public static class SafetyChecks
{
    public static void Check(GcToolContext context, bool force)
    {
        if (context.Store.IsNewerSchema)
            throw new SafetyRefusalException("the database was written by a newer gctool; upgrade gctool before running gc");
        if (force) return;

        var roots = context.Store.ListRoots();
        if (roots.Count == 0)
            throw new SafetyRefusalException("no registered roots: gc cannot see any environment and would delete entries venvs use; register one with `gctool scan ROOT` (or pass --force)");

        var reader = new DirectoryReader(context.FileSystem, context.Stat);
        foreach (var root in roots)
        {
            var real = context.Stat.TryRealPath(root.Path.Value);
            if (real is null || context.Stat.TryLStat(real) is not { Kind: FileKind.Directory })
                throw new SafetyRefusalException($"registered root {root.Path} is missing (unmounted volume?); mount it, `gctool roots remove {root.Path}`, or pass --force");
            if (reader.TryList(root.Path.Value, out var error) is null)
                throw new SafetyRefusalException($"registered root {root.Path} is unreadable ({error}); fix its permissions, remove it, or pass --force");
        }
    }

    /// <summary>
    /// After each scan of a gc (before uv's lock and again under it): a mount point that held environments
    /// and is no longer mounted is refused like a missing root. The scan kept those environments' references,
    /// so <c>--force</c> still deletes nothing they use.
    /// </summary>
    public static void CheckMounts(ScanReport scan, bool force)
    {
        if (force || scan.LostMounts.Count == 0) return;
        var first = scan.LostMounts[0];
        var more = scan.LostMounts.Count > 1 ? $" (and {scan.LostMounts.Count - 1} more)" : "";
        throw new SafetyRefusalException(
            $"{first}{more} held environments but is no longer a mount point (unmounted volume?); mount it again, or pass --force (their entries are kept either way)");
    }
}
