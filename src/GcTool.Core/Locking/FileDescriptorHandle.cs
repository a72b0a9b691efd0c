using Microsoft.Win32.SafeHandles;

namespace GcTool.Core.Locking;

/// <summary>
/// An owned POSIX file descriptor. A SafeHandle rather than a bare int so that a descriptor is
/// closed exactly once (a double close could close a descriptor another thread just reopened) and
/// is still closed, releasing its flock, if an owner is never disposed.
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    /// <summary>For the interop marshaller.</summary>
    public FileDescriptorHandle() : base(ownsHandle: true) { }

    public FileDescriptorHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    // Never retry close(2) on EINTR: on Linux the descriptor is already gone.
    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
