using System.Diagnostics;
using System.Runtime.Versioning;
using GcTool.Core.Errors;
using GcTool.Core.Locking;

namespace GcTool.IntegrationTests.Locking;

/// <summary>The uv cache lock against real processes holding real flocks on a real <c>.lock</c>.</summary>
[SupportedOSPlatform("linux")]
public sealed class FlockCacheLockerTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private readonly FlockCacheLocker _locker = new();
    private readonly string _cache = Directory.CreateTempSubdirectory("gctool-lock-").FullName;
    private readonly string _lockPath;

    public FlockCacheLockerTests()
    {
        _lockPath = Path.Join(_cache, ".lock");
        File.WriteAllBytes(_lockPath, []);
    }

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public void AcquireExclusive_WaitsForSharedHolder_ThenSucceeds()
    {
        using var holder = FlockHolder.Shared(_lockPath);
        var waitingCalls = 0;
        var holderRunningWhenWaiting = false;

        using var cacheLock = _locker.AcquireExclusive(_cache, Long, () =>
        {
            waitingCalls++;
            holderRunningWhenWaiting = !File.Exists(holder.FinishedMarker);
            holder.Release(); // only once gctool says it waits
        }, CancellationToken.None);

        Assert.Equal(1, waitingCalls);
        Assert.True(holderRunningWhenWaiting);
        Assert.True(File.Exists(holder.FinishedMarker), "the lock was granted before the shared holder finished");
        Assert.True(cacheLock.Waited > TimeSpan.Zero);
        Assert.Equal(_lockPath, cacheLock.LockPath);
    }

    [Fact]
    public void AcquireExclusive_WaitsForExclusiveHolder_ThenSucceeds()
    {
        using var holder = FlockHolder.Exclusive(_lockPath);
        var waitingCalls = 0;

        using var cacheLock = _locker.AcquireExclusive(_cache, Long, () =>
        {
            waitingCalls++;
            holder.Release(); // only once gctool says it waits
        }, CancellationToken.None);

        Assert.Equal(1, waitingCalls);
        Assert.True(File.Exists(holder.FinishedMarker), "the lock was granted before the exclusive holder finished");
    }

    [Fact]
    public void AcquireExclusive_WaitsForUvStyleHolder_WithoutCrashingOrSkippingTheLock()
    {
        // The scenario: `flock -s <cache>/.lock <command>` in another process, here a command
        // that holds until the test lets it finish, so gctool is sure to find the lock held.
        using var holder = FlockHolder.Shared(_lockPath);
        var waited = false;
        var heldWhenWaiting = false;

        using var cacheLock = _locker.AcquireExclusive(_cache, TimeSpan.FromMinutes(5), () =>
        {
            waited = true;
            heldWhenWaiting = !holder.HasExited && !File.Exists(holder.FinishedMarker);
            holder.Release();
        }, CancellationToken.None);

        Assert.True(waited);
        Assert.True(heldWhenWaiting, "gctool said it waits although the holder had already finished");
        Assert.True(File.Exists(holder.FinishedMarker), "the lock was granted before the uv-style holder finished");
        Assert.True(cacheLock.Waited > TimeSpan.Zero, "the lock does not report that it waited");
    }

    [Theory]
    [InlineData("-s")]
    [InlineData("-x")]
    public void AcquireExclusive_ThrowsLockTimeout_WhenHolderOutlastsTimeout(string mode)
    {
        using var holder = mode == "-s" ? FlockHolder.Shared(_lockPath) : FlockHolder.Exclusive(_lockPath);
        var waitingCalls = 0;

        var error = Assert.Throws<LockTimeoutException>(() =>
            _locker.AcquireExclusive(_cache, TimeSpan.FromMilliseconds(300), () => waitingCalls++, CancellationToken.None));

        Assert.Equal(ExitCode.LockTimeout, error.ExitCode);
        Assert.Equal(1, waitingCalls);
        Assert.Contains(_lockPath, error.Message);
        Assert.Contains("300ms", error.Message);
        Assert.Contains("--lock-timeout", error.Message);
        Assert.False(holder.HasExited);
    }

    [Fact]
    public void AcquireExclusive_LeavesNoLockBehind_AfterTimingOut()
    {
        using (FlockHolder.Exclusive(_lockPath))
        {
            Assert.Throws<LockTimeoutException>(() =>
                _locker.AcquireExclusive(_cache, TimeSpan.FromMilliseconds(100), null, CancellationToken.None));
        }

        Assert.Equal(0, FlockHolder.TryFlockNow("-x", _lockPath));
    }

    [Fact]
    public void AcquireExclusive_BlocksOtherProcesses_UntilDisposed()
    {
        var cacheLock = _locker.AcquireExclusive(_cache, Long, null, CancellationToken.None);

        Assert.Equal(1, FlockHolder.TryFlockNow("-s", _lockPath));
        Assert.Equal(1, FlockHolder.TryFlockNow("-x", _lockPath));

        cacheLock.Dispose();

        Assert.Equal(0, FlockHolder.TryFlockNow("-s", _lockPath));
    }

    [Fact]
    public void ChildProcesses_DoNotInheritTheLockDescriptor()
    {
        // O_CLOEXEC: an inherited descriptor would keep the lock alive in a child that outlives us.
        using var cacheLock = _locker.AcquireExclusive(_cache, Long, null, CancellationToken.None);
        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var childFiles = new DirectoryInfo($"/proc/{child.Id}/fd").GetFiles().Select(fd => fd.LinkTarget).ToList();

            Assert.NotEmpty(childFiles);
            Assert.DoesNotContain(_lockPath, childFiles);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void Dispose_ReleasesLock_EvenWhileAChildProcessStartedUnderItRuns()
    {
        var cacheLock = _locker.AcquireExclusive(_cache, Long, null, CancellationToken.None);
        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            cacheLock.Dispose();

            Assert.Equal(0, FlockHolder.TryFlockNow("-x", _lockPath));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void AcquireExclusive_ConflictsWithASecondLockInTheSameProcess()
    {
        // flock belongs to the open file description, so two opens in one process exclude each other.
        var waitingCalls = 0;
        using (_locker.AcquireExclusive(_cache, Long, null, CancellationToken.None))
        {
            Assert.Throws<LockTimeoutException>(() =>
                new FlockCacheLocker().AcquireExclusive(_cache, TimeSpan.Zero, () => waitingCalls++, CancellationToken.None));
        }

        using var second = new FlockCacheLocker().AcquireExclusive(_cache, TimeSpan.Zero, () => waitingCalls++, CancellationToken.None);
        Assert.Equal(0, waitingCalls);
        Assert.Equal(TimeSpan.Zero, second.Waited);
    }

    [Fact]
    public void AcquireExclusive_CreatesMissingLockFile_WithMode0666_AndDisposeNeverDeletesIt()
    {
        File.Delete(_lockPath);

        using (var cacheLock = _locker.AcquireExclusive(_cache, Long, null, CancellationToken.None))
        {
            Assert.Equal(1, FlockHolder.TryFlockNow("-s", _lockPath));
            cacheLock.Dispose();
        }

        Assert.True(File.Exists(_lockPath));
        var mode = File.GetUnixFileMode(_lockPath);
        Assert.Equal((UnixFileMode)0x1B6, mode); // 0666 whatever the umask
        Assert.Empty(Directory.GetFiles(_cache, ".tmp*"));
    }

    [Fact]
    public void AcquireExclusive_KeepsAnExistingLockFile_AndItsInode()
    {
        File.SetUnixFileMode(_lockPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var inodeBefore = Inode(_lockPath);

        using (_locker.AcquireExclusive(_cache, Long, null, CancellationToken.None)) { }

        Assert.Equal(inodeBefore, Inode(_lockPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_lockPath));
    }

    [Fact]
    public void AcquireExclusive_LocksReadOnlyLockFile()
    {
        File.SetUnixFileMode(_lockPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using var cacheLock = _locker.AcquireExclusive(_cache, Long, null, CancellationToken.None);

        Assert.Equal(1, FlockHolder.TryFlockNow("-s", _lockPath));
    }

    [Fact]
    public void AcquireExclusive_LocksImmutableLockFile_ThroughAReadOnlyDescriptor()
    {
        // Tests run as root, which ignores 0444; an immutable file refuses even root a writable open
        // (EPERM), so this is the test that reaches the read-only fallback.
        if (!Chattr("+i", _lockPath)) return; // no chattr or no CAP_LINUX_IMMUTABLE: nothing to prove here
        try
        {
            using var cacheLock = _locker.AcquireExclusive(_cache, Long, null, CancellationToken.None);

            Assert.Equal(1, FlockHolder.TryFlockNow("-s", _lockPath));
        }
        finally
        {
            Chattr("-i", _lockPath);
        }
    }

    [Fact]
    public void AcquireExclusive_ThrowsOperationCanceled_WhenCancelledWhileWaiting()
    {
        using var holder = FlockHolder.Shared(_lockPath);
        using var cancellation = new CancellationTokenSource();

        var attempt = Task.Run(() => _locker.AcquireExclusive(
            _cache, Timeout.InfiniteTimeSpan, () => cancellation.CancelAfter(200), cancellation.Token));

        Assert.True(((IAsyncResult)attempt).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(2)), "cancellation was not honoured");
        var error = Assert.ThrowsAny<OperationCanceledException>(() => attempt.GetAwaiter().GetResult());
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.False(holder.HasExited);
    }

    [Fact]
    public void AcquireExclusive_ThrowsOperationCanceled_WithoutOpening_WhenAlreadyCancelled()
    {
        File.Delete(_lockPath);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            _locker.AcquireExclusive(_cache, Long, null, new CancellationToken(canceled: true)));
        Assert.False(File.Exists(_lockPath));
    }

    [Fact]
    public void AcquireExclusive_FailsWithOneClearLine_WhenCacheRootIsMissing()
    {
        var missing = Path.Join(_cache, "no-such-cache");

        var error = Assert.Throws<GcToolException>(() => _locker.AcquireExclusive(missing, Long, null, CancellationToken.None));

        Assert.Equal(ExitCode.Failure, error.ExitCode);
        Assert.Contains(missing, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AssertHeld_Throws_AfterDispose_AndDisposeIsIdempotent()
    {
        var cacheLock = _locker.AcquireExclusive(_cache, Long, null, CancellationToken.None);
        cacheLock.AssertHeld();

        cacheLock.Dispose();
        cacheLock.Dispose();

        Assert.Throws<InvalidOperationException>(cacheLock.AssertHeld);
        Assert.True(File.Exists(_lockPath));
    }

    [Fact]
    public void DotNetFileOpen_FailsOnALockFileHeldExclusively_WhichIsWhyTheLockerUsesOpenAndFlock()
    {
        // Characterizes the .NET behaviour the locker avoids: FileStream takes its own
        // flock(LOCK_SH|LOCK_NB) on open and throws while `uv cache clean` holds LOCK_EX.
        using var holder = FlockHolder.Exclusive(_lockPath);

        Assert.Throws<IOException>(() => File.OpenRead(_lockPath).Dispose());
        Assert.Throws<LockTimeoutException>(() =>
            _locker.AcquireExclusive(_cache, TimeSpan.FromMilliseconds(50), null, CancellationToken.None));
    }

    private static ulong Inode(string path) => GcTool.Core.Platform.NativeFileStatReader.Instance.TryLStat(path)!.Value.Inode;

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
