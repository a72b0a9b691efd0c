using GcTool.Core.Errors;

namespace GcTool.Cli.Settings;

internal static class HomeDirectory
{
    /// <summary>$HOME, which must be absolute; otherwise a usage error naming the flag that avoids it.</summary>
    public static string Require(EnvironmentVariables env, string alternative)
    {
        var home = env.Get(EnvironmentVariables.Home);
        if (home is null || !Path.IsPathFullyQualified(home))
            throw new UsageException($"cannot find your home directory (HOME is unset or not absolute); set HOME or pass {alternative}");
        return home;
    }
}
