namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// A fact that runs gctool as user <c>nobody</c> so that permission bits apply (root reads any
/// directory). Needs root (to drop to nobody) and <c>setpriv</c>; skipped otherwise.
/// </summary>
public sealed class NobodyFactAttribute : FactAttribute
{
    public NobodyFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Linux only";
        else if (!Environment.IsPrivilegedProcess) Skip = "needs root to run gctool as nobody";
        else if (!File.Exists("/usr/bin/setpriv")) Skip = "needs setpriv (util-linux)";
    }
}
