using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>
/// Counts the bytes of <c>files-v0</c> objects (content-addressed layout, spec §9) once, on the plan
/// item whose deletion removes their last link outside <c>files-v0</c>.
/// </summary>
/// <remarks>
/// An entry's recorded freeable bytes are what deleting it <i>alone</i> gives back, so an object that
/// two planned archives share (and nothing else links) counts in neither; a plan frees it all the same.
/// Both halves attribute such an object to the first planned item holding it, in plan order, so the
/// items' freeable bytes add up to what the plan frees, each object once. The classic layout (no
/// <c>files-v0</c>) keeps the per-entry figures as they are.
/// </remarks>
public static class SharedObjectAccounting
{
    /// <summary>
    /// A dry run's estimate: walks the planned entries (no lock is held), and counts an inode as freed
    /// when all its links are in planned entries, but for one name in <c>files-v0</c>.
    /// </summary>
    public static IReadOnlyList<PlannedRemoval> EstimateFreeable(IReadOnlyList<PlannedRemoval> items, ArchiveInventory inventory,
        DirectoryReader reader, IReadOnlySet<FileId> objects)
    {
        if (objects.Count == 0 || items.Count == 0) return items;
        var links = new Dictionary<FileId, (int InPlan, uint Total, long Size, int FirstItem)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (!inventory.Entries.TryGetValue(items[i].Entry, out var listing)) continue;
            foreach (var status in RegularFiles(reader, listing.Path))
                links[status.Id] = links.TryGetValue(status.Id, out var seen)
                    ? (seen.InPlan + 1, status.LinkCount, status.Size, seen.FirstItem)
                    : (1, status.LinkCount, status.Size, i);
        }
        var freeable = new long[items.Count];
        foreach (var (id, (inPlan, total, size, first)) in links)
            if ((long)total - inPlan - (objects.Contains(id) ? 1 : 0) <= 0) freeable[first] += size;
        return items.Select((item, i) => inventory.Entries.ContainsKey(item.Entry) ? item with { FreeableBytes = freeable[i] } : item).ToList();
    }

    /// <summary>
    /// After a real run: adds each removed object's bytes to the first deleted item whose recorded inodes
    /// hold it. Objects no item holds (left by an earlier run or by uv) count only in the run's total.
    /// </summary>
    public static List<RemovalOutcome> AttributeRemoved(List<RemovalOutcome> items, IReadOnlyList<EntryRecord> entries, IReadOnlyList<StoredObject> removed)
    {
        if (removed.Count == 0) return items;
        var records = entries.ToDictionary(e => e.Key);
        var firstHolder = new Dictionary<FileId, int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].State != SweepState.Deleted || !records.TryGetValue(items[i].Entry, out var record) || record.Inodes is null) continue;
            foreach (var inode in record.Inodes) firstHolder.TryAdd(new FileId(record.Device, inode), i);
        }
        var added = new long[items.Count];
        foreach (var obj in removed)
            if (firstHolder.TryGetValue(obj.Status.Id, out var i)) added[i] += obj.Status.Size;
        return items.Select((item, i) => added[i] == 0 ? item : item with { BytesFreed = item.FreeableBytes + added[i] }).ToList();
    }

    private static IEnumerable<FileStatus> RegularFiles(DirectoryReader reader, string root)
    {
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.Count > 0)
            foreach (var child in reader.TryList(stack.Pop(), out _) ?? [])
            {
                if (child.Status is not { } status) continue;
                if (status.Kind == FileKind.Directory) stack.Push(child.Path);
                else if (status.Kind == FileKind.File) yield return status;
            }
    }
}
