using System.IO.Abstractions;

namespace GcTool.Core.Platform;

/// <summary>
/// A directory child with its lstat facts; <see cref="Status"/> is null when lstat failed for another reason than
/// the child having vanished (which drops it from the listing), or when the listing did not lstat it (<see cref="ListingDetail"/>).
/// </summary>
public readonly record struct DirectoryChild(string Path, string Name, FileStatus? Status)
{
    /// <summary>The symlink's target when the listing already read it (the native lister does); null otherwise.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>The kind the listing saw without lstat (getdents64's d_type), when it did not lstat the child.</summary>
    public FileKind? ListedKind { get; init; }

    /// <summary>What the child is: from its lstat, else from the listing; null when neither could tell (lstat failed).</summary>
    public FileKind? Kind => Status?.Kind ?? ListedKind;
}

/// <summary>
/// Lists a directory and lstats each child, never following symlinks. Failures are returned, not
/// thrown, because a walk over users' trees must carry on past what it cannot read.
/// </summary>
/// <remarks>
/// Two implementations behind one type: on the real file system with the native stat reader (production),
/// <see cref="NativeDirectoryLister"/> walks with directory descriptors (readdir, statx and readlinkat
/// relative to the directory: the file-system floor); anywhere else (MockFileSystem, fake stat readers in
/// tests) it lists through <see cref="IFileSystem"/> and lstats each child through <see cref="IFileStatReader"/>.
/// </remarks>
public sealed class DirectoryReader(IFileSystem fileSystem, IFileStatReader stat)
{
    private readonly NativeDirectoryLister? _native =
        fileSystem is FileSystem && stat is NativeFileStatReader ? NativeDirectoryLister.Instance : null;

    /// <summary>True when listing through the native lister: the real file system, safe to walk from several threads.</summary>
    public bool IsNative => _native is not null;

    public IFileSystem FileSystem => fileSystem;
    public IFileStatReader Stat => stat;

    /// <summary>
    /// True when <paramref name="error"/> (from a failed list or open) says the directory no longer exists
    /// (ENOENT, in the native lister's words and .NET's alike): someone removed it while we walked, as
    /// <c>rm -rf .venv &amp;&amp; uv sync</c> does. Nothing can hide below what is not there.
    /// </summary>
    public static bool IsVanished(string? error) =>
        error is not null && error.StartsWith("Could not find a part of the path", StringComparison.Ordinal);

    /// <summary>Returns the children, or null with <paramref name="error"/> set when the directory cannot be read.</summary>
    public List<DirectoryChild>? TryList(string directory, out string? error) => TryList(directory, ListingDetail.Status, out error);

    /// <summary>Returns the children, learning of each only <paramref name="detail"/> (the <see cref="IFileSystem"/> listing always lstats), or null with <paramref name="error"/>.</summary>
    public List<DirectoryChild>? TryList(string directory, ListingDetail detail, out string? error)
    {
        if (_native is not null) return _native.TryList(directory, out error, detail);
        error = null;
        try
        {
            var children = new List<DirectoryChild>();
            foreach (var path in fileSystem.Directory.EnumerateFileSystemEntries(directory))
            {
                var name = System.IO.Path.GetFileName(path);
                children.Add(new DirectoryChild(path, name, stat.TryLStat(path)));
            }
            return children;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            error = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            return null;
        }
    }

    /// <summary>Opens a directory for a walk by handle (a final symlink is followed, as for the environment itself); null with the reason when it cannot be.</summary>
    public OpenDirectory? TryOpen(string directory, out string? error)
    {
        error = null;
        if (_native is null) return new OpenDirectory(directory, null);
        var handle = _native.TryOpen(directory, out error);
        return handle is null ? null : new OpenDirectory(directory, handle);
    }

    /// <summary>Opens a listed child directory relative to its open parent, never through a symlink (it may have been swapped for one since it was listed).</summary>
    public OpenDirectory? TryOpenChild(OpenDirectory parent, DirectoryChild child, out string? error)
    {
        error = null;
        if (parent.Handle is null) return new OpenDirectory(child.Path, null);
        var handle = _native!.TryOpenChild(parent.Handle, child.Name, child.Path, out error);
        return handle is null ? null : new OpenDirectory(child.Path, handle);
    }

    /// <summary>
    /// Opens a directory to lstat names below it (<see cref="TryLStat(OpenDirectory, ReadOnlySpan{char})"/>) without
    /// resolving its path again for each, never through a final symlink; null when it cannot be opened.
    /// </summary>
    public OpenDirectory? TryOpenForStat(string directory)
    {
        if (_native is null) return new OpenDirectory(directory, null);
        var handle = _native.TryOpenForStat(directory);
        return handle is null ? null : new OpenDirectory(directory, handle);
    }

    /// <summary>lstat of <paramref name="relative"/> ('/'-separated names; empty for the directory itself) below an open directory; null when it cannot be.</summary>
    public FileStatus? TryLStat(OpenDirectory directory, ReadOnlySpan<char> relative) =>
        directory.Handle is not null ? _native!.TryLStatAt(directory.Handle, relative)
        : stat.TryLStat(relative.Length == 0 ? directory.Path : string.Concat(directory.Path, "/", relative));

    /// <summary>The children of an open directory, or null with <paramref name="error"/>.</summary>
    /// <param name="detail">What to learn of each child; the <see cref="IFileSystem"/> listing always lstats.</param>
    public List<DirectoryChild>? TryList(OpenDirectory directory, out string? error, ListingDetail detail = ListingDetail.Status) =>
        directory.Handle is null ? TryList(directory.Path, out error) : _native!.TryList(directory.Handle, directory.Path, out error, detail);

    /// <summary>
    /// Whether the directory can be listed, without listing it: the native reader opens and closes it
    /// (a root of thousands of projects is not read, and every child lstat'ed, just to learn it is readable).
    /// </summary>
    public bool CanList(string directory, out string? error)
    {
        if (_native is not null) return _native.CanOpen(directory, out error);
        return TryList(directory, out error) is not null;
    }

    /// <summary>readlink(2) of a listed child: the target the listing read, else read now.</summary>
    public string? TryReadLink(DirectoryChild child) => child.LinkTarget ?? TryReadLink(child.Path);

    /// <summary>readlink(2): the raw target text, or null when the path is not a readable symlink.</summary>
    public string? TryReadLink(string path)
    {
        if (_native is not null) return _native.TryReadLink(path);
        try { return fileSystem.FileInfo.New(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
