namespace GcTool.IntegrationTests.Store;

/// <summary>
/// A fact about POSIX file permissions. Skipped on Windows, and when the tests run as root, whom
/// permissions do not stop (so the failure the test expects cannot be provoked).
/// </summary>
public sealed class PosixNonRootFactAttribute : FactAttribute
{
    public PosixNonRootFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "POSIX file permissions only";
        else if (Environment.IsPrivilegedProcess) Skip = "runs as root, which file permissions do not stop";
    }
}
