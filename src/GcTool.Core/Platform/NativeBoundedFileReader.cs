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

        // Read one byte past the bound: a file that grew after fstat is still caught as too large.
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        fixed (byte* start = buffer)
        {
            while (total < buffer.Length)
            {
                var n = ReadFd(fd, start + total, buffer.Length - total);
                if (n == 0) break;
                if (n < 0)
                {
                    var e = Marshal.GetLastPInvokeError();
                    if (e == EIntr) continue;
                    return new BoundedRead(BoundedReadOutcome.Unreadable, null, e == EAgain ? EAgain : e);
                }
                total += (int)n;
            }
        }
        if (total > maxBytes) return new BoundedRead(BoundedReadOutcome.TooLarge, null);
        return BoundedRead.Of(buffer.AsSpan(0, total).ToArray());
    }
}
