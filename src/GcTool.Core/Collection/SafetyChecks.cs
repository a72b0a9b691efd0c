using GcTool.Core.Store;
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
        IRootReader store = context.Store;
        if (store.IsNewerSchema)
            throw new SafetyRefusalException("the database was written by a newer gctool; upgrade gctool before running gc");
        if (force) return;

        var roots = store.ListRoots();
        if (roots.Count == 0)
            throw new SafetyRefusalException("no registered roots: gc cannot see any environment and would delete entries venvs use; register one with `gctool scan ROOT` (or pass --force)");

        // Every root is checked, so the refusal (and monitoring) can say how many are out.
        var reader = new DirectoryReader(context.FileSystem, context.Stat);
        // The reader lists by path here: a root is opened as the operator gave it.
        var refusals = new List<string>();
        foreach (var root in roots)
        {
            var real = context.Stat.TryRealPath(root.Path.Value);
            if (real is null || context.Stat.TryLStat(real) is not { Kind: FileKind.Directory })
                refusals.Add($"registered root {root.Path} is missing (unmounted volume?); mount it, `gctool roots remove {root.Path}`, or pass --force");
            else if (reader.TryList(root.Path.Value, out var error) is null)
                refusals.Add($"registered root {root.Path} is unreadable ({error}); fix its permissions, remove it, or pass --force");
        }
        if (refusals.Count == 1) throw new SafetyRefusalException(refusals[0], 1);
        if (refusals.Count > 1)
            throw new SafetyRefusalException($"{refusals[0]} ({refusals.Count - 1} more registered {(refusals.Count == 2 ? "root is" : "roots are")} missing or unreadable too)", refusals.Count);
    }

    /// <summary>
    /// Refuses (exit 4) to delete anything while a scan of this run could not read a place that may hold links
    /// into the cache: a directory under a root, an environment's directory or link. Whatever is there, known or
    /// never seen, may use any entry, so only an empty plan is safe; <paramref name="force"/> overrides, as for a
    /// missing root.
    /// </summary>
    public static void CheckNothingUnread(IEnumerable<Scanning.ScanReport?> scans, int planned, bool force)
    {
        if (force || planned == 0) return;
        var unread = scans.Where(s => s is not null).SelectMany(s => s!.Unread).DistinctBy(s => s.Path).ToList();
        if (unread.Count == 0) return;
        var first = unread[0];
        var more = unread.Count > 1 ? $" and {unread.Count - 1} more (see the skipped paths of `gctool scan`)" : "";
        throw new SafetyRefusalException(
            $"gc cannot see into {first.Path} ({first.Reason}){more}: environments there may use any of the {planned} entries it would delete, so it deletes none; make it readable, `gctool roots remove` the root holding it, or pass --force");
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
