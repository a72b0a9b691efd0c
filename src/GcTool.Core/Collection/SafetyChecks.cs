using GcTool.Core.Errors;
using GcTool.Core.Platform;

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
}
