using GcTool.Core.Cache;
using GcTool.Core.Platform;

namespace GcTool.Core.Reporting;

/// <summary>
/// Measures each top-level directory of the cache by walking it: bytes of regular files, each
/// inode counted once across the whole cache (uv hardlinks within the cache too).
/// </summary>
/// <remarks>
/// A disk walk, not a store query: bytes outside archive-v* (wheels, sdists, git, interpreters,
/// unknown future buckets) are never recorded by a scan. Symlinks are counted as links, never
/// followed, so a link out of the cache cannot make the report walk someone's home directory.
/// </remarks>
public sealed class BucketSizer(DirectoryReader reader)
{
    public const string TopLevelFiles = "(files at the top)";

    public IReadOnlyList<BucketSize> Measure(UvCache cache, CancellationToken cancellation = default)
    {
        var seen = new HashSet<FileId>();
        var sizes = new List<BucketSize>();
        var top = reader.TryList(cache.RealRoot, out _) ?? [];
        long looseBytes = 0, looseFiles = 0;
        foreach (var child in top.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (child.Status is not { } status) continue;
            if (status.Kind == FileKind.Directory)
            {
                var (bytes, files) = Walk(child.Path, seen, cancellation);
                sizes.Add(new BucketSize(child.Name, bytes, files));
            }
            else if (status.Kind == FileKind.File && seen.Add(status.Id))
            {
                looseBytes += status.Size;
                looseFiles++;
            }
        }
        if (looseFiles > 0) sizes.Add(new BucketSize(TopLevelFiles, looseBytes, looseFiles));
        return sizes.OrderByDescending(s => s.Bytes).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    private (long Bytes, long Files) Walk(string root, HashSet<FileId> seen, CancellationToken cancellation)
    {
        long bytes = 0, files = 0;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var directory))
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var child in reader.TryList(directory, out _) ?? [])
            {
                if (child.Status is not { } status) continue;
                if (status.Kind == FileKind.Directory) pending.Push(child.Path);
                else if (status.Kind == FileKind.File && seen.Add(status.Id))
                {
                    bytes += status.Size;
                    files++;
                }
            }
        }
        return (bytes, files);
    }
}
