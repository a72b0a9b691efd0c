using GcTool.Core.Locking;
using GcTool.Core.Platform;

namespace GcTool.Core.Collection;

/// <summary>
/// One run's directory in the trash (<c>.gctool-trash/run-N</c>), held open and checked by
/// <see cref="Trash"/>: items are renamed into it from a directory handle and deleted from it by
/// handle, each only if it is the very inode journaled for it.
/// </summary>
public sealed class TrashRun : IDisposable
{
    private readonly FileDescriptorHandle _handle;
    private readonly HandleStatus _status;
    private readonly TrashJournal _journal;

    internal TrashRun(long runId, string path, FileDescriptorHandle handle, HandleStatus status, TrashJournal journal)
    {
        RunId = runId;
        Path = path;
        _handle = handle;
        _status = status;
        _journal = journal;
    }

    public long RunId { get; }

    /// <summary>Where warnings go (the operator log).</summary>
    internal Action<string>? Warn { get; init; }

    /// <summary>The run directory's path, for messages and the journal in the database only.</summary>
    public string Path { get; }

    public string PathOf(string trashName) => $"{Path}/{trashName}";

    internal IReadOnlyCollection<string> JournaledNames => _journal.Names;

    /// <summary>
    /// Renames each candidate child of <paramref name="parent"/> into this run: checks it (still there,
    /// the kind expected, on the same mount as <paramref name="parent"/>), journals the names and inodes
    /// of all that passed (one write and sync), then renames one by one, re-checking the inode just
    /// before and verifying it just after; anything else that arrived is moved back and left alone.
    /// </summary>
    /// <param name="parent">A directory gctool opened itself (see <see cref="CacheRootHandle"/>); never resolved by path.</param>
    /// <param name="parentPath">Its path, for messages only.</param>
    /// <param name="cancellation">Checked before each rename; the rest are <see cref="TrashMoveState.NotAttempted"/>.</param>
    internal IReadOnlyList<TrashMove> MoveIn(FileDescriptorHandle parent, string parentPath, IReadOnlyList<TrashCandidate> candidates,
        CancellationToken cancellation)
    {
        var results = new TrashMove?[candidates.Count];
        var checkedIds = new FileId[candidates.Count];
        var journal = new List<(string, FileId)>();
        var parentStatus = DirectoryHandles.StatSelf(parent);
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (!TrashJournal.IsValidName(candidate.TrashName)) throw new ArgumentException($"not a trash name: {candidate.TrashName}", nameof(candidates));
            var refusal = Check(candidate, DirectoryHandles.StatChild(parent, DirectoryHandles.Name(candidate.Child)), parentStatus, out var id);
            if (refusal is not null) results[i] = new TrashMove(candidate, TrashMoveState.Skipped, refusal);
            else
            {
                checkedIds[i] = id;
                journal.Add((candidate.TrashName, id));
            }
        }
        var journaled = _journal.Record(journal);
        if (journaled is TrashJournal.NoSpace or TrashJournal.DiskQuota)
        {
            Warn?.Invoke($"the trash journal in {Path} cannot grow ({Libc.Describe(journaled)}); this gc still deletes what it moves, but if it is killed first, the next gc leaves those items in the trash");
            journaled = 0;
        }
        for (var i = 0; i < candidates.Count; i++)
        {
            if (results[i] is not null) continue;
            var candidate = candidates[i];
            if (journaled != 0)
                results[i] = new TrashMove(candidate, TrashMoveState.Failed, $"cannot write the trash journal in {Path}: {Libc.Describe(journaled)}; left untouched");
            else if (cancellation.IsCancellationRequested)
                results[i] = new TrashMove(candidate, TrashMoveState.NotAttempted, null);
            else
            {
                results[i] = Move(parent, parentPath, candidate, checkedIds[i]);
                if (results[i]!.State != TrashMoveState.Moved) continue;
                FaultInjection.Reached("mid-rename");
                FaultInjection.Reached("stop-mid-sweep");
                FaultInjection.Pause("pause-mid-sweep", cancellation);
            }
        }
        return results.Select(r => r!).ToList();
    }

    private static string? Check(TrashCandidate candidate, HandleStatus? status, HandleStatus? parentStatus, out FileId id)
    {
        id = default;
        var kind = candidate.Directory ? "directory" : "regular file";
        if (status is not { } s) return Libc.LastErrno == Libc.ENoEnt ? "is no longer there; nothing to do" : $"cannot be checked: {Libc.Describe(Libc.LastErrno)}";
        if (s.Status.Kind != (candidate.Directory ? FileKind.Directory : FileKind.File)) return $"is no longer a real {kind}; left alone";
        if (parentStatus is not { } p || !p.SameMount(s)) return "is on another mount; never moved across a mount, left alone";
        id = s.Status.Id;
        return null;
    }

    private TrashMove Move(FileDescriptorHandle parent, string parentPath, TrashCandidate candidate, FileId checkedId)
    {
        var child = DirectoryHandles.Name(candidate.Child);
        var trashName = DirectoryHandles.Name(candidate.TrashName);
        // Re-checked just before the rename: the name may have been given to something else since the journal was written.
        if (DirectoryHandles.StatChild(parent, child) is not { } now || now.Status.Id != checkedId)
            return new TrashMove(candidate, TrashMoveState.Skipped, "has changed since it was checked; left alone");
        var errno = DirectoryHandles.RenameNoReplace(parent, child, _handle, trashName);
        if (errno != 0)
            return new TrashMove(candidate, TrashMoveState.Failed, $"cannot move into the trash: {Libc.Describe(errno)}");
        // Only the inode checked (and journaled) may stay: anything swapped in between goes back where it came from.
        if (DirectoryHandles.StatChild(_handle, trashName) is { } moved && moved.Status.Id == checkedId)
            return new TrashMove(candidate, TrashMoveState.Moved, null);
        const string changed = "was swapped for something else while being moved into the trash";
        var back = DirectoryHandles.RenameNoReplace(_handle, trashName, parent, child);
        return back == 0
            ? new TrashMove(candidate, TrashMoveState.Skipped, $"{changed}; moved back and left alone")
            : new TrashMove(candidate, TrashMoveState.Skipped,
                $"{changed}; moving it back to {parentPath}/{candidate.Child} failed ({Libc.Describe(back)}); left in {PathOf(candidate.TrashName)}, where gctool never deletes it");
    }

    /// <summary>
    /// Deletes the item <paramref name="trashName"/> by handle (<see cref="HandleTreeDeleter"/>), only if it is
    /// journaled and still the journaled inode. Already gone counts as completed.
    /// </summary>
    public TrashDeletion Delete(string trashName, CancellationToken cancellation = default)
    {
        var path = PathOf(trashName);
        if (_journal.Identity(trashName) is not { } journaled)
            return new TrashDeletion(path, false, 0, "not in the trash journal: gctool did not put it there; left alone");
        var raw = DirectoryHandles.Name(trashName);
        var status = DirectoryHandles.StatChild(_handle, raw);
        if (status is null)
            return Libc.LastErrno == Libc.ENoEnt
                ? new TrashDeletion(path, true, 0, null)
                : new TrashDeletion(path, false, 0, $"cannot lstat it: {Libc.Describe(Libc.LastErrno)}");
        if (status.Value.Status.Id != journaled)
            return new TrashDeletion(path, false, 0, "not the item gctool journaled under this name; left alone");
        var result = new HandleTreeDeleter().Delete(_handle, trashName, path, TopSymlinkPolicy.Refuse, cancellation);
        var error = result.Failures.Count == 0 ? null : string.Join("; ", result.Failures.Take(3).Select(f => $"{f.Path}: {f.Reason}"));
        return new TrashDeletion(path, result.Completed, result.BytesFreed, error);
    }

    /// <summary>The names in the run directory other than its journal, or null when it cannot be listed.</summary>
    internal List<string>? List(out int errno) =>
        DirectoryHandles.List(_handle, out errno)?.Select(DirectoryHandles.Display).Where(n => n != TrashJournal.FileName).ToList();

    /// <summary>Once nothing but the journal is left: removes the journal, then the run directory.</summary>
    internal bool RemoveIfEmpty(FileDescriptorHandle trashRoot)
    {
        if (List(out _) is not { Count: 0 }) return false;
        _journal.Remove();
        return DirectoryHandles.Unlink(trashRoot, DirectoryHandles.Name(System.IO.Path.GetFileName(Path)), directory: true) == 0;
    }

    internal HandleStatus Status => _status;

    public void Dispose()
    {
        _journal.Dispose();
        _handle.Dispose();
    }
}
