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

    /// <summary>
    /// Refuses a trash that is not a real directory. Anyone who can write to a shared cache could plant
    /// <c>.gctool-trash</c> (or a <c>run-N</c> in it) as a symlink to another tree, and everything gc
    /// moved or deleted "in the trash" would then happen in that tree.
    /// </summary>
    public void EnsureReal(string? runDirectory = null)
    {
        foreach (var directory in new[] { context.Cache.TrashRoot, runDirectory })
        {
            if (directory is null) continue;
            var status = context.Stat.TryLStat(directory);
            if (status is null && directory == context.Cache.TrashRoot && runDirectory is null) continue; // no trash yet
            if (status is not { Kind: FileKind.Directory })
                throw new Errors.SafetyRefusalException(
                    $"{directory} is not a real directory (a symlink or a file?); gctool moves entries there before deleting them and will not do so through it: remove it and run gc again");
        }
    }

    public TrashDeletion Delete(string path)
    {
        // Deletes only below <trash>/run-N/ when both are real directories: a parent symlink would redirect the deletion.
        if (context.Stat.TryLStat(context.Cache.TrashRoot) is not { Kind: FileKind.Directory }
            || Path.GetDirectoryName(path) is not { } run || Path.GetDirectoryName(run) != context.Cache.TrashRoot
            || context.Stat.TryLStat(run) is not { Kind: FileKind.Directory })
            return new TrashDeletion(path, false, 0, "not inside gctool's own trash directory (a symlink in its path?); left alone");
        if (context.Stat.TryLStat(path) is null) return new TrashDeletion(path, true, 0, null);
        var result = _deleter.Delete(path);
        var error = result.Failures.Count == 0 ? null : string.Join("; ", result.Failures.Take(3).Select(f => $"{f.Path}: {f.Reason}"));
        return new TrashDeletion(path, result.Completed, result.BytesFreed, error);
    }

    /// <summary>The lock file one gc at a time holds in the trash root (flock on <c>&lt;trash&gt;/.lock</c>, taken by the collector).</summary>
    public const string RunLockName = ".lock";

    /// <summary>Deletes leftovers of earlier runs that are not in the journal (killed between rename and journal write).</summary>
    public IReadOnlyList<TrashDeletion> DeleteOrphans(IReadOnlySet<string> journaled)
    {
        var reader = new DirectoryReader(context.FileSystem, context.Stat);
        var deleted = new List<TrashDeletion>();
        if (context.Stat.TryLStat(context.Cache.TrashRoot) is not { Kind: FileKind.Directory }) return deleted;
        foreach (var run in reader.TryList(context.Cache.TrashRoot, out _) ?? [])
        {
            if (run.Name == RunLockName && run.Status is { Kind: FileKind.File }) continue;
            if (run.Status is not { Kind: FileKind.Directory })
            {
                context.Log.Warn($"{run.Path} is not a directory gctool made (a symlink or a file?); left alone");
                continue;
            }
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
