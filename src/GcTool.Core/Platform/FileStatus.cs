namespace GcTool.Core.Platform;

/// <summary>What <c>lstat</c> says of a path (never following a final symlink).</summary>
/// <param name="Device">st_dev, as one number (major &lt;&lt; 32 | minor).</param>
/// <param name="Inode">st_ino.</param>
/// <param name="LinkCount">st_nlink: a regular file with more than one is hardlinked somewhere.</param>
/// <param name="ModifiedNs">st_mtime in nanoseconds since the Unix epoch.</param>
/// <param name="ChangedNs">st_ctime in nanoseconds since the Unix epoch (rename updates it on Linux).</param>
public readonly record struct FileStatus(
    FileKind Kind,
    ulong Device,
    ulong Inode,
    uint LinkCount,
    long Size,
    long ModifiedNs,
    long ChangedNs)
{
    public FileId Id => new(Device, Inode);

    /// <summary>st_uid: the owner. 0 where the reader does not say (unit-test fakes).</summary>
    public uint OwnerId { get; init; }

    /// <summary>The root of a mount (statx's STATX_ATTR_MOUNT_ROOT): a mount point, or <c>/</c>. False where the kernel does not say.</summary>
    public bool IsMountRoot { get; init; }
}

/// <summary>The identity of an inode: two paths with the same FileId are hardlinks of one file.</summary>
public readonly record struct FileId(ulong Device, ulong Inode);
