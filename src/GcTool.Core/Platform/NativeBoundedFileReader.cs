using System.Runtime.InteropServices;
using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>
/// <see cref="IBoundedFileReader"/> through libc: open with O_NONBLOCK (a FIFO opens at once instead of
/// waiting for a writer), O_NOFOLLOW (a final symlink, e.g. to /dev/zero, fails with ELOOP) and O_CLOEXEC,
/// then fstat the descriptor — not the path, which may have been swapped since — and read at most the bound.
/// </summary>
public sealed class NativeBoundedFileReader : IBoundedFileReader
{
    public static readonly NativeBoundedFileReader Instance = new();

    private const int ONonBlock = 0x800, OCloExec = 0x80000;
    private const int ENoEnt = 2, ENotDir = 20, ELoop = 40, ENxIo = 6;

    // O_NOFOLLOW is one of the few open flags whose value differs between x86-64 and arm64.
    private static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

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

        if (DirectoryHandles.StatSelf(handle) is not { Status: var status })
            return new BoundedRead(BoundedReadOutcome.Unreadable, null, Libc.LastErrno);
        if (status.Kind != FileKind.File) return new BoundedRead(BoundedReadOutcome.NotRegularFile, null);
        if (status.Size > maxBytes) return new BoundedRead(BoundedReadOutcome.TooLarge, null);

        var content = DirectoryHandles.ReadAtMost(handle, maxBytes, status.Size, out var tooLarge);
        if (content is null) return new BoundedRead(BoundedReadOutcome.Unreadable, null, Libc.LastErrno);
        if (tooLarge) return new BoundedRead(BoundedReadOutcome.TooLarge, null);
        return BoundedRead.Of(content);
    }
}
