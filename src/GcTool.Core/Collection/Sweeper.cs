using GcTool.Core.Cache;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>What the sweep under the lock did.</summary>
public sealed record SweepResult(IReadOnlyList<GcPlanItem> Items, long PointersRemoved, long DanglingPointersRemoved, bool Interrupted);

/// <summary>
/// The part of the sweep that must hold uv's lock, kept to renames and unlinks so its time does
/// not grow with the bytes deleted: for each planned entry, remove the pointers that name it, then
/// rename the entry into the trash. Deleting the trash happens after the lock is released.
/// </summary>
/// <remarks>
/// Crash safety: pointers go first, so uv never follows a pointer into a missing entry (and uv
/// re-creates an entry whose pointer is gone). The rename is atomic: uv sees the entry whole or not
/// at all. Each step is re-verified just before it runs: an entry that is no longer a real
/// directory, or a pointer that now names another entry, is left alone. Nothing here follows a
/// symlink: rename moves a swapped-in link itself, and the trash deleter never descends links.
/// </remarks>
public sealed class Sweeper(GcToolContext context, DirectoryReader reader)
{
    public SweepResult Sweep(ICacheLock held, long runId, IReadOnlyList<GcPlanItem> plan, PointerIndex pointers, CancellationToken cancellation)
    {
        held.AssertHeld();
        var trashDirectory = TrashDirectory(context.Cache, runId);
        var trash = new TrashCollector(context);
        trash.EnsureReal();
        try
        {
            context.FileSystem.Directory.CreateDirectory(trashDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FailAll(runId, plan, $"cannot create the trash directory {trashDirectory}: {e.Message}; left untouched");
        }
        trash.EnsureReal(trashDirectory);

        // Phase 1: every pointer to a planned entry goes, then one journal write.
        long pointersRemoved = 0;
        var items = plan.Select(item => RemovePointers(item, pointers, ref pointersRemoved)).ToList();
        context.Store.UpdateSweepStates(runId, Updates(items, null));
        FaultInjection.Reached("after-pointers");

        // Phase 2: rename into the trash, then one journal write. A kill in between leaves renamed
        // entries journaled as PointersRemoved: the next gc finds them in the trash and deletes them.
        var interrupted = false;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].State != SweepState.PointersRemoved) continue;
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                items[i] = items[i] with { State = SweepState.Skipped, Error = "interrupted before this entry; its pointers are gone, uv re-creates them" };
                continue;
            }
            held.AssertHeld();
            items[i] = MoveToTrash(items[i], trashDirectory);
            if (items[i].State != SweepState.Trashed) continue;
            FaultInjection.Reached("mid-rename");
            FaultInjection.Reached("stop-mid-sweep");
            FaultInjection.Pause("pause-mid-sweep", cancellation);
        }
        context.Store.UpdateSweepStates(runId, Updates(items, trashDirectory));

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
    public SweepResult FailAll(long runId, IReadOnlyList<GcPlanItem> plan, string reason)
    {
        var failed = plan.Select(i => i with { State = SweepState.Failed, Error = reason }).ToList();
        context.Store.UpdateSweepStates(runId, Updates(failed, null));
        return new SweepResult(failed, 0, 0, false);
    }

    public static string TrashDirectory(UvCache cache, long runId) => Path.Combine(cache.TrashRoot, $"run-{runId}");

    public static string TrashPath(string trashDirectory, EntryKey entry) => Path.Combine(trashDirectory, $"{entry.BucketName}-{entry.Id.Value}");

    private static List<SweepUpdate> Updates(List<GcPlanItem> items, string? trashDirectory) =>
        items.Select(i => new SweepUpdate(i.Entry, i.State,
            i.State == SweepState.Trashed && trashDirectory is not null ? TrashPath(trashDirectory, i.Entry) : null, i.Error)).ToList();

    private GcPlanItem RemovePointers(GcPlanItem item, PointerIndex pointers, ref long pointersRemoved)
    {
        if (context.Stat.TryLStat(context.Cache.EntryPath(item.Entry)) is not { Kind: FileKind.Directory })
            return item with { State = SweepState.Skipped, Error = "entry is no longer a real directory; left alone" };
        foreach (var pointer in pointers.To(item.Entry))
            if (RemoveIfStill(pointer, item.Entry)) pointersRemoved++;
        return item with { State = SweepState.PointersRemoved };
    }

    private GcPlanItem MoveToTrash(GcPlanItem item, string trashDirectory)
    {
        var path = context.Cache.EntryPath(item.Entry);
        var trashPath = TrashPath(trashDirectory, item.Entry);
        // Re-check just before the rename: rename(2) moves a swapped-in symlink itself, never its target,
        // but an entry that is no longer a real directory is not ours to move.
        if (context.Stat.TryLStat(path) is not { Kind: FileKind.Directory } checkedEntry)
            return item with { State = SweepState.Skipped, Error = "entry is no longer a real directory; left alone" };
        try
        {
            context.FileSystem.Directory.Move(path, trashPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return item with { State = SweepState.Failed, Error = $"cannot move into the trash: {e.Message}" };
        }
        // rename(2) resolves symlinks in the *parent* path: had the bucket been swapped for a link out of
        // the cache after the check, a directory outside would now sit in the trash. Only the directory
        // we checked may be deleted; anything else goes back where it came from, untouched.
        if (context.Stat.TryLStat(trashPath) is { Kind: FileKind.Directory } moved && moved.Id == checkedEntry.Id)
            return item with { State = SweepState.Trashed };
        return item with { State = SweepState.Skipped, Error = MoveBack(trashPath, path) };
    }

    private string MoveBack(string trashPath, string path)
    {
        const string changed = "entry was swapped for something else while being moved into the trash";
        try
        {
            if (context.Stat.TryLStat(trashPath) is { Kind: FileKind.Directory }) context.FileSystem.Directory.Move(trashPath, path);
            else context.FileSystem.File.Move(trashPath, path);
            return $"{changed}; moved back and left alone";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Log.Warn($"{path}: {changed}, and moving it back from {trashPath} failed ({e.Message}); it is left in the trash");
            return $"{changed}; moving it back failed ({e.Message}), left in {trashPath}";
        }
    }

    private long RemoveDangling(ICacheLock held, PointerIndex pointers)
    {
        held.AssertHeld();
        long removed = 0;
        foreach (var pointer in pointers.Dangling)
            if (context.Stat.TryLStat(context.Cache.EntryPath(pointer.Target)) is null && RemoveIfStill(pointer, pointer.Target))
                removed++;
        return removed;
    }

    /// <summary>Unlinks a pointer only if it still names <paramref name="entry"/> (uv may have repointed it since the index was built).</summary>
    private bool RemoveIfStill(Pointer pointer, EntryKey entry)
    {
        var status = context.Stat.TryLStat(pointer.Path);
        if (status is null) return false;
        var child = new DirectoryChild(pointer.Path, Path.GetFileName(pointer.Path), status);
        if (PointerIndex.Read(context.Cache, reader, child, status.Value, pointer.InEnvironmentsBucket)?.Target != entry) return false;
        try
        {
            context.FileSystem.File.Delete(pointer.Path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Log.Warn($"could not remove pointer {pointer.Path}: {e.Message}");
            return false;
        }
    }
}
