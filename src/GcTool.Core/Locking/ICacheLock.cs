namespace GcTool.Core.Locking;

/// <summary>
/// Proof that this process holds uv's global cache lock (<c>flock(LOCK_EX)</c> on <c>&lt;cache&gt;/.lock</c>).
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
}
