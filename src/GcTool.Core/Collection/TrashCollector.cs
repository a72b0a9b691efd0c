using GcTool.Core.Platform;

namespace GcTool.Core.Collection;

/// <summary>What deleting trash freed.</summary>
public sealed record TrashDeletion(string Path, bool Completed, long BytesFreed, string? Error);

/// <summary>
/// Deletes what the sweep renamed into <c>&lt;cache&gt;/.gctool-trash/</c>, after uv's lock is released:
/// entries there are invisible to uv, so the slow, byte-proportional part never blocks uv users.
/// Anything found in the trash belongs to gctool (a killed gc may leave some), so it all goes.
/// </summary>
public sealed class TrashCollector(GcToolContext context)
{
    private readonly SafeTreeDeleter _deleter = new(context.FileSystem, context.Stat);

    public TrashDeletion Delete(string path)
    {
        if (context.Stat.TryLStat(path) is null) return new TrashDeletion(path, true, 0, null);
        var result = _deleter.Delete(path);
        var error = result.Failures.Count == 0 ? null : string.Join("; ", result.Failures.Take(3).Select(f => $"{f.Path}: {f.Reason}"));
        return new TrashDeletion(path, result.Completed, result.BytesFreed, error);
    }

    /// <summary>Deletes leftovers of earlier runs that are not in the journal (killed between rename and journal write).</summary>
    public IReadOnlyList<TrashDeletion> DeleteOrphans(IReadOnlySet<string> journaled)
    {
        var reader = new DirectoryReader(context.FileSystem, context.Stat);
        var deleted = new List<TrashDeletion>();
        foreach (var run in reader.TryList(context.Cache.TrashRoot, out _) ?? [])
        {
            foreach (var item in reader.TryList(run.Path, out _) ?? [])
                if (!journaled.Contains(item.Path)) deleted.Add(Delete(item.Path));
            TryRemoveEmpty(run.Path);
        }
        TryRemoveEmpty(context.Cache.TrashRoot);
        return deleted;
    }

    public void TryRemoveEmpty(string directory)
    {
        try
        {
            if (context.FileSystem.Directory.Exists(directory) && !context.FileSystem.Directory.EnumerateFileSystemEntries(directory).Any())
                context.FileSystem.Directory.Delete(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
