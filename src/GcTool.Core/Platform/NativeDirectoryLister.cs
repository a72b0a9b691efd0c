using System.Runtime.InteropServices;
using System.Text;

namespace GcTool.Core.Platform;

/// <summary>
/// Lists a directory the way <c>find</c> does: one <c>open(O_DIRECTORY)</c>, <c>readdir</c> on it, and
/// for each child <c>statx(dirfd, name, AT_SYMLINK_NOFOLLOW)</c> and, for symlinks,
/// <c>readlinkat(dirfd, name)</c> — all relative to the directory's descriptor, so the kernel never
/// re-resolves the full path per child, and no <c>FileInfo</c> is allocated per link.
/// </summary>
/// <remarks>
/// Semantics match the <see cref="System.IO.Abstractions"/> listing it replaces in production: the
/// directory path itself is followed if it is a symlink (as <c>Directory.EnumerateFileSystemEntries</c>
/// does), dotfiles are included, and a child whose name is not valid UTF-8 is returned with a null
/// status (its path string could not address it again).
/// <c>struct dirent</c> (d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name) has this layout on every
/// 64-bit Linux glibc and musl target.
/// </remarks>
public sealed unsafe partial class NativeDirectoryLister
{
    public static readonly NativeDirectoryLister Instance = new();

    private const int ORdOnly = 0, ODirectory = 0x10000, OCloexec = 0x80000;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int DirentNameOffset = 19;
    private const int Enoent = 2, Eacces = 13, Enotdir = 20;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial IntPtr FdOpenDir(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr ReadDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    private static partial nint ReadLinkAt(int dirfd, byte* path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLink(string path, byte* buffer, nint size);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The children of <paramref name="directory"/> with their lstat facts and symlink targets, or null with <paramref name="error"/>.</summary>
    public List<DirectoryChild>? TryList(string directory, out string? error)
    {
        error = null;
        var fd = Open(directory, ORdOnly | ODirectory | OCloexec);
        if (fd < 0)
        {
            error = Describe(Marshal.GetLastPInvokeError(), directory);
            return null;
        }
        var dir = FdOpenDir(fd);
        if (dir == IntPtr.Zero)
        {
            error = Describe(Marshal.GetLastPInvokeError(), directory);
            Close(fd);
            return null;
        }
        try
        {
            var prefix = directory.EndsWith('/') ? directory : directory + "/";
            var children = new List<DirectoryChild>();
            byte* statx = stackalloc byte[NativeFileStatReader.StatxSize];
            byte* link = stackalloc byte[4096];
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = (byte*)ReadDir(dir);
                if (entry == null)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != 0)
                    {
                        error = Describe(errno, directory);
                        return null;
                    }
                    return children;
                }
                var nameBytes = entry + DirentNameOffset;
                var length = new ReadOnlySpan<byte>(nameBytes, int.MaxValue).IndexOf((byte)0);
                var span = new ReadOnlySpan<byte>(nameBytes, length);
                if (span.SequenceEqual("."u8) || span.SequenceEqual(".."u8)) continue;

                string name;
                try { name = StrictUtf8.GetString(span); }
                catch (DecoderFallbackException)
                {
                    var lossy = Encoding.UTF8.GetString(span);
                    children.Add(new DirectoryChild(prefix + lossy, lossy, null));
                    continue;
                }
                FileStatus? status = null;
                string? target = null;
                if (Statx(fd, nameBytes, AtSymlinkNoFollow, StatxBasicStats, statx) == 0)
                {
                    status = NativeFileStatReader.Decode(statx);
                    if (status.Value.Kind == FileKind.Symlink)
                    {
                        var n = ReadLinkAt(fd, nameBytes, link, 4096);
                        if (n >= 0 && n < 4096) target = Encoding.UTF8.GetString(link, (int)n);
                    }
                }
                children.Add(new DirectoryChild(prefix + name, name, status) { LinkTarget = target });
            }
        }
        finally
        {
            CloseDir(dir);
        }
    }

    /// <summary>Whether <paramref name="directory"/> can be opened for listing (one open and close, no readdir); the reason when not.</summary>
    public bool CanOpen(string directory, out string? error)
    {
        error = null;
        var fd = Open(directory, ORdOnly | ODirectory | OCloexec);
        if (fd < 0)
        {
            error = Describe(Marshal.GetLastPInvokeError(), directory);
            return false;
        }
        Close(fd);
        return true;
    }

    /// <summary>readlink(2) on a path: the raw target, or null when it is not a readable symlink.</summary>
    public string? TryReadLink(string path)
    {
        const int size = 4096;
        byte* buffer = stackalloc byte[size];
        var n = ReadLink(path, buffer, size);
        return n >= 0 && n < size ? Encoding.UTF8.GetString(buffer, (int)n) : null;
    }

    private static string Describe(int errno, string directory) => errno switch
    {
        Eacces => "permission denied",
        Enoent => $"Could not find a part of the path '{directory}'.",
        Enotdir => $"not a directory: '{directory}'",
        _ => $"{Marshal.GetPInvokeErrorMessage(errno)} ('{directory}')",
    };
}
