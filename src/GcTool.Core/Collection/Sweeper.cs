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
        var trashDirectory = TrashDirectory(runId);
        context.FileSystem.Directory.CreateDirectory(trashDirectory);

        var results = new List<GcPlanItem>(plan.Count);
        long pointersRemoved = 0;
        var interrupted = false;
        foreach (var item in plan)
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                results.Add(item with { State = SweepState.Skipped, Error = "interrupted before this entry" });
                continue;
            }
            held.AssertHeld();
            var outcome = SweepOne(item, pointers, trashDirectory, ref pointersRemoved);
            context.Store.UpdateSweepState(runId, item.Entry, outcome.State, outcome.State == SweepState.Trashed ? TrashPath(trashDirectory, item.Entry) : null, outcome.Error);
            results.Add(outcome);
        }
        var dangling = interrupted ? 0 : RemoveDangling(held, pointers);
        return new SweepResult(results, pointersRemoved, dangling, interrupted);
    }

    public string TrashDirectory(long runId) => Path.Combine(context.Cache.TrashRoot, $"run-{runId}");

    public static string TrashPath(string trashDirectory, EntryKey entry) => Path.Combine(trashDirectory, $"{entry.BucketName}-{entry.Id.Value}");

    private GcPlanItem SweepOne(GcPlanItem item, PointerIndex pointers, string trashDirectory, ref long pointersRemoved)
    {
        var path = context.Cache.EntryPath(item.Entry);
        if (context.Stat.TryLStat(path) is not { Kind: FileKind.Directory })
            return item with { State = SweepState.Skipped, Error = "entry is no longer a real directory; left alone" };

        foreach (var pointer in pointers.To(item.Entry))
            if (RemoveIfStill(pointer, item.Entry)) pointersRemoved++;

        try
        {
            context.FileSystem.Directory.Move(path, TrashPath(trashDirectory, item.Entry));
            return item with { State = SweepState.Trashed };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return item with { State = SweepState.Failed, Error = $"cannot move into the trash: {e.Message}" };
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
