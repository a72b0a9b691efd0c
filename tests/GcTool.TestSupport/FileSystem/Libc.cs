using System.Runtime.InteropServices;

namespace GcTool.TestSupport;

/// <summary>
/// The few POSIX calls the simulator needs and .NET does not offer as such: <c>link(2)</c> for
/// hardlink mode, a bare <c>rename(2)</c> for uv's atomic repointing, <c>flock(2)</c> on a raw
/// descriptor, and the FICLONE ioctl for clone mode.
/// </summary>
/// <remarks>
/// We open lock files with <c>open(2)</c> rather than <see cref="FileStream"/> because .NET takes
/// its own advisory flock when it opens a file on Unix, which would blur what the test holds.
/// </remarks>
internal static partial class Libc
{
    public const int LockSh = 1, LockEx = 2, LockNb = 4, LockUn = 8;
    private const int ORdwr = 0x2, OCreat = 0x40, OCloexec = 0x80000;
    private const ulong Ficlone = 0x40049409;
    private const int EWouldBlock = 11, EIntr = 4;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlNative(int fd, ulong request, int argument);

    /// <summary>link(2): a second name for the same inode.</summary>
    public static void Link(string existing, string newPath) =>
        Check(LinkNative(existing, newPath), $"link {existing} -> {newPath}");

    /// <summary>rename(2): atomic, replaces a non-directory destination, never follows a symlink source.</summary>
    public static void Rename(string from, string to) =>
        Check(RenameNative(from, to), $"rename {from} -> {to}");

    /// <summary>
    /// Opens a file for locking, creating it if missing; the caller closes it. A new file gets
    /// <paramref name="createMode"/> regardless of the umask, as uv's <c>LockedFile</c> sets 0666.
    /// </summary>
    public static int OpenForLock(string path, UnixFileMode? createMode = null)
    {
        var existed = File.Exists(path);
        var fd = OpenNative(path, ORdwr | OCreat | OCloexec, Convert.ToUInt32("644", 8));
        Check(fd, $"open {path}");
        if (!existed && createMode is not null) UnixModes.Set(path, createMode.Value);
        return fd;
    }

    public static void Close(int fd) => CloseNative(fd);

    /// <summary>flock(2). Returns false only for LOCK_NB on a busy lock.</summary>
    public static bool Flock(int fd, int operation)
    {
        while (true)
        {
            if (FlockNative(fd, operation) == 0) return true;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr) continue;
            if (errno == EWouldBlock && (operation & LockNb) != 0) return false;
            throw new IOException($"flock failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>ioctl(FICLONE): a reflink; false when the file system cannot (ext4, tmpfs).</summary>
    public static bool TryClone(string source, string destination)
    {
        using var src = File.OpenHandle(source, FileMode.Open, FileAccess.Read);
        using var dst = File.OpenHandle(destination, FileMode.CreateNew, FileAccess.Write);
        if (IoctlNative((int)dst.DangerousGetHandle(), Ficlone, (int)src.DangerousGetHandle()) == 0) return true;
        dst.Close();
        File.Delete(destination);
        return false;
    }

    private static void Check(int result, string what)
    {
        if (result >= 0) return;
        var errno = Marshal.GetLastPInvokeError();
        throw new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }
}
