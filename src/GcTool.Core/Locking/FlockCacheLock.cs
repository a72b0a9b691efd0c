namespace GcTool.Core.Locking;

/// <summary>
/// uv's global cache lock, held: an open descriptor on <c>&lt;cache&gt;/.lock</c> with
/// <c>flock(LOCK_EX)</c>. Made only by <see cref="FlockCacheLocker"/>.
/// </summary>
/// <remarks>
/// The lock belongs to the open file description, not to a thread, so any thread may use or
/// dispose it. Dispose unlocks and closes, once; the lock file itself is never deleted (see
/// <see cref="LockFile"/>). If the process dies, the kernel releases the lock with the descriptor.
/// </remarks>
public sealed class FlockCacheLock : ICacheLock
{
    private readonly FileDescriptorHandle _fd;
    private int _released;

    internal FlockCacheLock(FileDescriptorHandle fd, string lockPath, TimeSpan waited, bool exclusive = true)
    {
        _fd = fd;
        LockPath = lockPath;
        Waited = waited;
        IsExclusive = exclusive;
    }

    public bool IsExclusive { get; }

    public string LockPath { get; }

    public TimeSpan Waited { get; }

    public void AssertHeld()
    {
        if (Volatile.Read(ref _released) != 0)
            throw new InvalidOperationException($"uv's cache lock on {LockPath} was already released; this step must run while the lock is held");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        // close(2) alone would release the lock too, but only once no duplicate of the descriptor
        // is left; unlocking first makes the release immediate and explicit.
        _ = Libc.Flock(_fd, Libc.LockUn);
        _fd.Dispose();
    }
}
