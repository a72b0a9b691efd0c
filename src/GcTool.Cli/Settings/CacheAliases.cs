using GcTool.Core.Errors;

namespace GcTool.Cli.Settings;

/// <summary>
/// <c>GCTOOL_CACHE_ALIASES</c>: colon-separated absolute paths at which the same cache is mounted
/// elsewhere (containers), else <c>cache-aliases</c> in gctool's config file, so venvs whose symlinks were written through those paths still count.
/// </summary>
internal static class CacheAliases
{
    public static IReadOnlyList<string> Resolve(EnvironmentVariables env, Config.EffectiveConfig? config = null)
    {
        var raw = env.Get(EnvironmentVariables.GcToolCacheAliases);
        if (raw is null) return config?.List(Config.ConfigKeys.CacheAliases) ?? [];
        var aliases = new List<string>();
        foreach (var part in raw.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Path.IsPathFullyQualified(part))
                throw new UsageException($"{EnvironmentVariables.GcToolCacheAliases} holds '{part}', which is not an absolute path; list absolute mount paths separated by ':'");
            aliases.Add(part);
        }
        return aliases;
    }
}
