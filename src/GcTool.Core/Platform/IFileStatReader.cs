namespace GcTool.Core.Platform;

/// <summary>
/// The POSIX facts System.IO.Abstractions does not expose: inode, device, link count, nanosecond
/// times, and canonical paths. Production uses <see cref="NativeFileStatReader"/> (statx, realpath);
/// unit tests pair a MockFileSystem with a fake.
/// </summary>
public interface IFileStatReader
{
    /// <summary>lstat: null when the path does not exist or cannot be read.</summary>
    FileStatus? TryLStat(string path);

    /// <summary>realpath(3): the canonical path with every symlink resolved, or null if any part is missing.</summary>
    string? TryRealPath(string path);
}
