using System.Runtime.InteropServices;
using GcTool.Core.Platform;

namespace GcTool.Core.Locking;

/// <summary>
/// The few libc calls the cache lock needs, in the style of <see cref="Platform.NativeFileStatReader"/>.
/// </summary>
/// <remarks>
/// Constants are Linux's (identical on x86-64 and arm64, which share the generic <c>fcntl.h</c> and
/// <c>errno.h</c> values used here). <c>open</c> is variadic in C; passing the mode as a third
/// fixed argument is how every Linux P/Invoke of it works, as the mode is read only with O_CREAT.
/// </remarks>
internal static partial class Libc
{
    public const int ORdOnly = 0, ORdWr = 2, OCreat = 0x40, OExcl = 0x80, OCloExec = 0x80000;

    public const int LockSh = 1, LockEx = 2, LockNb = 4, LockUn = 8;

    public const int EPerm = 1, ENoEnt = 2, EIntr = 4, ENxIo = 6, EBadF = 9, EAgain = 11, EWouldBlock = EAgain, EAccess = 13,
        EExist = 17, EInval = 22, ERoFs = 30, EMLink = 31, ENoLck = 37, ENoSys = 38, EOpNotSupp = 95;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(FileDescriptorHandle fd, int operation);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChmod(FileDescriptorHandle fd, uint mode);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    public static partial int Link(string existingPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    public static partial int Unlink(string path);

    /// <summary>errno of the last call above (captured by the marshaller, so it survives the GC and other P/Invokes).</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>open(2) retried on EINTR; an owned handle, or null with <paramref name="errno"/> set.</summary>
    public static FileDescriptorHandle? OpenHandle(string path, int flags, uint mode, out int errno)
    {
        while (true)
        {
            var fd = Open(path, flags, mode);
            if (fd >= 0)
            {
                errno = 0;
                return new FileDescriptorHandle(fd);
            }
            errno = LastErrno;
            if (errno != EIntr) return null;
        }
    }

    /// <summary>"Resource temporarily unavailable (EAGAIN)": strerror plus the symbolic name, for one-line errors.</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} ({Name(errno)})";

    private static string Name(int errno) => errno switch
    {
        EPerm => "EPERM",
        ENoEnt => "ENOENT",
        EIntr => "EINTR",
        EBadF => "EBADF",
        EAgain => "EWOULDBLOCK",
        EAccess => "EACCES",
        EExist => "EEXIST",
        EInval => "EINVAL",
        ERoFs => "EROFS",
        EMLink => "EMLINK",
        ENoLck => "ENOLCK",
        ENoSys => "ENOSYS",
        EOpNotSupp => "EOPNOTSUPP",
        _ => $"errno {errno}",
    };
}
