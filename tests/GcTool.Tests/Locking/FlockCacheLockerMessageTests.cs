using GcTool.Core.Errors;
using GcTool.Core.Locking;

namespace GcTool.Tests.Locking;

/// <summary>What the locker says when it cannot lock: one line, the path, the fix, the right exit code.</summary>
public sealed class FlockCacheLockerMessageTests
{
    [Theory]
    [InlineData(300_000, "5m")]
    [InlineData(90_000, "90s")]
    [InlineData(300, "300ms")]
    [InlineData(43_200_000, "12h")]
    [InlineData(604_800_000, "7d")]
    [InlineData(5_400_000, "90m")]
    [InlineData(0, "0s")]
    public void FormatDuration_UsesTheLargestWholeUnit(long milliseconds, string expected) =>
        Assert.Equal(expected, FlockCacheLocker.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void TimedOut_NamesTheLockTheDurationAndTheFix()
    {
        var error = FlockCacheLocker.TimedOut("/c/.lock", TimeSpan.FromMinutes(5));

        Assert.Equal(ExitCode.LockTimeout, error.ExitCode);
        Assert.Equal(
            "lock on /c/.lock not acquired in 5m; uv processes are using the cache — retry later or raise --lock-timeout",
            error.Message);
    }

    [Theory]
    [InlineData(95)] // EOPNOTSUPP (= ENOTSUP on Linux)
    [InlineData(38)] // ENOSYS
    public void FlockFailed_RefusesToCollect_WhenTheFileSystemCannotLock(int errno)
    {
        var error = FlockCacheLocker.FlockFailed(errno, "/c/.lock");

        Assert.IsType<SafetyRefusalException>(error);
        Assert.Equal(ExitCode.SafetyRefusal, error.ExitCode);
        Assert.Contains("/c/.lock", error.Message);
    }

    [Theory]
    [InlineData(37, "ENOLCK")]
    [InlineData(9, "EBADF")]
    public void FlockFailed_IsAPlainFailure_NamingTheErrno_ForOtherErrors(int errno, string name)
    {
        var error = FlockCacheLocker.FlockFailed(errno, "/c/.lock");

        Assert.IsNotType<SafetyRefusalException>(error);
        Assert.Equal(ExitCode.Failure, error.ExitCode);
        Assert.Contains("/c/.lock", error.Message);
        Assert.Contains(name, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
