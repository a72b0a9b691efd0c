using System.Runtime.InteropServices;

namespace GcTool.IntegrationTests.Safety.Support;

/// <summary>
/// What a uv ≥ 0.8.19 command holds for its whole life: <c>flock(LOCK_SH)</c> on <c>&lt;cache&gt;/.lock</c>,
/// taken in this process on its own descriptor. flock belongs to the open file description, so a
/// gc in this process (with its own descriptor) or in another one conflicts with it exactly as
/// with a separate uv process.
/// </summary>
internal sealed partial class SharedCacheLock : IDisposable
{
    private const int ORdWr = 2, OCloExec = 0x80000, LockSh = 1, LockUn = 8, EIntr = 4;
    private int _fd;

    private SharedCacheLock(int fd) => _fd = fd;

    /// <summary>Blocks until LOCK_SH is held.</summary>
    public static SharedCacheLock Acquire(string lockPath)
    {
        var fd = Open(lockPath, ORdWr | OCloExec, 0);
        if (fd < 0) throw new IOException($"open {lockPath}: errno {Marshal.GetLastPInvokeError()}");
        while (Flock(fd, LockSh) != 0)
        {
            if (Marshal.GetLastPInvokeError() == EIntr) continue;
            var errno = Marshal.GetLastPInvokeError();
            _ = Close(fd);
            throw new IOException($"flock(LOCK_SH) {lockPath}: errno {errno}");
        }
        return new SharedCacheLock(fd);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0) return;
        _ = Flock(fd, LockUn);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
