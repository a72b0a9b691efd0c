using System.Runtime.InteropServices;
using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>
/// <see cref="IBoundedFileReader"/> through libc: open with O_NONBLOCK (a FIFO opens at once instead of
/// waiting for a writer), O_NOFOLLOW (a final symlink, e.g. to /dev/zero, fails with ELOOP) and O_CLOEXEC,
/// then fstat the descriptor — not the path, which may have been swapped since — and read at most the bound.
/// </summary>
public sealed unsafe partial class NativeBoundedFileReader : IBoundedFileReader
{
    public static readonly NativeBoundedFileReader Instance = new();

    private const int ONonBlock = 0x800, OCloExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int ENoEnt = 2, EIntr = 4, EAgain = 11, ENotDir = 20, ELoop = 40, ENxIo = 6;

    // O_NOFOLLOW is one of the few open flags whose value differs between x86-64 and arm64.
    private static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Custom, StringMarshallingCustomType = typeof(OsPathMarshaller))]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, byte* buffer, nint count);

    public BoundedRead Read(string path, int maxBytes)
    {
        using var handle = Libc.OpenHandle(path, Libc.ORdOnly | ONonBlock | ONoFollow | OCloExec, 0, out var errno);
        if (handle is null)
            return errno switch
            {
                ENoEnt or ENotDir => new BoundedRead(BoundedReadOutcome.NotFound, null, errno),
                // ELOOP: the final component is a symlink; ENXIO: a socket or a FIFO's special case.
                ELoop or ENxIo => new BoundedRead(BoundedReadOutcome.NotRegularFile, null, errno),
                _ => new BoundedRead(BoundedReadOutcome.Unreadable, null, errno),
            };

        var fd = (int)handle.DangerousGetHandle();
        byte* stat = stackalloc byte[NativeFileStatReader.StatxSize];
        if (Statx(fd, "", AtEmptyPath, StatxBasicStats, stat) != 0)
            return new BoundedRead(BoundedReadOutcome.Unreadable, null, Marshal.GetLastPInvokeError());
        var status = NativeFileStatReader.Decode(stat);
        if (status.Kind != FileKind.File) return new BoundedRead(BoundedReadOutcome.NotRegularFile, null);
        if (status.Size > maxBytes) return new BoundedRead(BoundedReadOutcome.TooLarge, null);

        // Sized by fstat, plus one byte: a file that grew since is noticed (the buffer fills) and read on, in
        // a larger buffer, up to one byte past the bound, so it is still caught as too large. Not the bound
        // itself: a 256 KiB buffer per pyvenv.cfg and .pth file went to the large object heap, and its
        // churn made the garbage collector's background passes a tenth of a cold scan's CPU.
        var buffer = new byte[(int)Math.Min(status.Size, maxBytes) + 1];
        var total = 0;
        while (true)
        {
            nint n;
            fixed (byte* start = buffer) n = ReadFd(fd, start + total, buffer.Length - total);
            if (n == 0) break;
            if (n < 0)
            {
                var e = Marshal.GetLastPInvokeError();
                if (e == EIntr) continue;
                return new BoundedRead(BoundedReadOutcome.Unreadable, null, e == EAgain ? EAgain : e);
            }
            total += (int)n;
            if (total < buffer.Length) continue;
            if (total > maxBytes) break;
            Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, maxBytes + 1L));
        }
        if (total > maxBytes) return new BoundedRead(BoundedReadOutcome.TooLarge, null);
        return BoundedRead.Of(buffer.AsSpan(0, total).ToArray());
    }
}
