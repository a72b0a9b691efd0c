using GcTool.Core.Cache;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>What the sweep under the lock did.</summary>
public sealed record SweepResult(IReadOnlyList<RemovalOutcome> Items, long PointersRemoved, long DanglingPointersRemoved, bool Interrupted);

/// <summary>
/// The part of the sweep that must hold uv's lock, kept to renames and unlinks so its time does
/// not grow with the bytes deleted: for each planned entry, remove the pointers that name it, then
/// rename the entry into the trash. Deleting the trash happens after the lock is released.
/// </summary>
/// <remarks>
/// Crash safety: pointers go first, so uv never follows a pointer into a missing entry (and uv
/// re-creates an entry whose pointer is gone). The rename is atomic: uv sees the entry whole or not
/// at all. Each step is re-verified just before it runs: an entry that is no longer a real
/// directory, or a pointer that now names another entry, is left alone.
/// Every operation is relative to a directory handle opened from the cache root
/// (<see cref="CacheRootHandle"/>): a bucket or pointer directory a user swaps for a symlink, or
/// renames away, mid-sweep can no longer send an unlink or a rename out of the cache.
/// </remarks>
internal sealed class Sweeper(GcToolContext context, CacheRootHandle root) : IDisposable
{
    // The role of the store the sweep uses: it writes the journal and nothing else.
    private IGcJournal Journal => context.Store;

    private readonly Dictionary<string, (FileDescriptorHandle? Handle, int Errno)> _buckets = new(StringComparer.Ordinal);

    public SweepResult Sweep(ICacheLock held, long runId, IReadOnlyList<PlannedRemoval> plan, PointerIndex pointers, TrashRun run, CancellationToken cancellation)
    {
        held.AssertHeld();

        // Phase 1: every pointer to a planned entry goes, then one journal write.
        long pointersRemoved = 0;
        var items = plan.Select(item => RemovePointers(item, pointers, ref pointersRemoved)).ToList();
        Journal.UpdateSweepStates(runId, Updates(items, run));
        FaultInjection.Reached("after-pointers");
        FaultInjection.Reached("stop-after-pointers");

        // Phase 2: rename into the trash (journaled in the trash before each batch), then one journal write.
        // A kill in between leaves renamed entries journaled as PointersRemoved here and in the trash's
        // own journal: the next gc finds them in the trash and deletes them.
        held.AssertHeld();
        var interrupted = false;
        foreach (var bucket in items.Select((item, index) => (item, index)).Where(x => x.item.State == SweepState.PointersRemoved)
                     .GroupBy(x => x.item.Entry.BucketName).ToList())
        {
            var handle = Bucket(bucket.Key, out var errno);
            if (handle is null)
            {
                foreach (var (item, index) in bucket)
                    items[index] = item with { State = SweepState.Skipped, Problem = new SweepProblem(SweepProblemKind.BucketUnreachable, bucket.Key, Libc.Describe(errno)) };
                continue;
            }
            var list = bucket.ToList();
            var moves = run.MoveIn(handle, $"{root.Path}/{bucket.Key}",
                list.Select(x => new TrashCandidate(x.item.Entry.Id.Value, Trash.ItemName(x.item.Entry), Directory: true)).ToList(), cancellation);
            for (var i = 0; i < list.Count; i++)
            {
                var (item, index) = list[i];
                items[index] = moves[i].State switch
                {
                    TrashMoveState.Moved => item with { State = SweepState.Trashed },
                    TrashMoveState.Failed => item with { State = SweepState.Failed, Problem = new SweepProblem(SweepProblemKind.MoveFailed, moves[i].Error) },
                    TrashMoveState.NotAttempted => item with { State = SweepState.Skipped, Problem = new SweepProblem(SweepProblemKind.InterruptedBeforeEntry) },
                    _ => item with { State = SweepState.Skipped, Problem = new SweepProblem(SweepProblemKind.MoveRefused, moves[i].Error) },
                };
                if (moves[i].State == TrashMoveState.NotAttempted) interrupted = true;
            }
        }
        Journal.UpdateSweepStates(runId, Updates(items, run));

        var dangling = interrupted ? 0 : RemoveDangling(held, pointers);
        return new SweepResult(items, pointersRemoved, dangling, interrupted);
    }

    /// <summary>
    /// Condemning: removes every pointer that names one of <paramref name="entries"/> (re-checked,
    /// as in a sweep), leaving the entries whole. Returns how many pointers went.
    /// </summary>
    public long RemovePointersOf(ICacheLock held, IEnumerable<EntryKey> entries, PointerIndex pointers)
    {
        held.AssertHeld();
        long removed = 0;
        foreach (var entry in entries)
            foreach (var pointer in pointers.To(entry))
                if (RemoveIfStill(pointer, entry)) removed++;
        return removed;
    }

    /// <summary>
    /// No trash (read-only cache, no space or inodes left): nothing can be moved, so nothing is
    /// touched, not even pointers; every planned entry is reported as failed with the reason.
    /// </summary>
    /// <param name="noTrash">Why there is no trash (the trash's account), when known.</param>
    public static SweepResult FailAll(GcToolContext context, long runId, IReadOnlyList<PlannedRemoval> plan, string? noTrash)
    {
        var failed = plan.Select(i => new RemovalOutcome(i, SweepState.Failed, new SweepProblem(SweepProblemKind.NoTrash, noTrash))).ToList();
        IGcJournal journal = context.Store;
        journal.UpdateSweepStates(runId, Updates(failed, null));
        return new SweepResult(failed, 0, 0, false);
    }

    private static List<SweepUpdate> Updates(List<RemovalOutcome> items, TrashRun? run) =>
        items.Select(i => new SweepUpdate(i.Entry, i.State,
            i.State == SweepState.Trashed && run is not null ? run.PathOf(Trash.ItemName(i.Entry)) : null, i.Problem?.ToJournalText())).ToList();

    private RemovalOutcome RemovePointers(PlannedRemoval item, PointerIndex pointers, ref long pointersRemoved)
    {
        if (EntryStatus(item.Entry) is not { Status.Kind: FileKind.Directory })
            return new RemovalOutcome(item, SweepState.Skipped, new SweepProblem(SweepProblemKind.NotARealDirectory));
        foreach (var pointer in pointers.To(item.Entry))
            if (RemoveIfStill(pointer, item.Entry)) pointersRemoved++;
        return new RemovalOutcome(item, SweepState.PointersRemoved);
    }

    /// <summary>The entry's statx through its bucket's handle; null when it (or its bucket) is not there or not reachable safely.</summary>
    private HandleStatus? EntryStatus(EntryKey entry) =>
        Bucket(entry.BucketName, out _) is { } bucket ? DirectoryHandles.StatChild(bucket, DirectoryHandles.Name(entry.Id.Value)) : null;

    /// <summary>The bucket's handle, opened once from the cache root without following a link or crossing a mount.</summary>
    private FileDescriptorHandle? Bucket(string name, out int errno)
    {
        if (!_buckets.TryGetValue(name, out var bucket))
        {
            var handle = root.OpenDirectory(name, out var e);
            _buckets[name] = bucket = (handle, e);
        }
        errno = bucket.Errno;
        return bucket.Handle;
    }

    private long RemoveDangling(ICacheLock held, PointerIndex pointers)
    {
        held.AssertHeld();
        long removed = 0;
        foreach (var pointer in pointers.Dangling)
            if (IsAbsent(pointer.Target) && RemoveIfStill(pointer, pointer.Target))
                removed++;
        return removed;
    }

    /// <summary>Known to be gone: its bucket or its name does not exist (a bucket that cannot be opened safely is not "gone").</summary>
    private bool IsAbsent(EntryKey entry)
    {
        var bucket = Bucket(entry.BucketName, out var errno);
        if (bucket is null) return errno == Libc.ENoEnt;
        return DirectoryHandles.StatChild(bucket, DirectoryHandles.Name(entry.Id.Value)) is null && Libc.LastErrno == Libc.ENoEnt;
    }

    /// <summary>
    /// Unlinks a pointer, in a handle on its own directory, only if it still names <paramref name="entry"/>
    /// (uv may have repointed it since the index was built): the link is read with readlinkat, a text
    /// pointer with a bounded, non-blocking read, both on that handle.
    /// </summary>
    private bool RemoveIfStill(Pointer pointer, EntryKey entry)
    {
        if (root.RelativePathOf(pointer.Path) is not { } relative) return false;
        var slash = relative.LastIndexOf('/');
        if (slash <= 0) return false;
        using var parent = root.OpenDirectory(relative[..slash], out var errno);
        if (parent is null)
        {
            if (errno != Libc.ENoEnt) context.Log.Warn($"could not remove pointer {pointer.Path}: its directory cannot be opened safely ({Libc.Describe(errno)})");
            return false;
        }
        var name = DirectoryHandles.Name(relative[(slash + 1)..]);
        if (DirectoryHandles.StatChild(parent, name) is not { } status) return false;
        var target = status.Status.Kind switch
        {
            FileKind.Symlink => DirectoryHandles.ReadLink(parent, name) is { } text ? PointerIndex.LinkTarget(Path.GetDirectoryName(pointer.Path)!, text) : null,
            FileKind.File when PointerIndex.MayBeTextPointer(relative[(slash + 1)..], status.Status.Size) => ReadTextPointer(parent, name),
            _ => null,
        };
        if (target != entry) return false;
        errno = DirectoryHandles.Unlink(parent, name, directory: false);
        if (errno == 0) return true;
        context.Log.Warn($"could not remove pointer {pointer.Path}: {Libc.Describe(errno)}");
        return false;
    }

    private static EntryKey? ReadTextPointer(FileDescriptorHandle parent, byte[] name)
    {
        using var file = DirectoryHandles.OpenChildFile(parent, name, DirectoryHandles.ORdOnly | DirectoryHandles.ONonBlock, 0, out _);
        if (file is null || DirectoryHandles.StatSelf(file) is not { Status: { Kind: FileKind.File } status }) return null;
        var content = DirectoryHandles.ReadAtMost(file, PointerIndex.TextPointerMaxBytes, status.Size, out var tooLarge);
        return content is { Length: > 0 } && !tooLarge ? PointerIndex.TextTarget(content) : null;
    }

    public void Dispose()
    {
        foreach (var (handle, _) in _buckets.Values) handle?.Dispose();
        _buckets.Clear();
    }
}
