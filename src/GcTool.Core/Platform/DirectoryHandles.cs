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

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
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

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    private static partial int Chmod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial IntPtr FdOpenDir(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr ReadDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall4(long number, int dirfd, byte* path, OpenHow* how, nint size);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static partial int RenameAt2(FileDescriptorHandle olddirfd, byte* oldpath, FileDescriptorHandle newdirfd, byte* newpath, uint flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    private static partial nint ReadLinkAt(FileDescriptorHandle dirfd, byte* path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFd(FileDescriptorHandle fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(FileDescriptorHandle fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(FileDescriptorHandle fd);

    /// <summary>struct open_how of openat2(2).</summary>
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    // openat2 is 437 on every Linux architecture (the generic syscall table and x86-64 agree since 5.6).
    private const long SysOpenAt2 = 437;
    private const ulong ResolveNoXdev = 0x01, ResolveNoMagicLinks = 0x02, ResolveNoSymlinks = 0x04, ResolveBeneath = 0x08;
    private const uint RenameNoReplaceFlag = 1;
    public const int ONonBlock = 0x800, OWrOnly = 1, ORdWr = 2, OCreat = 0x40, OAppend = 0x400;
    private const int E2Big = 7;
    private static volatile bool _noOpenAt2;

    private const int DirentNameOffset = 19;

    public static byte[] Name(string name) => OsPath.EncodeZ(name);

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

    /// <summary>
    /// Opens the directory at <paramref name="relativePath"/> (components separated by '/') below
    /// <paramref name="root"/> without following any symlink, without leaving <paramref name="root"/> and
    /// without crossing a mount: <c>openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV)</c>
    /// where the kernel has it (5.6+), else one <c>openat(O_NOFOLLOW | O_DIRECTORY)</c> per component with
    /// a mount check of each against its parent. "." and ".." components are refused (EINVAL).
    /// </summary>
    /// <returns>The handle, or null with <paramref name="errno"/> (ELOOP/ENOTDIR: a symlink or a file on the way; EXDEV: a mount).</returns>
    public static FileDescriptorHandle? OpenBeneath(FileDescriptorHandle root, string relativePath, out int errno)
    {
        var components = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (components.Length == 0 || components.Any(c => c is "." or ".."))
        {
            errno = Libc.EInval;
            return null;
        }
        if (!_noOpenAt2)
        {
            var viaOpenAt2 = OpenAt2(root, Name(string.Join('/', components)), out errno);
            if (viaOpenAt2 is not null || errno is not (Libc.ENoSys or E2Big or Libc.EInval or Libc.EAgain or Libc.EPerm)) return viaOpenAt2;
            // ENOSYS/E2BIG: an older kernel; EPERM: a seccomp filter (containers) refusing it; EAGAIN: a
            // rename raced the lookup. The walk below gives the same guarantees one component at a time.
            if (errno is not Libc.EAgain) _noOpenAt2 = true;
        }
        return OpenByComponents(root, components, out errno);
    }

    private static FileDescriptorHandle? OpenAt2(FileDescriptorHandle root, byte[] path, out int errno)
    {
        var how = new OpenHow
        {
            Flags = (ulong)(ORdOnly | ODirectory | ONoFollow | OCloExec),
            Resolve = ResolveBeneath | ResolveNoSymlinks | ResolveNoXdev | ResolveNoMagicLinks,
        };
        var added = false;
        try
        {
            root.DangerousAddRef(ref added);
            var fd = (int)root.DangerousGetHandle();
            fixed (byte* p = path)
            {
                var pp = p;
                var ph = &how;
                return Wrap(Retry(() => (int)Syscall4(SysOpenAt2, fd, pp, ph, sizeof(OpenHow))), out errno);
            }
        }
        finally
        {
            if (added) root.DangerousRelease();
        }
    }

    private static FileDescriptorHandle? OpenByComponents(FileDescriptorHandle root, string[] components, out int errno)
    {
        FileDescriptorHandle? current = null;
        var parentStatus = StatSelf(root);
        foreach (var component in components)
        {
            var next = OpenChildDirectory(current ?? root, Name(component), out errno);
            current?.Dispose();
            if (next is null) return null;
            var status = StatSelf(next);
            if (parentStatus is not { } p || status is not { } s || !p.SameMount(s))
            {
                next.Dispose();
                errno = EXDev;
                return null;
            }
            current = next;
            parentStatus = s;
        }
        errno = 0;
        return current;
    }

    /// <summary>Opens the file <paramref name="name"/> in <paramref name="parent"/> with O_NOFOLLOW | O_CLOEXEC added to <paramref name="flags"/>.</summary>
    public static FileDescriptorHandle? OpenChildFile(FileDescriptorHandle parent, byte[] name, int flags, uint mode, out int errno)
    {
        fixed (byte* n = name)
        {
            var p = n;
            var all = flags | ONoFollow | OCloExec;
            return Wrap(Retry(() => OpenAt(parent, p, all, mode)), out errno);
        }
    }

    /// <summary>The target of the symlink <paramref name="name"/> in <paramref name="parent"/> (at most 4 KiB), or null.</summary>
    public static string? ReadLink(FileDescriptorHandle parent, byte[] name)
    {
        const int max = 4096;
        byte* buffer = stackalloc byte[max];
        fixed (byte* n = name)
        {
            var length = ReadLinkAt(parent, n, buffer, max);
            if (length <= 0 || length >= max) return null;
            return System.Text.Encoding.UTF8.GetString(buffer, (int)length);
        }
    }

    /// <summary>Writes all of <paramref name="data"/>; 0 or errno.</summary>
    public static int WriteAll(FileDescriptorHandle fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = WriteFd(fd, start + done, data.Length - done);
                if (n < 0)
                {
                    if (Libc.LastErrno == Libc.EIntr) continue;
                    return Libc.LastErrno;
                }
                done += (int)n;
            }
        }
        return 0;
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> (one more byte tells a larger file); null on error (<see cref="Libc.LastErrno"/> says which).</summary>
    /// <param name="size">The file's size as the caller fstat'ed it (every caller checks the descriptor's kind first).</param>
    /// <remarks>
    /// The buffer is the file's size plus one byte, not the bound: a bound-sized buffer per read (256 KiB for each
    /// pyvenv.cfg and .pth file, 64 MiB for a trash journal) went to the large object heap, and its churn kept the
    /// garbage collector's background passes running through a whole cold scan. A file that grew since it was
    /// fstat'ed fills the buffer and is read on, in a larger one, up to one byte past the bound.
    /// </remarks>
    public static byte[]? ReadAtMost(FileDescriptorHandle fd, int maxBytes, long size, out bool tooLarge)
    {
        tooLarge = false;
        var buffer = new byte[(int)Math.Clamp(size, 0, maxBytes) + 1];
        var total = 0;
        while (true)
        {
            nint n;
            fixed (byte* start = buffer) n = ReadFd(fd, start + total, buffer.Length - total);
            if (n == 0) break;
            if (n < 0)
            {
                if (Libc.LastErrno == Libc.EIntr) continue;
                return null;
            }
            total += (int)n;
            if (total < buffer.Length) continue;
            if (total > maxBytes) break;
            Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, maxBytes + 1L));
        }
        tooLarge = total > maxBytes;
        return buffer.AsSpan(0, Math.Min(total, maxBytes)).ToArray();
    }

    public static int DataSync(FileDescriptorHandle fd) => Retry(() => FDataSync(fd)) == 0 ? 0 : Libc.LastErrno;

    /// <summary>renameat2(RENAME_NOREPLACE): never clobbers what is at <paramref name="to"/>; 0 or errno.</summary>
    public static int RenameNoReplace(FileDescriptorHandle fromDir, byte[] from, FileDescriptorHandle toDir, byte[] to)
    {
        fixed (byte* f = from)
        fixed (byte* t = to)
        {
            var (pf, pt) = ((nint)f, (nint)t);
            return Retry(() => RenameAt2(fromDir, (byte*)pf, toDir, (byte*)pt, RenameNoReplaceFlag)) == 0 ? 0 : Libc.LastErrno;
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

    public static string Display(byte[] name) => OsPath.Decode(name.AsSpan(0, name.Length - 1));

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
