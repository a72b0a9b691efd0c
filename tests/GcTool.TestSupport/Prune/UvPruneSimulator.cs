using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>
/// <c>uv cache prune</c> as uv 0.12.5 does it (crates/uv-cache/src/lib.rs <c>Cache::prune</c>,
/// crates/uv-distribution/src/source/mod.rs <c>prune</c>; spec §7), never following symlinks:
/// 0. no root → nothing; otherwise LOCK_EX on <c>.lock</c> (try, then wait up to the timeout, or go on unlocked with <c>--force</c>);
/// 1. in each sdist shard with a readable <c>revision.http</c>, remove sibling directories of other revisions;
/// 2. at the root, remove every directory that is not a known bucket, and every non-marker file or link;
/// 3. remove every entry of <c>environments-v2</c>;
/// 4. with <c>--ci</c>, remove unzipped wheels (wheels-v6 subdirectories; built-wheel directories but their .whl and metadata);
/// 5. remove every <c>archive-v0</c> entry that no symlink in sdists-v9 / wheels-v6 resolves to;
/// 6. a uv that knows <c>files-v0</c> (content-addressed preview) then removes the objects nothing else links.
/// It never looks at venvs: that is the seed bug.
/// </summary>
public static class UvPruneSimulator
{
    private static readonly string[] RootMarkers = ["CACHEDIR.TAG", ".gitignore", ".git", ".lock"];
    private static readonly string[] SkippedExtensions = [".lock", ".whl", ".http", ".rev", ".msgpack"];

    public static PruneResult Prune(UvCacheBuilder cache, PruneOptions? options = null) => Prune(cache.Root, options);

    public static PruneResult Prune(string cacheRoot, PruneOptions? options = null)
    {
        options ??= PruneOptions.Default;
        if (!Directory.Exists(cacheRoot)) return PruneResult.NoCache;

        var fd = -1;
        var locked = false;
        var waited = false;
        try
        {
            if (options.TakeLock) (fd, locked, waited) = Lock(Path.Combine(cacheRoot, ".lock"), options);
            var removed = new List<string>();
            PruneStaleRevisions(cacheRoot, removed);
            PruneRoot(cacheRoot, options, removed);
            PruneEnvironments(cacheRoot, removed);
            if (options.Ci) PruneUnzippedWheels(cacheRoot, removed);
            PruneArchives(cacheRoot, options, removed);
            if (options.Buckets.Contains(ContentAddressedStore.FilesBucket)) removed.AddRange(ContentAddressedStore.RemoveUnlinkedObjects(cacheRoot));
            return new PruneResult(removed, locked, waited);
        }
        finally
        {
            if (fd >= 0) Libc.Close(fd);
        }
    }

    private static (int Fd, bool Locked, bool Waited) Lock(string lockPath, PruneOptions options)
    {
        var fd = Libc.OpenForLock(lockPath, UnixModes.FromOctal("666"));
        if (Libc.Flock(fd, Libc.LockEx | Libc.LockNb)) return (fd, true, false);
        if (options.Force) return (fd, false, false);
        options.OnWaiting?.Invoke();
        var deadline = DateTime.UtcNow + options.LockTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            if (Libc.Flock(fd, Libc.LockEx | Libc.LockNb)) return (fd, true, true);
        }
        Libc.Close(fd);
        throw new TimeoutException($"Timeout ({(int)options.LockTimeout.TotalSeconds}s) when waiting for lock on `{lockPath}`");
    }

    // 1.
    private static void PruneStaleRevisions(string root, List<string> removed)
    {
        var sdists = Path.Combine(root, "sdists-v9");
        if (FileTree.KindOf(sdists) != FileKind.Directory) return;
        foreach (var directory in FileTree.Walk(sdists).Where(IsRealDirectory).Prepend(sdists).ToList())
        {
            var pointer = Path.Combine(directory, "revision.http");
            if (!IsRealDirectory(directory) || !File.Exists(pointer)) continue;
            if (HttpPointerFile.TryReadId(File.ReadAllBytes(pointer)) is not { } revision) continue;
            foreach (var sibling in Directory.EnumerateFileSystemEntries(directory).Where(IsRealDirectory).ToList())
                if (Path.GetFileName(sibling) != revision) Remove(sibling, removed);
        }
    }

    // 2.
    private static void PruneRoot(string root, PruneOptions options, List<string> removed)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(root).Order(StringComparer.Ordinal).ToList())
        {
            var name = Path.GetFileName(entry);
            if (RootMarkers.Contains(name)) continue;
            if (IsRealDirectory(entry) && options.Buckets.Contains(name)) continue;
            Remove(entry, removed);
        }
    }

    // 3.
    private static void PruneEnvironments(string root, List<string> removed)
    {
        var environments = Path.Combine(root, "environments-v2");
        if (!IsRealDirectory(environments)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(environments).ToList()) Remove(entry, removed);
    }

    // 4.
    private static void PruneUnzippedWheels(string root, List<string> removed)
    {
        var wheels = Path.Combine(root, "wheels-v6");
        if (IsRealDirectory(wheels))
            foreach (var entry in Directory.EnumerateFileSystemEntries(wheels).Where(Directory.Exists).ToList()) Remove(entry, removed);

        var sdists = Path.Combine(root, "sdists-v9");
        if (!IsRealDirectory(sdists)) return;
        foreach (var directory in FileTree.Walk(sdists).Where(IsRealDirectory).ToList())
        {
            if (!IsRealDirectory(directory) || !File.Exists(Path.Combine(directory, "metadata.msgpack"))) continue;
            foreach (var child in Directory.EnumerateFileSystemEntries(directory).ToList())
            {
                var name = Path.GetFileName(child);
                if (name == "metadata.msgpack" || name.EndsWith(".whl", StringComparison.OrdinalIgnoreCase)) continue;
                Remove(child, removed);
            }
        }
    }

    // 5.
    private static void PruneArchives(string root, PruneOptions options, List<string> removed)
    {
        var archive = Path.Combine(root, "archive-v0");
        if (!IsRealDirectory(archive)) return;
        var references = FindArchiveReferences(root, options);
        foreach (var entry in Directory.EnumerateFileSystemEntries(archive).Order(StringComparer.Ordinal).ToList())
        {
            var canonical = NativeFileStatReader.Instance.TryRealPath(entry)
                ?? throw new IOException($"failed to canonicalize `{entry}`: no such file or directory");
            if (!references.Contains(canonical)) Remove(entry, removed);
        }
    }

    /// <summary>Canonical targets of every symlink in the reference buckets, skipping src/, locks and pointer files.</summary>
    private static HashSet<string> FindArchiveReferences(string root, PruneOptions options)
    {
        var targets = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(options.ReferenceBuckets.Select(b => Path.Combine(root, b)).Where(Directory.Exists));
        while (pending.Count > 0)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(pending.Pop()))
            {
                var name = Path.GetFileName(child);
                if (name is "src" or ".lock" or ".gitignore" || SkippedExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))) continue;
                switch (FileTree.KindOf(child))
                {
                    case FileKind.Directory: pending.Push(child); break;
                    case FileKind.Symlink when NativeFileStatReader.Instance.TryRealPath(child) is { } target: targets.Add(target); break;
                }
            }
        }
        return targets;
    }

    private static bool IsRealDirectory(string path) => FileTree.KindOf(path) == FileKind.Directory;

    private static void Remove(string path, List<string> removed)
    {
        FileTree.DeleteTree(path);
        removed.Add(path);
    }
}
