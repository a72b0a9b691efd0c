using GcTool.Core.Collection;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Reclaim;

/// <summary>
/// Carries out a <see cref="ReclaimPlan"/>: under uv's exclusive lock, re-checks each directory cheaply and
/// renames it into the trash through <see cref="TrashRun.MoveIn"/> (journaled before the rename, so a gc killed
/// now is finished by the next one's <see cref="Trash.Resume"/>); after the lock, deletes it by handle.
/// </summary>
/// <remarks>
/// The re-check compares every directory's mtime with the survey's (and, for a stale revision, its shard's): a
/// uv that created, removed or renamed anything in there since is seen, and the directory waits for the next gc.
/// That is one lstat per directory, not per file, so a 10,000-file bucket costs milliseconds under the lock.
/// The re-check runs before gc removes the pointers of the entries it deletes (some lie in stale buckets, and
/// removing them changes those directories' mtimes); the renames run after. The lock is held throughout.
/// </remarks>
internal sealed class Reclaimer(CacheRootHandle root)
{
    /// <summary>Under the lock, before anything moves: for each item, why it changed since the survey, or null when it did not.</summary>
    public IReadOnlyList<ReclaimProblem?> Recheck(ICacheLock held, IReadOnlyList<ReclaimItem> items)
    {
        held.AssertHeld();
        return items.Select(Changed).ToList();
    }

    /// <summary>Under the lock: renames each item <paramref name="changes"/> found unchanged into the trash.</summary>
    public List<ReclaimOutcome> MoveToTrash(ICacheLock held, IReadOnlyList<ReclaimItem> items, IReadOnlyList<ReclaimProblem?> changes, TrashRun run, CancellationToken cancellation)
    {
        held.AssertHeld();
        var outcomes = new ReclaimOutcome[items.Count];
        foreach (var group in items.Select((item, index) => (item, index)).GroupBy(x => Path.GetDirectoryName(x.item.RelativePath) ?? ""))
        {
            var ready = new List<(ReclaimItem Item, int Index)>();
            foreach (var (item, index) in group)
            {
                if (changes[index] is { } why) outcomes[index] = new ReclaimOutcome(item, SweepState.Skipped, 0, why);
                else ready.Add((item, index));
            }
            if (ready.Count == 0) continue;
            var parentPath = group.Key.Length == 0 ? root.Path : $"{root.Path}/{group.Key}";
            using var opened = group.Key.Length == 0 ? null : root.OpenDirectory(group.Key, out var errno);
            var parent = group.Key.Length == 0 ? root.Handle : opened;
            if (parent is null)
            {
                foreach (var (item, index) in ready)
                    outcomes[index] = new ReclaimOutcome(item, SweepState.Skipped, 0, new ReclaimProblem(ReclaimProblemKind.ParentUnreachable, parentPath));
                continue;
            }
            var moves = run.MoveIn(parent, parentPath,
                ready.Select(r => new TrashCandidate(Path.GetFileName(r.Item.RelativePath), r.Item.TrashName, Directory: true)).ToList(), cancellation);
            for (var i = 0; i < ready.Count; i++)
            {
                var (item, index) = ready[i];
                outcomes[index] = moves[i].State switch
                {
                    TrashMoveState.Moved => new ReclaimOutcome(item, SweepState.Trashed, 0, null),
                    TrashMoveState.Failed => new ReclaimOutcome(item, SweepState.Failed, 0, new ReclaimProblem(ReclaimProblemKind.MoveFailed, moves[i].Error)),
                    TrashMoveState.NotAttempted => new ReclaimOutcome(item, SweepState.Skipped, 0, new ReclaimProblem(ReclaimProblemKind.InterruptedBeforeDirectory)),
                    _ => new ReclaimOutcome(item, SweepState.Skipped, 0, new ReclaimProblem(ReclaimProblemKind.MoveRefused, moves[i].Error)),
                };
            }
        }
        return outcomes.ToList();
    }

    /// <summary>After the lock: deletes what was moved into the trash.</summary>
    public List<ReclaimOutcome> Delete(IReadOnlyList<ReclaimOutcome> moved, TrashRun run, CancellationToken cancellation)
    {
        var done = new List<ReclaimOutcome>(moved.Count);
        foreach (var outcome in moved)
        {
            if (outcome.State != SweepState.Trashed)
            {
                done.Add(outcome);
                continue;
            }
            var deletion = run.Delete(outcome.Item.TrashName, cancellation);
            done.Add(deletion.Completed
                ? outcome with { State = SweepState.Deleted, BytesFreed = deletion.BytesFreed }
                : outcome with { State = SweepState.Failed, BytesFreed = deletion.BytesFreed, Problem = new ReclaimProblem(ReclaimProblemKind.DeleteFailed, deletion.Error) });
        }
        return done;
    }

    /// <summary>How the directory may be in use again since the survey, or null when every directory in it is as it was.</summary>
    /// <remarks>
    /// Every lstat goes through a handle opened beneath the cache root without following a link or crossing a
    /// mount (<see cref="CacheRootHandle.OpenDirectory"/>), never through a path: a directory a user swapped for a
    /// symlink since the survey cannot be opened that way, so it reads as changed and the item is left alone.
    /// </remarks>
    private ReclaimProblem? Changed(ReclaimItem item)
    {
        using var parents = new BeneathRootStat(root);
        if (parents.LStat(item.RelativePath) is not { Kind: FileKind.Directory } status || status.Device != item.Tree.Id.Device || status.Inode != item.Tree.Id.Inode)
            return new ReclaimProblem(ReclaimProblemKind.NotTheSurveyedDirectory);
        if (item.Category == ReclaimCategory.StaleSdistRevision)
        {
            var shard = parents.LStat(Path.GetDirectoryName(item.RelativePath)!);
            if (shard?.ModifiedNs != item.ShardModifiedNs) return new ReclaimProblem(ReclaimProblemKind.ShardChanged);
        }
        foreach (var mark in item.Tree.Directories)
            if (parents.LStat(mark.RelativePath) is not { Kind: FileKind.Directory } now || now.ModifiedNs != mark.ModifiedNs)
                return new ReclaimProblem(ReclaimProblemKind.ChangedSinceSurvey, mark.RelativePath);
        return null;
    }
}
