using GcTool.Core.Errors;

namespace GcTool.Cli.Settings;

/// <summary>
/// Finds the uv cache the way uv does on Linux (crates/uv-cache/src/cli.rs, crates/uv-dirs):
/// <c>--cache-dir</c>, else <c>UV_CACHE_DIR</c>, else <c>cache-dir</c> in gctool's config file, else <c>$XDG_CACHE_HOME/uv</c> when that variable is
/// absolute, else <c>~/.cache/uv</c>.
/// </summary>
/// <remarks>
/// uv's <c>cache-dir</c> setting in uv.toml/pyproject.toml is not read: gctool runs outside any
/// project, so a user with such a setting passes <c>--cache-dir</c> (the README says so). The path
/// is returned as given (made absolute later by <see cref="Core.Cache.UvCache.Open"/>), because uv
/// writes symlinks through the spelling the user gave.
/// </remarks>
internal static class CacheDirResolver
{
    public static ResolvedSetting Resolve(string? flag, EnvironmentVariables env, Config.EffectiveConfig? config = null)
    {
        if (flag is not null)
        {
            if (flag.Length == 0) throw new UsageException("--cache-dir is empty; pass the directory `uv cache dir` prints");
            return new ResolvedSetting(flag, "--cache-dir");
        }
        if (env.Get(EnvironmentVariables.UvCacheDir) is { } uvCacheDir)
            return new ResolvedSetting(uvCacheDir, EnvironmentVariables.UvCacheDir);
        if (config?.Get(Config.ConfigKeys.CacheDir) is { Value: string fromFile, Source: var source } && source != "default")
        {
            if (fromFile.Length == 0) throw new UsageException($"cache-dir is empty in {source}; set it to the directory `uv cache dir` prints");
            return new ResolvedSetting(fromFile, source);
        }
        if (env.Get(EnvironmentVariables.XdgCacheHome) is { } xdg && Path.IsPathFullyQualified(xdg))
            return new ResolvedSetting(Path.Combine(xdg, "uv"), "$XDG_CACHE_HOME/uv");
        var home = HomeDirectory.Require(env, "--cache-dir");
        return new ResolvedSetting(Path.Combine(home, ".cache", "uv"), "~/.cache/uv");
    }
}
