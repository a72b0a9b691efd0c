namespace GcTool.Core.Demo;

/// <summary>
/// Which archives a plain <c>uv cache prune</c> deletes: every <c>archive-v0</c> entry that no symlink
/// under <c>wheels-v*</c> or <c>sdists-v*</c> points at (uv-cache-spec.md §7 step 5). It never looks at
/// environments, which is the bug gctool exists for.
/// </summary>
/// <remarks>
/// The demo's own model of uv, for its own cache only: it walks without following links and
/// resolves each link's text lexically, as uv's <c>find_archive_references</c> does with
/// <c>canonicalize</c> on a cache that has no symlinked directories.
/// </remarks>
public static class PlainPrune
{
    public static IReadOnlyList<string> ArchivesItWouldDelete(string cacheRoot)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bucket in Directory.EnumerateDirectories(cacheRoot))
        {
            var name = System.IO.Path.GetFileName(bucket);
            if (!name.StartsWith("wheels-v", StringComparison.Ordinal) && !name.StartsWith("sdists-v", StringComparison.Ordinal)) continue;
            CollectLinks(bucket, referenced);
        }
        var archive = System.IO.Path.Combine(cacheRoot, "archive-v0");
        if (!Directory.Exists(archive)) return [];
        return Directory.EnumerateDirectories(archive)
            .Where(dir => !referenced.Contains(dir))
            .Select(dir => System.IO.Path.GetFileName(dir))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Deletes what <see cref="ArchivesItWouldDelete"/> names: the demo's stand-in for an earlier prune.</summary>
    public static void Run(string cacheRoot)
    {
        foreach (var id in ArchivesItWouldDelete(cacheRoot))
            Directory.Delete(System.IO.Path.Combine(cacheRoot, "archive-v0", id), recursive: true);
    }

    private static void CollectLinks(string directory, HashSet<string> referenced)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is { } target)
                referenced.Add(System.IO.Path.GetFullPath(target, directory).TrimEnd('/'));
            else if (entry is DirectoryInfo sub && sub.Name != "src")
                CollectLinks(sub.FullName, referenced);
        }
    }
}
