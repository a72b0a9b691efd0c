namespace GcTool.TestSupport;

/// <summary>
/// A running uv ≥ 0.8.19 command as the cache sees it: a process holding LOCK_SH on
/// <c>&lt;cache&gt;/.lock</c> until it exits (<c>uv run</c> and <c>uvx</c> keep it while the child runs).
/// uv ≤ 0.8.18 took no lock, so to emulate it simply start nothing.
/// </summary>
public static class UvProcess
{
    public static LockHolder Start(UvCacheBuilder cache, bool waitUntilHeld = true) =>
        LockHolder.Shared(cache.LockPath, waitUntilHeld);

    public static LockHolder Start(string cacheRoot, bool waitUntilHeld = true) =>
        LockHolder.Shared(Path.Combine(cacheRoot, ".lock"), waitUntilHeld);

    /// <summary>A concurrent <c>uv cache clean</c>/<c>prune</c>: LOCK_EX.</summary>
    public static LockHolder StartCacheClean(UvCacheBuilder cache, bool waitUntilHeld = true) =>
        LockHolder.Exclusive(cache.LockPath, waitUntilHeld);
}
