using System.IO.Abstractions;

namespace GcTool.Core.Platform;

/// <summary>A directory child with its lstat facts; <see cref="Status"/> is null when lstat failed (vanished, unreadable or unrepresentable name).</summary>
public readonly record struct DirectoryChild(string Path, string Name, FileStatus? Status);

/// <summary>
/// Lists a directory through <see cref="IFileSystem"/> and lstats each child through
/// <see cref="IFileStatReader"/>, never following symlinks. Failures are returned, not thrown,
/// because a walk over users' trees must carry on past what it cannot read.
/// </summary>
public sealed class DirectoryReader(IFileSystem fileSystem, IFileStatReader stat)
{
    public IFileSystem FileSystem => fileSystem;
    public IFileStatReader Stat => stat;

    /// <summary>Returns the children, or null with <paramref name="error"/> set when the directory cannot be read.</summary>
    public List<DirectoryChild>? TryList(string directory, out string? error)
    {
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

    /// <summary>readlink(2): the raw target text, or null when the path is not a readable symlink.</summary>
    public string? TryReadLink(string path)
    {
        try { return fileSystem.FileInfo.New(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
