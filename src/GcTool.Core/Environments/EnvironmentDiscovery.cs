using GcTool.Core.Platform;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Core.Environments;

/// <summary>The environments found under one root, and the walk that found them.</summary>
/// <param name="RootError">Why the root itself could not be walked (missing, not a directory, unreadable); null when it was.</param>
/// <param name="Unreadable">Directories below the root that could not be listed: environments recorded below them are still there as far as we know.</param>
public sealed record DiscoveryResult(
    RootPath Root,
    IReadOnlyList<EnvPath> Environments,
    DiscoverySnapshot Snapshot,
    IReadOnlyList<SkippedPath> Skipped,
    string? RootError,
    long DirectoriesRead,
    IReadOnlyList<string> Unreadable)
{
    /// <summary>
    /// Mount points (the root included) that held environments the last walk recorded, are no longer mount
    /// points, and lack some of those environments now: the file system was unmounted, not the environments
    /// removed. Each is also in <see cref="Unreadable"/>; gc refuses to run while there is one.
    /// </summary>
    public IReadOnlyList<string> LostMounts { get; init; } = [];
}

/// <summary>
/// Finds virtual environments (directories holding a <c>pyvenv.cfg</c> file) under a root,
/// recursively, without following directory symlinks and without skipping directories tagged
/// with <c>CACHEDIR.TAG</c> (uv venvs carry one).
/// </summary>
/// <remarks>
/// Incremental: a directory whose mtime equals the one recorded by the previous walk has the same
/// children, so its recorded children are reused and only re-stat'ed. This is what keeps the
/// re-walk under uv's exclusive lock cheap: one lstat per directory, a read only where something changed.
/// <para>
/// Each walked directory records whether it is a mount point (free: the same statx says so). An
/// unmounted volume leaves its mount point behind as an empty directory, which would otherwise read as
/// "every environment on it was removed" and let gc delete what they link to; see <see cref="DiscoveryResult.LostMounts"/>.
/// </para>
/// </remarks>
/// <param name="excluded">Directories never walked: the cache itself (its venv archives are found as entries, and walking
/// it from a root such as <c>~</c> would be slow and would make cached venvs look like user venvs).</param>
public sealed class EnvironmentDiscovery(DirectoryReader reader, IReadOnlySet<string> excluded)
{
    public DiscoveryResult Walk(RootPath root, DiscoverySnapshot? previous, long nowNs, bool full, CancellationToken cancellation)
    {
        var recorded = full || previous is null
            ? new Dictionary<string, WalkedDirectory>()
            : previous.Directories.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var childrenOf = ChildrenByParent(recorded.Values);
        var walked = new List<WalkedDirectory>();
        var environments = new List<EnvPath>();
        var skipped = new List<SkippedPath>();
        var unreadable = new List<string>();
        long read = 0;

        if (RootProblem(root) is { } problem)
            return new DiscoveryResult(root, [], new DiscoverySnapshot(root, []), [new SkippedPath(root.Value, problem)], problem, 0, []);

        var stack = new Stack<string>();
        stack.Push(root.Value);
        while (stack.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var directory = stack.Pop();
            if (excluded.Contains(directory)) continue;
            var status = directory == root.Value ? reader.Stat.TryLStat(reader.Stat.TryRealPath(directory) ?? directory) : reader.Stat.TryLStat(directory);
            if (status is null)
            {
                // Not proven gone: keep what the last walk recorded below it, so the next walk still knows it.
                if (MayStillExist(directory, skipped, unreadable) && recorded.TryGetValue(directory, out var kept))
                {
                    walked.Add(kept);
                    if (!kept.IsEnvironment) PushRecordedChildren(stack, childrenOf, directory);
                }
                continue;
            }
            if (status is not { Kind: FileKind.Directory } s) continue;

            if (recorded.TryGetValue(directory, out var before) && before.ModifiedNs == s.ModifiedNs && before.ModifiedNs != 0)
            {
                walked.Add(before.IsMountRoot == s.IsMountRoot ? before : before with { IsMountRoot = s.IsMountRoot });
                if (before.IsEnvironment) environments.Add(new EnvPath(directory));
                else PushRecordedChildren(stack, childrenOf, directory);
                continue;
            }

            read++;
            var children = reader.TryList(directory, out var error);
            // Removed since it was lstat'ed: gone with everything below it, nothing hidden.
            if (children is null && DirectoryReader.IsVanished(error)) continue;
            if (children is null)
            {
                skipped.Add(Unread(directory, $"cannot read directory: {error}"));
                unreadable.Add(directory);
                // Recorded with no trusted mtime: the next walk re-reads it, and a walk that reuses its
                // parent's listing still pushes it (and so still sees it is unreadable).
                walked.Add(new WalkedDirectory(directory, 0, false, s.IsMountRoot));
                continue;
            }
            var isEnvironment = IsEnvironment(children, skipped);
            var recordedTime = nowNs - s.ModifiedNs < EnvironmentFingerprint.RacyWindowNs ? 0 : s.ModifiedNs;
            walked.Add(new WalkedDirectory(directory, recordedTime, isEnvironment, s.IsMountRoot));
            if (isEnvironment)
            {
                environments.Add(new EnvPath(directory));
                continue;
            }
            foreach (var child in children)
            {
                if (child.Status?.Kind == FileKind.Directory) stack.Push(child.Path);
                else if (child.Status is null)
                {
                    skipped.Add(Unread(child.Path, "cannot lstat"));
                    unreadable.Add(child.Path);
                }
            }
        }
        var lost = LostMounts(previous, walked, environments, unreadable);
        foreach (var mount in lost)
        {
            skipped.Add(new SkippedPath(mount, "was a mount point and is not one now (unmounted?): the environments recorded below it are kept, and gc refuses to run until it is mounted again"));
            unreadable.Add(mount);
            // Keep what the last walk saw there, so the next walk still knows what was mounted.
            walked.RemoveAll(w => Paths.IsUnder(w.Path, mount));
            walked.AddRange(previous!.Directories.Where(d => Paths.IsUnder(d.Path, mount)));
        }
        var snapshot = new DiscoverySnapshot(root, walked) { SameAsRecorded = !full && previous is not null && walked.SequenceEqual(previous.Directories) };
        return new DiscoveryResult(root, environments, snapshot, skipped, null, read, unreadable) { LostMounts = lost };
    }

    /// <summary>
    /// The recorded mount points that held environments now missing and that are no longer mount points
    /// (or are gone), outermost first. A mount point still mounted (after a reboot, too) proves the
    /// missing environments were removed; one that is not proves nothing, so they are not forgotten.
    /// Uses the previous walk even with <c>full</c>: a full rescan must not forget them either.
    /// </summary>
    private List<string> LostMounts(DiscoverySnapshot? previous, List<WalkedDirectory> walked, List<EnvPath> environments, List<string> unreadable)
    {
        var lost = new List<string>();
        if (previous is null) return lost;
        var mounts = previous.Directories.Where(d => d.IsMountRoot).Select(d => d.Path).Order(StringComparer.Ordinal).ToList();
        if (mounts.Count == 0) return lost;
        var found = environments.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        var walkedNow = walked.GroupBy(w => w.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            if (lost.Any(l => Paths.IsUnder(mount, l)) || unreadable.Any(u => Paths.IsUnder(mount, u))) continue;
            var missing = previous.Directories.Any(d => d.IsEnvironment && Paths.IsUnder(d.Path, mount) && !found.Contains(d.Path));
            if (!missing) continue;
            var mountedNow = walkedNow.TryGetValue(mount, out var now) ? now.IsMountRoot : reader.Stat.TryLStat(mount) is { IsMountRoot: true };
            if (!mountedNow) lost.Add(mount);
        }
        return lost;
    }

    /// <summary>
    /// A directory on the stack that cannot be lstat'ed either vanished or sits below a directory we
    /// may no longer search (its children come from the previous walk, so nothing listed it now).
    /// Only a parent listing without it is proof that it, and the environments below it, are gone.
    /// </summary>
    private bool MayStillExist(string directory, List<SkippedPath> skipped, List<string> unreadable)
    {
        var parent = Path.GetDirectoryName(directory);
        if (parent is null) return false;
        if (unreadable.Any(u => Paths.IsUnder(directory, u))) return true;
        var siblings = reader.TryList(parent, out var error);
        if (siblings is null && DirectoryReader.IsVanished(error)) return false; // its parent is gone too
        if (siblings is null)
        {
            skipped.Add(Unread(parent, $"cannot read directory: {error}"));
            unreadable.Add(parent);
            return true;
        }
        if (!siblings.Any(c => c.Path == directory)) return false;
        skipped.Add(Unread(directory, "cannot lstat"));
        unreadable.Add(directory);
        return true;
    }

    /// <summary>A place below a root the walk could not see into: environments there, known or new, are unknown.</summary>
    private static SkippedPath Unread(string path, string reason) =>
        new(path, $"{reason}; environments below it are not seen", MayHideReferences: true);

    private string? RootProblem(RootPath root)
    {
        var real = reader.Stat.TryRealPath(root.Value);
        if (real is null) return "root is missing (an unmounted volume must not look like \"no environments\")";
        if (reader.Stat.TryLStat(real) is not { Kind: FileKind.Directory }) return "root is not a directory";
        if (!reader.CanList(root.Value, out var error)) return $"root is unreadable: {error}";
        return null;
    }

    private static bool IsEnvironment(List<DirectoryChild> children, List<SkippedPath> skipped)
    {
        foreach (var child in children)
        {
            if (child.Name != "pyvenv.cfg") continue;
            if (child.Status?.Kind == FileKind.File) return true;
            skipped.Add(new SkippedPath(child.Path, "pyvenv.cfg is not a regular file; not treated as an environment"));
        }
        return false;
    }

    /// <summary>
    /// Pushes a reused directory's recorded children last-first, so they pop in the order the last walk
    /// recorded them: an unchanged tree then walks into the very sequence stored, and the store keeps its
    /// rows (<see cref="DiscoverySnapshot.SameAsRecorded"/>) instead of rewriting every one on each rescan.
    /// </summary>
    private static void PushRecordedChildren(Stack<string> stack, Dictionary<string, List<string>> childrenOf, string directory)
    {
        if (!childrenOf.TryGetValue(directory, out var children)) return;
        for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
    }

    private static Dictionary<string, List<string>> ChildrenByParent(IEnumerable<WalkedDirectory> directories)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var d in directories)
        {
            var parent = Path.GetDirectoryName(d.Path);
            if (parent is null) continue;
            if (!map.TryGetValue(parent, out var list)) map[parent] = list = [];
            list.Add(d.Path);
        }
        return map;
    }
}
