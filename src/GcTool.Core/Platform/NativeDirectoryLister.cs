using System.Buffers;
using System.Runtime.InteropServices;
using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>
/// Lists a directory the way <c>find</c> does: one <c>open(O_DIRECTORY)</c>, <c>getdents64</c> on it, and
/// for each child <c>statx(dirfd, name, AT_SYMLINK_NOFOLLOW)</c> and, for symlinks,
/// <c>readlinkat(dirfd, name)</c> — all relative to the directory's descriptor, so the kernel never
/// re-resolves the full path per child, and no <c>FileInfo</c> is allocated per link.
/// </summary>
/// <remarks>
/// Semantics match the <see cref="System.IO.Abstractions"/> listing it replaces in production: a directory
/// given by path is followed if it is a symlink (as <c>Directory.EnumerateFileSystemEntries</c> does), and
/// dotfiles are included. Names and link targets are bytes, decoded with <see cref="OsPath"/>, so a name
/// that is not valid UTF-8 is listed, stat'ed and addressable again like any other. A directory can also
/// be listed through a descriptor (<see cref="TryOpenChild"/>): a walk that opens each child relative to
/// its parent never resolves a full path, so it reaches trees deeper than PATH_MAX and never follows a
/// directory that was swapped for a symlink after it was stat'ed. A path longer than PATH_MAX is resolved
/// in pieces (<see cref="LongPath"/>).
/// <c>struct linux_dirent64</c> (d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name) has this layout on
/// every 64-bit Linux target.
/// </remarks>
public sealed unsafe partial class NativeDirectoryLister
{
    public static readonly NativeDirectoryLister Instance = new();

    private const int ORdOnly = 0, OCloexec = 0x80000;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int DirentNameOffset = 16 + 2 + 1, DirentRecordLengthOffset = 16, DirentTypeOffset = 16 + 2;
    private const byte DtUnknown = 0, DtDir = 4, DtReg = 8, DtLnk = 10;
    private const int Enoent = 2, Eintr = 4, Eacces = 13, Enotdir = 20;
    private const int ListingBuffer = 32 * 1024, LinkBuffer = 4096;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static partial int OpenAt(int dirfd, byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    private static partial nint ReadLinkAt(int dirfd, byte* path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    private static partial nint ReadLink(string path, byte* buffer, nint size);

    /// <summary>The children of <paramref name="directory"/> with their lstat facts and symlink targets, or null with <paramref name="error"/>.</summary>
    public List<DirectoryChild>? TryList(string directory, out string? error, ListingDetail detail = ListingDetail.Status)
    {
        using var handle = TryOpen(directory, out error);
        return handle is null ? null : TryList(handle, directory, out error, detail);
    }

    /// <summary>Opens <paramref name="directory"/> for listing (a final symlink is followed, as for a root); null with the reason when it cannot be.</summary>
    internal FileDescriptorHandle? TryOpen(string directory, out string? error)
    {
        error = null;
        var flags = ORdOnly | DirectoryHandles.ODirectory | OCloexec;
        var fd = Retry(() => Open(directory, flags));
        if (fd < 0 && Marshal.GetLastPInvokeError() == LongPath.ENameTooLong)
        {
            using var parent = LongPath.OpenParent(directory, out var last, out var errno);
            if (parent is null)
            {
                error = Describe(errno, directory);
                return null;
            }
            fd = OpenAt((int)parent.DangerousGetHandle(), last, flags);
        }
        if (fd < 0)
        {
            error = Describe(Marshal.GetLastPInvokeError(), directory);
            return null;
        }
        return new FileDescriptorHandle(fd);
    }

    /// <summary>Opens the child directory <paramref name="name"/> of an open directory, never through a symlink.</summary>
    internal FileDescriptorHandle? TryOpenChild(FileDescriptorHandle parent, string name, string path, out string? error)
    {
        error = null;
        var fd = OpenAt((int)parent.DangerousGetHandle(), OsPath.EncodeZ(name), ORdOnly | DirectoryHandles.ODirectory | DirectoryHandles.ONoFollow | OCloexec);
        if (fd >= 0) return new FileDescriptorHandle(fd);
        error = Describe(Marshal.GetLastPInvokeError(), path);
        return null;
    }

    /// <summary>
    /// Opens <paramref name="directory"/> only to lstat names below it (<see cref="TryLStatAt"/>): <c>O_PATH</c>, so
    /// search permission is enough, as for an lstat by path, and never through a final symlink. Null when it cannot be opened.
    /// </summary>
    internal FileDescriptorHandle? TryOpenForStat(string directory)
    {
        var flags = DirectoryHandles.OPath | DirectoryHandles.ODirectory | DirectoryHandles.ONoFollow | OCloexec;
        var fd = Retry(() => Open(directory, flags));
        if (fd < 0 && Marshal.GetLastPInvokeError() == LongPath.ENameTooLong)
        {
            using var parent = LongPath.OpenParent(directory, out var last, out _);
            if (parent is not null) fd = OpenAt((int)parent.DangerousGetHandle(), last, flags);
        }
        return fd < 0 ? null : new FileDescriptorHandle(fd);
    }

    /// <summary>
    /// lstat of <paramref name="relative"/> below an open directory: one name or several joined by <c>/</c> (a
    /// trailing <c>/</c> follows a final symlink, as by path), or empty for the directory itself. Null when it cannot be stat'ed.
    /// </summary>
    internal FileStatus? TryLStatAt(FileDescriptorHandle directory, ReadOnlySpan<char> relative)
    {
        byte* statx = stackalloc byte[NativeFileStatReader.StatxSize];
        var count = OsPath.GetByteCount(relative);
        var name = count < 1024 ? stackalloc byte[count + 1] : new byte[count + 1];
        OsPath.Encode(relative, name);
        name[count] = 0;
        var flags = AtSymlinkNoFollow | (count == 0 ? DirectoryHandles.AtEmptyPath : 0);
        fixed (byte* n = name)
            return Statx((int)directory.DangerousGetHandle(), n, flags, StatxBasicStats, statx) == 0 ? NativeFileStatReader.Decode(statx) : null;
    }

    /// <summary>The children of the open directory <paramref name="handle"/>, named below <paramref name="directory"/> (its path, for the caller's records).</summary>
    /// <param name="detail">How much to learn of each child beyond its name (see <see cref="ListingDetail"/>).</param>
    internal List<DirectoryChild>? TryList(FileDescriptorHandle handle, string directory, out string? error, ListingDetail detail = ListingDetail.Status)
    {
        error = null;
        var fd = (int)handle.DangerousGetHandle();
        var prefix = directory.EndsWith('/') ? directory : directory + "/";
        var children = new List<DirectoryChild>();
        var pooled = ArrayPool<byte>.Shared.Rent(ListingBuffer);
        byte* statx = stackalloc byte[NativeFileStatReader.StatxSize];
        byte* link = stackalloc byte[LinkBuffer];
        try
        {
            fixed (byte* buffer = pooled)
            {
                while (true)
                {
                    var n = GetDents64(fd, buffer, (nuint)pooled.Length);
                    if (n == 0) return children;
                    if (n < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == Eintr) continue;
                        error = Describe(errno, directory);
                        return null;
                    }
                    for (nint at = 0; at < n; at += *(ushort*)(buffer + at + DirentRecordLengthOffset))
                    {
                        var nameBytes = buffer + at + DirentNameOffset;
                        var span = new ReadOnlySpan<byte>(nameBytes, int.MaxValue);
                        span = span[..span.IndexOf((byte)0)];
                        if (span.SequenceEqual("."u8) || span.SequenceEqual(".."u8)) continue;

                        var name = OsPath.Decode(span);
                        var listed = KindOf(buffer[at + DirentTypeOffset]);
                        FileStatus? status = null;
                        string? target = null;
                        if (NeedsStatus(detail, listed))
                        {
                            if (Statx(fd, nameBytes, AtSymlinkNoFollow, StatxBasicStats, statx) == 0)
                            {
                                status = NativeFileStatReader.Decode(statx);
                                listed = status.Value.Kind;
                            }
                            // Removed since getdents: the same as listing a moment later. Any other failure is reported (no kind, no status).
                            else if (Marshal.GetLastPInvokeError() == Enoent) continue;
                            else listed = null;
                        }
                        if (listed == FileKind.Symlink && detail != ListingDetail.Kind)
                        {
                            var length = ReadLinkAt(fd, nameBytes, link, LinkBuffer);
                            if (length >= 0 && length < LinkBuffer) target = OsPath.Decode(new ReadOnlySpan<byte>(link, (int)length));
                            // Removed since getdents (only possible when its kind came from d_type, unstat'ed): gone, as above.
                            else if (length < 0 && status is null && Marshal.GetLastPInvokeError() == Enoent) continue;
                        }
                        children.Add(new DirectoryChild(prefix + name, name, status) { LinkTarget = target, ListedKind = listed });
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    /// <summary>Whether a child needs a statx: always for <see cref="ListingDetail.Status"/>; otherwise only what d_type leaves open (and regular files, whose inode and link count <see cref="ListingDetail.FileStatus"/> wants).</summary>
    private static bool NeedsStatus(ListingDetail detail, FileKind? listed) => detail switch
    {
        ListingDetail.Status => true,
        ListingDetail.FileStatus => listed is null or FileKind.File,
        _ => listed is null,
    };

    /// <summary>The kind getdents64's d_type tells; null for DT_UNKNOWN (file systems that do not fill it), which is then lstat'ed.</summary>
    private static FileKind? KindOf(byte type) => type switch
    {
        DtUnknown => null,
        DtDir => FileKind.Directory,
        DtReg => FileKind.File,
        DtLnk => FileKind.Symlink,
        _ => FileKind.Other,
    };

    /// <summary>Whether <paramref name="directory"/> can be opened for listing (one open and close, no getdents); the reason when not.</summary>
    public bool CanOpen(string directory, out string? error)
    {
        using var handle = TryOpen(directory, out error);
        return handle is not null;
    }

    /// <summary>readlink(2) on a path: the raw target, or null when it is not a readable symlink.</summary>
    public string? TryReadLink(string path)
    {
        byte* buffer = stackalloc byte[LinkBuffer];
        var n = ReadLink(path, buffer, LinkBuffer);
        if (n < 0 && Marshal.GetLastPInvokeError() == LongPath.ENameTooLong)
        {
            using var parent = LongPath.OpenParent(path, out var last, out _);
            if (parent is null) return null;
            fixed (byte* name = last) n = ReadLinkAt((int)parent.DangerousGetHandle(), name, buffer, LinkBuffer);
        }
        return n >= 0 && n < LinkBuffer ? OsPath.Decode(new ReadOnlySpan<byte>(buffer, (int)n)) : null;
    }

    private static int OpenAt(int dirfd, byte[] name, int flags)
    {
        fixed (byte* p = name)
        {
            var at = p;
            return Retry(() => OpenAt(dirfd, at, flags));
        }
    }

    private static int Retry(Func<int> call)
    {
        while (true)
        {
            var r = call();
            if (r >= 0 || Marshal.GetLastPInvokeError() != Eintr) return r;
        }
    }

    private static string Describe(int errno, string directory) => errno switch
    {
        Eacces => "permission denied",
        Enoent => $"Could not find a part of the path '{directory}'.",
        Enotdir => $"not a directory: '{directory}'",
        _ => $"{Marshal.GetPInvokeErrorMessage(errno)} ('{directory}')",
    };
}
