using System.Runtime.InteropServices;
using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>
/// Resolves a path longer than <c>PATH_MAX</c> (4096 bytes), which every path-taking syscall refuses with
/// <c>ENAMETOOLONG</c>, in pieces: each piece shorter than PATH_MAX is opened (<c>O_PATH</c>) relative to
/// the directory the previous piece opened, and the last name is then used with an *at(2) call.
/// </summary>
/// <remarks>
/// Only a fallback, taken after a call failed with ENAMETOOLONG, so ordinary paths cost nothing extra.
/// Symlinks inside the directory part are followed as a single lookup of the whole path would (a
/// relative target resolves against the directory holding the link, which is the descriptor's), so the
/// result is what the kernel would give without the length limit. A user can nest a venv deeper than
/// PATH_MAX (mkdir and chdir one level at a time); without this it was invisible and its entries deleted.
/// </remarks>
internal static unsafe partial class LongPath
{
    public const int ENameTooLong = 36;
    private const int AtFdCwd = -100;
    private const int OPath = 0x200000, OCloExec = 0x80000;

    /// <summary>Each piece stays well below PATH_MAX (a name is at most 255 bytes, so a cut always exists).</summary>
    private const int PieceMax = 3800;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static partial int OpenAt(int dirfd, byte* path, int flags, uint mode);

    /// <summary>Opens (O_PATH) the directory holding the last component of <paramref name="path"/>; that component's name (NUL-terminated) in <paramref name="lastName"/>.</summary>
    public static FileDescriptorHandle? OpenParent(string path, out byte[] lastName, out int errno)
    {
        var bytes = OsPath.Encode(Paths.TrimTrailingSeparator(path));
        var slash = Array.LastIndexOf(bytes, (byte)'/');
        lastName = [.. bytes.AsSpan(slash + 1), 0];
        ReadOnlySpan<byte> directory = slash <= 0 ? "/"u8 : bytes.AsSpan(0, slash);
        var fd = AtFdCwd;
        try
        {
            while (true)
            {
                var cut = directory.Length;
                if (directory.Length > PieceMax)
                {
                    cut = directory[..PieceMax].LastIndexOf((byte)'/');
                    if (cut <= 0) cut = PieceMax; // cannot happen on Linux (NAME_MAX is 255); the open then fails
                }
                var piece = directory[..cut];
                var next = Open(fd, piece);
                errno = next < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (fd != AtFdCwd) Libc.Close(fd);
                fd = next;
                if (fd < 0) return null;
                if (cut >= directory.Length)
                {
                    var handle = new FileDescriptorHandle(fd);
                    fd = AtFdCwd;
                    return handle;
                }
                directory = directory[(cut + 1)..];
                while (!directory.IsEmpty && directory[0] == (byte)'/') directory = directory[1..];
                if (directory.IsEmpty) directory = "."u8;
            }
        }
        finally
        {
            if (fd >= 0) Libc.Close(fd);
        }
    }

    private static int Open(int fd, ReadOnlySpan<byte> piece)
    {
        Span<byte> z = stackalloc byte[piece.Length + 1];
        piece.CopyTo(z);
        z[^1] = 0;
        fixed (byte* p = z)
        {
            while (true)
            {
                var r = OpenAt(fd, p, OPath | DirectoryHandles.ODirectory | OCloExec, 0);
                if (r >= 0 || Marshal.GetLastPInvokeError() != Libc.EIntr) return r;
            }
        }
    }
}
