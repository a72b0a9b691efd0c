namespace GcTool.Core.Locking;

/// <summary>
/// Proof that this process holds uv's global cache lock (<c>flock</c> on <c>&lt;cache&gt;/.lock</c>):
/// <c>LOCK_EX</c> for deletion, or <c>LOCK_SH</c> (as every uv command holds) for gctool's own pins.
/// Every step that mutates the cache takes one as a parameter, so it cannot be called unlocked.
/// Dispose releases the lock.
/// </summary>
public interface ICacheLock : IDisposable
{
    string LockPath { get; }

    /// <summary>How long we waited for the lock.</summary>
    TimeSpan Waited { get; }

    /// <summary>Throws if the lock was released; callees assert with it, as cargo's lock does.</summary>
    void AssertHeld();

    /// <summary>LOCK_EX: no uv process can be using the cache. False for LOCK_SH, which only keeps out <c>uv cache prune/clean</c> and gc.</summary>
    bool IsExclusive => true;
}

/// <summary>Acquires uv's global cache lock.</summary>
public interface ICacheLocker
{
    /// <summary>
    /// Takes LOCK_EX on <c>&lt;cacheRoot&gt;/.lock</c> (created as uv creates it if missing), trying
    /// without waiting first; if busy, calls <paramref name="onWaiting"/> once and polls until
    /// <paramref name="timeout"/>, then throws <see cref="Errors.LockTimeoutException"/>.
    /// </summary>
    ICacheLock AcquireExclusive(string cacheRoot, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation);

    /// <summary>
    /// As <see cref="AcquireExclusive"/>, with <c>LOCK_SH</c>: shared with every uv command, excluding
    /// <c>uv cache prune</c>, <c>uv cache clean</c> and a gc, which hold LOCK_EX.
    /// </summary>
    ICacheLock AcquireShared(string cacheRoot, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation);
}
