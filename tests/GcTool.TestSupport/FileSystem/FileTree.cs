using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>Walks and deletes real trees without ever following a symlink.</summary>
public static class FileTree
{
    private static readonly UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>lstat kind of a path, or null if it does not exist.</summary>
    public static FileKind? KindOf(string path) => NativeFileStatReader.Instance.TryLStat(path)?.Kind;

    /// <summary>lstat of a path; throws if it does not exist.</summary>
    public static FileStatus LStat(string path) =>
        NativeFileStatReader.Instance.TryLStat(path) ?? throw new FileNotFoundException($"lstat: no such path {path}", path);

    public static bool IsSymlink(string path) => KindOf(path) == FileKind.Symlink;

    /// <summary>True if anything (including a dangling symlink) exists at the path.</summary>
    public static bool Exists(string path) => KindOf(path) is not null;

    /// <summary>
    /// Sets the mtime of <paramref name="root"/> and of every directory and regular file under it to
    /// <paramref name="when"/>; symlinks are neither changed nor followed (setting a link's time would
    /// move its target's). Tests use it to put a tree far outside the scanner's racy-timestamp window
    /// instead of waiting for the window to pass.
    /// </summary>
    public static void Backdate(string root, DateTime when)
    {
        var links = new List<string>();
        foreach (var path in Walk(root).Reverse().Append(root))
        {
            switch (KindOf(path))
            {
                case FileKind.Directory: Directory.SetLastWriteTimeUtc(path, when); break;
                case FileKind.File: File.SetLastWriteTimeUtc(path, when); break;
                case FileKind.Symlink: links.Add(path); break;
            }
        }
        // A symlink's own time too (.NET's setters follow links): the scanner stamps a link such as
        // lib64 -> lib by lstat, and a fresh one would make every fingerprint look racy.
        var stamp = "@" + new DateTimeOffset(DateTime.SpecifyKind(when, DateTimeKind.Utc)).ToUnixTimeSeconds();
        foreach (var batch in links.Chunk(500))
            ProcessRunner.RunChecked("touch", ["-h", "-d", stamp, "--", .. batch]);
    }

    /// <summary>
    /// Every path under <paramref name="root"/> (not the root itself), depth first, parents before
    /// children. Symlinks are listed, never entered, so <c>lib64 -&gt; lib</c> is seen once.
    /// </summary>
    public static IEnumerable<string> Walk(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var child in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).Reverse())
            {
                yield return child;
                if (KindOf(child) == FileKind.Directory) pending.Push(child);
            }
        }
    }

    /// <summary>
    /// <c>rm -rf</c> that unlinks symlinks instead of following them and first makes read-only
    /// directories writable, so tests that chmod'ed part of a tree still clean up. Missing is fine.
    /// </summary>
    public static void DeleteTree(string path)
    {
        switch (KindOf(path))
        {
            case null:
                return;
            case FileKind.Directory:
                UnixModes.Set(path, UnixModes.Get(path) | OwnerAll);
                foreach (var child in Directory.EnumerateFileSystemEntries(path).ToList()) DeleteTree(child);
                Directory.Delete(path, recursive: false);
                return;
            default:
                File.Delete(path); // unlink(2): removes a symlink itself
                return;
        }
    }

    /// <summary>Every symlink under <paramref name="root"/> whose target does not exist.</summary>
    public static IReadOnlyList<string> DanglingLinks(string root) => Walk(root).Where(IsDangling).ToList();

    /// <summary>
    /// A symlink whose target does not resolve. It must still be there, with the same target, after
    /// the target failed to resolve: a link removed or replaced while we look (a venv being deleted,
    /// a package being reinstalled by another process) is not a dangling link.
    /// </summary>
    public static bool IsDangling(string link)
    {
        if (ReadLink(link) is not { } before) return false;
        if (NativeFileStatReader.Instance.TryRealPath(link) is not null) return false;
        return ReadLink(link) == before;
    }

    private static string? ReadLink(string path) => IsSymlink(path) ? NativeDirectoryLister.Instance.TryReadLink(path) : null;
}
