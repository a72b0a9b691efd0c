using System.Diagnostics;
using GcTool.Core.Errors;

namespace GcTool.Core.Locking;

/// <summary>Takes uv's global cache lock: <c>flock(2)</c> with <c>LOCK_EX</c> on <c>&lt;cache&gt;/.lock</c>.</summary>
/// <remarks>
/// <para>
/// <b>Who holds what.</b> uv 0.8.19 and later hold <c>LOCK_SH</c> on this file for the whole life of
/// nearly every command (<c>uv run</c> keeps it while its child runs); <c>uv cache clean</c> and
/// <c>uv cache prune</c> take <c>LOCK_EX</c>. Holding <c>LOCK_EX</c> therefore means that no uv
/// process is reading or writing the cache. uv commands wait at most <c>UV_LOCK_TIMEOUT</c> (300 s)
/// for their shared lock, so hold it briefly. Ownership follows cargo: the caller takes the lock in
/// a <c>using</c>, every step that mutates the cache receives the <see cref="ICacheLock"/> and calls
/// <see cref="ICacheLock.AssertHeld"/>.
/// </para>
/// <para>
/// <b>Why not FileStream.</b> On Unix, .NET's <c>FileStream</c> (and <c>File.Open</c>) takes its own
/// advisory <c>flock(LOCK_SH|LOCK_NB)</c> (<c>LOCK_EX</c> for <c>FileShare.None</c>) when it opens a
/// file, and throws a sharing <c>IOException</c> when another process holds <c>LOCK_EX</c>. Opening
/// <c>.lock</c> that way would crash while <c>uv cache clean</c> runs, or hold a lock we do not
/// control. So the file is opened with <c>open(2)</c> and locked with <c>flock(2)</c> directly, with
/// <c>O_CLOEXEC</c> so that child processes never inherit the descriptor (an inherited descriptor
/// would keep the lock after we release it).
/// </para>
/// <para>
/// <b>Why polling.</b> A blocking <c>flock(LOCK_EX)</c> can be interrupted neither by a timeout nor by
/// a <see cref="CancellationToken"/> short of a signal. We try once without waiting (as uv does), tell
/// the caller why we now wait, then retry with <c>LOCK_NB</c> every 10 ms, backing off to 100 ms.
/// Neither blocking nor polling gives a writer priority over a stream of overlapping shared holders;
/// the timeout bounds the wait either way.
/// </para>
/// <para>
/// <b>Unsupported file systems.</b> uv runs unlocked when flock is unsupported. gctool refuses
/// (<see cref="SafetyRefusalException"/>): deleting without the lock could break a running uv.
/// Errno values are Linux's; like <see cref="Platform.NativeFileStatReader"/>, this is Linux-only.
/// </para>
/// </remarks>
public sealed class FlockCacheLocker : ICacheLocker
{
    internal const string LockFileName = ".lock";
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    /// <param name="timeout">How long to wait once the lock is busy; <see cref="TimeSpan.Zero"/> tries once,
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
    /// <exception cref="LockTimeoutException">The lock stayed busy for <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired while waiting.</exception>
    /// <exception cref="SafetyRefusalException">The file system does not support flock.</exception>
    /// <exception cref="GcToolException">The lock file cannot be opened or created, or flock failed.</exception>
    public ICacheLock AcquireExclusive(string cacheRoot, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation) =>
        Acquire(cacheRoot, timeout, onWaiting, cancellation, Libc.LockEx);

    /// <inheritdoc />
    public ICacheLock AcquireShared(string cacheRoot, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation) =>
        Acquire(cacheRoot, timeout, onWaiting, cancellation, Libc.LockSh);

    private static ICacheLock Acquire(string cacheRoot, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation, int mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheRoot);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "must be zero or more, or Timeout.InfiniteTimeSpan");
        if (!OperatingSystem.IsLinux())
            throw new GcToolException(ExitCode.Failure, "gctool takes uv's cache lock on Linux only");
        cancellation.ThrowIfCancellationRequested();

        var lockPath = Path.Join(cacheRoot, LockFileName);
        return Acquire(LockFile.OpenOrCreate(cacheRoot, lockPath), lockPath, timeout, onWaiting, cancellation);
    }

    /// <summary>
    /// Takes flock(LOCK_EX) on a descriptor the caller opened (gctool's own run lock, opened by
    /// directory handle), with the same try-then-poll as uv's lock. The lock owns
    /// <paramref name="fd"/> from here on; on failure it is closed.
    /// </summary>
    internal static ICacheLock Acquire(FileDescriptorHandle fd, string lockPath, TimeSpan timeout, Action? onWaiting, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // 1. Try without waiting.
            if (TryLock(fd, lockPath, mode)) return new FlockCacheLock(fd, lockPath, TimeSpan.Zero, mode == Libc.LockEx);
            if (timeout == TimeSpan.Zero) throw TimedOut(lockPath, timeout);

            // 2. Busy: say why we wait, then poll until the deadline.
            onWaiting?.Invoke();
            var backoff = FirstBackoff;
            while (true)
            {
                var remaining = timeout == Timeout.InfiniteTimeSpan ? backoff : timeout - Stopwatch.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero) throw TimedOut(lockPath, timeout);
                if (cancellation.WaitHandle.WaitOne(remaining < backoff ? remaining : backoff))
                    cancellation.ThrowIfCancellationRequested();
                if (TryLock(fd, lockPath, mode)) return new FlockCacheLock(fd, lockPath, Stopwatch.GetElapsedTime(started), mode == Libc.LockEx);
                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>flock(<paramref name="mode"/>|LOCK_NB): true when taken, false when another process holds it in a conflicting mode.</summary>
    private static bool TryLock(FileDescriptorHandle fd, string lockPath, int mode)
    {
        while (true)
        {
            if (Libc.Flock(fd, mode | Libc.LockNb) == 0) return true;
            var errno = Libc.LastErrno;
            if (errno == Libc.EIntr) continue;
            if (errno == Libc.EWouldBlock) return false;
            throw FlockFailed(errno, lockPath);
        }
    }

    /// <summary>The error for a flock failure other than "busy".</summary>
    internal static GcToolException FlockFailed(int errno, string lockPath) => errno is Libc.EOpNotSupp or Libc.ENoSys
        ? new SafetyRefusalException(
            $"the file system holding {lockPath} does not support flock(2) ({Libc.Describe(errno)}); gctool will not delete from a cache it cannot lock")
        : new GcToolException(ExitCode.Failure, $"flock(LOCK_EX) on {lockPath} failed: {Libc.Describe(errno)}");

    internal static LockTimeoutException TimedOut(string lockPath, TimeSpan timeout) => new(
        $"lock on {lockPath} not acquired in {FormatDuration(timeout)}; uv processes are using the cache — retry later or raise --lock-timeout");

    /// <summary>The largest whole unit: 7d, 12h, 5m, 90s, 300ms.</summary>
    internal static string FormatDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "0s";
        if (duration.Ticks % TimeSpan.TicksPerDay == 0) return $"{duration.Ticks / TimeSpan.TicksPerDay}d";
        if (duration.Ticks % TimeSpan.TicksPerHour == 0) return $"{duration.Ticks / TimeSpan.TicksPerHour}h";
        if (duration.Ticks % TimeSpan.TicksPerMinute == 0) return $"{duration.Ticks / TimeSpan.TicksPerMinute}m";
        if (duration.Ticks % TimeSpan.TicksPerSecond == 0) return $"{duration.Ticks / TimeSpan.TicksPerSecond}s";
        return $"{Math.Max(1, (long)Math.Round(duration.TotalMilliseconds))}ms";
    }
}
