using GcTool.Core.Store;
using GcTool.Core.Platform;

namespace GcTool.Core.Environments;

/// <summary>
/// Registers uv's tool directories (<see cref="ToolDirectory"/>) as implicit roots before a scan or gc,
/// or, when the operator turned implicit roots off, unregisters the ones registered so.
/// </summary>
/// <remarks>
/// <para>
/// A tool directory that does not exist is simply absent: nothing is registered and nothing refuses.
/// Once one existed it is a registered root like any other, walked incrementally and checked by
/// <see cref="Collection.SafetyChecks"/>: if it later goes missing or unreadable, gc refuses (exit 4)
/// until it is back, removed with <c>gctool roots remove</c>, or overridden with <c>--force</c>. That is
/// the "when in doubt keep" choice: a tool directory on an unmounted home or made unreadable looks
/// exactly like one that was deleted, and forgetting it would let gc delete what the tools link to.
/// </para>
/// <para>
/// Another user's default tool directory (found as root through the passwd database) counts only
/// when it is a real directory reached without a symlink below that user's home: the user controls
/// everything under the home, and a link there must not point root's walk at another tree.
/// </para>
/// </remarks>
public sealed class ImplicitRoots(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IRootStore Store => context.Store;

    public void Sync(IReadOnlyList<ToolDirectory> candidates, bool enabled, string disabledBy)
    {
        if (Store.IsNewerSchema) return;
        if (!enabled)
        {
            foreach (var root in Store.ListRoots().Where(r => r.Implicit))
            {
                Store.RemoveRoot(root.Path);
                context.Log.Info($"unregistered the implicit root {root.Path} ({disabledBy})");
            }
            return;
        }
        var known = Store.ListRoots().Select(r => r.Path).ToHashSet();
        foreach (var candidate in candidates)
        {
            var root = new RootPath(candidate.Path);
            if (known.Contains(root) || !Exists(candidate)) continue;
            if (Store.AddRoot(root, context.NowUnix, isImplicit: true))
                context.Log.Info($"registered uv's tool directory {root} ({candidate.Source}) as an implicit root");
        }
    }

    private bool Exists(ToolDirectory candidate)
    {
        var real = context.Stat.TryRealPath(candidate.Path);
        if (real is null || context.Stat.TryLStat(real) is not { Kind: FileKind.Directory }) return false;
        if (candidate.Home is null) return true;
        var home = context.Stat.TryRealPath(candidate.Home);
        if (home is not null && real == Path.Combine(home, ToolDirectory.DefaultBelowHome)) return true;
        context.Log.Warn($"{candidate.Path} ({candidate.Source}) leads through a symlink below the home directory; not registered as an implicit root");
        return false;
    }
}
