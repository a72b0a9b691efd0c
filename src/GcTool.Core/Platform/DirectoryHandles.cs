using System.Runtime.InteropServices;
using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>What statx says of an open descriptor or of a name in a directory: the identity and
/// the ownership facts the trash checks need, plus the mount it lives on.</summary>
internal readonly record struct HandleStatus(FileStatus Status, uint Uid, uint Mode, ulong MountId, bool HasMountId)
{
    /// <summary>Both on the same mount: a bind mount of the same file system has the same st_dev but another mount id.</summary>
    public bool SameMount(HandleStatus other) =>
        Status.Device == other.Status.Device && (!HasMountId || !other.HasMountId || MountId == other.MountId);
}

/// <summary>
/// The *at(2) calls the sweep and the trash deletion make, always relative to a directory
/// descriptor gctool opened itself, so that no path is resolved again after it was checked: a user
/// who renames a directory on the way can no longer send root elsewhere (CVE-2022-21658 class).
/// Names are raw bytes, so a name that is not valid UTF-8 is still addressable.
/// </summary>
internal static unsafe partial class DirectoryHandles
{
    // O_DIRECTORY and O_NOFOLLOW differ between the generic (arm64) and x86 fcntl.h.
    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    public static readonly int ODirectory = Arm ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = Arm ? 0x8000 : 0x20000;
    public const int ORdOnly = 0, OCloExec = 0x80000, OPath = 0x200000;
    public const int AtSymlinkNoFollow = 0x100, AtRemoveDir = 0x200, AtEmptyPath = 0x1000;
    public const int ENotEmpty = 39, ELoop = 40, ENotDir = 20, EXDev = 18;
    private const uint StatxBasicStats = 0x7ff, StatxMntId = 0x1000;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static partial int OpenAt(FileDescriptorHandle dirfd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    private static partial int UnlinkAt(FileDescriptorHandle dirfd, byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true)]
    private static partial int RenameAt(FileDescriptorHandle olddirfd, byte* oldpath, FileDescriptorHandle newdirfd, byte* newpath);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true)]
    private static partial int SymlinkAt(byte* target, FileDescriptorHandle newdirfd, byte* linkpath);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    private static partial int MkdirAt(FileDescriptorHandle dirfd, byte* path, uint mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(FileDescriptorHandle dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int FChmod(FileDescriptorHandle fd, uint mode);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chmod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial IntPtr FdOpenDir(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr ReadDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    private const int DirentNameOffset = 19;

    public static byte[] Name(string name) => System.Text.Encoding.UTF8.GetBytes(name + "\0");

    /// <summary>Opens a path the operator gave (the cache root): the only path ever resolved by the kernel with symlinks followed.</summary>
    public static FileDescriptorHandle? OpenTrustedDirectory(string path, out int errno) =>
        Wrap(Retry(() => Open(path, ORdOnly | ODirectory | OCloExec, 0)), out errno);

    /// <summary>Opens the directory <paramref name="name"/> in <paramref name="parent"/> without following a symlink.</summary>
    public static FileDescriptorHandle? OpenChildDirectory(FileDescriptorHandle parent, byte[] name, out int errno, bool pathOnly = false)
    {
        fixed (byte* n = name)
        {
            var flags = (pathOnly ? OPath : ORdOnly) | ODirectory | ONoFollow | OCloExec;
            var p = n;
            return Wrap(Retry(() => OpenAt(parent, p, flags, 0)), out errno);
        }
    }

    /// <summary>Reopens an O_PATH directory handle for reading.</summary>
    public static FileDescriptorHandle? Reopen(FileDescriptorHandle directory, out int errno) =>
        OpenChildDirectory(directory, Name("."), out errno);

    public static HandleStatus? StatChild(FileDescriptorHandle parent, byte[] name)
    {
        fixed (byte* n = name) return StatAt(parent, n, AtSymlinkNoFollow);
    }

    public static HandleStatus? StatSelf(FileDescriptorHandle fd)
    {
        byte empty = 0;
        return StatAt(fd, &empty, AtEmptyPath | AtSymlinkNoFollow);
    }

    private static HandleStatus? StatAt(FileDescriptorHandle fd, byte* name, int flags)
    {
        byte* buffer = stackalloc byte[NativeFileStatReader.StatxSize];
        if (Statx(fd, name, flags, StatxBasicStats | StatxMntId, buffer) != 0) return null;
        var mask = *(uint*)buffer;
        return new HandleStatus(NativeFileStatReader.Decode(buffer), *(uint*)(buffer + 20), *(ushort*)(buffer + 28),
            *(ulong*)(buffer + 144), (mask & StatxMntId) != 0);
    }

    public static int Unlink(FileDescriptorHandle parent, byte[] name, bool directory)
    {
        fixed (byte* n = name)
        {
            var p = n;
            return Retry(() => UnlinkAt(parent, p, directory ? AtRemoveDir : 0)) == 0 ? 0 : Libc.LastErrno;
        }
    }

    public static int Rename(FileDescriptorHandle fromDir, byte[] from, FileDescriptorHandle toDir, byte[] to)
    {
        fixed (byte* f = from)
        fixed (byte* t = to)
        {
            var (pf, pt) = ((nint)f, (nint)t);
            return Retry(() => RenameAt(fromDir, (byte*)pf, toDir, (byte*)pt)) == 0 ? 0 : Libc.LastErrno;
        }
    }

    /// <summary>Creates the symlink <paramref name="name"/> in <paramref name="directory"/> with the text <paramref name="target"/> (never resolved here).</summary>
    public static int Symlink(byte[] target, FileDescriptorHandle directory, byte[] name)
    {
        fixed (byte* t = target)
        fixed (byte* n = name)
        {
            var (pt, pn) = ((nint)t, (nint)n);
            return Retry(() => SymlinkAt((byte*)pt, directory, (byte*)pn)) == 0 ? 0 : Libc.LastErrno;
        }
    }

    public static int MakeDirectory(FileDescriptorHandle parent, byte[] name, uint mode)
    {
        fixed (byte* n = name)
        {
            var p = n;
            return Retry(() => MkdirAt(parent, p, mode)) == 0 ? 0 : Libc.LastErrno;
        }
    }

    public static bool ChangeMode(FileDescriptorHandle fd, uint mode, bool pathOnly)
    {
        // fchmod refuses O_PATH descriptors; /proc/self/fd/N names exactly the inode already opened (glibc's own fallback).
        if (!pathOnly) return FChmod(fd, mode) == 0;
        return Chmod($"/proc/self/fd/{fd.DangerousGetHandle()}", mode) == 0;
    }

    /// <summary>The raw names in an open directory (never "." or ".."), or null with <paramref name="errno"/>.</summary>
    public static List<byte[]>? List(FileDescriptorHandle directory, out int errno)
    {
        // fdopendir takes the descriptor it is given, so list through a fresh one on the same directory.
        using var own = Reopen(directory, out errno);
        if (own is null) return null;
        var fd = (int)own.DangerousGetHandle();
        var dir = FdOpenDir(fd);
        if (dir == IntPtr.Zero)
        {
            errno = Libc.LastErrno;
            return null;
        }
        own.SetHandleAsInvalid(); // closedir closes it
        try
        {
            var names = new List<byte[]>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = (byte*)ReadDir(dir);
                if (entry == null)
                {
                    errno = Marshal.GetLastPInvokeError();
                    return errno == 0 ? names : null;
                }
                var raw = entry + DirentNameOffset;
                var span = new ReadOnlySpan<byte>(raw, int.MaxValue);
                span = span[..span.IndexOf((byte)0)];
                if (span.SequenceEqual("."u8) || span.SequenceEqual(".."u8)) continue;
                var name = new byte[span.Length + 1];
                span.CopyTo(name);
                names.Add(name);
            }
        }
        finally
        {
            CloseDir(dir);
        }
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static bool IsValidUtf8(byte[] name)
    {
        try { StrictUtf8.GetCharCount(name, 0, name.Length - 1); return true; }
        catch (System.Text.DecoderFallbackException) { return false; }
    }

    public static string Display(byte[] name) => System.Text.Encoding.UTF8.GetString(name, 0, name.Length - 1);

    private static int Retry(Func<int> call)
    {
        while (true)
        {
            var r = call();
            if (r >= 0 || Libc.LastErrno != Libc.EIntr) return r;
        }
    }

    private static FileDescriptorHandle? Wrap(int fd, out int errno)
    {
        errno = fd >= 0 ? 0 : Libc.LastErrno;
        return fd >= 0 ? new FileDescriptorHandle(fd) : null;
    }
}
