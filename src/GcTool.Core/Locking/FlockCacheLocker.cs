namespace GcTool.Core.Locking;

/// <summary>uv's global lock through flock(2). (Being written.)</summary>
public sealed class FlockCacheLocker : ICacheLocker
{
    public ICacheLock AcquireExclusive(string cacheRoot, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation) =>
        throw new NotImplementedException(cacheRoot);
}
