using GcTool.Core.Errors;

namespace GcTool.Cli.Settings;

/// <summary>
/// Finds the uv cache the way uv does on Linux outside a project (crates/uv-cache/src/cli.rs,
/// crates/uv-dirs, uv-cache-spec §9): <c>--cache-dir</c>, else <c>UV_CACHE_DIR</c>, else
/// <c>cache-dir</c> in gctool's config file, else <c>cache-dir</c> in the user's and then the
/// system's <c>uv.toml</c> (<see cref="UvConfigFiles"/>), else <c>$XDG_CACHE_HOME/uv</c> when that
/// variable is absolute, else <c>~/.cache/uv</c>.
/// </summary>
/// <remarks>
/// gctool's own <c>cache-dir</c> sits above uv's files because it is the operator's word about this
/// tool; a project's <c>pyproject.toml</c>/<c>uv.toml</c> is never read (gctool runs outside any
/// project). The path is returned as given (made absolute later by
/// <see cref="Core.Cache.UvCache.Open"/>), because uv writes symlinks through the spelling the user gave.
/// Without <paramref name="fileSystem"/> (pure settings tests) uv's files are not looked at.
/// </remarks>
internal static class CacheDirResolver
{
    public static ResolvedSetting Resolve(string? flag, EnvironmentVariables env, Config.EffectiveConfig? config = null, System.IO.Abstractions.IFileSystem? fileSystem = null) =>
        TryResolve(flag, env, config, fileSystem) ?? new ResolvedSetting(Path.Combine(HomeDirectory.Require(env, "--cache-dir"), ".cache", "uv"), "~/.cache/uv");

    /// <summary>As <see cref="Resolve"/>, but null instead of an error when only <c>~/.cache/uv</c> is left and HOME is unknown (<c>config show</c>).</summary>
    public static ResolvedSetting? TryResolve(string? flag, EnvironmentVariables env, Config.EffectiveConfig? config = null, System.IO.Abstractions.IFileSystem? fileSystem = null)
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
        if (fileSystem is not null && UvConfigFiles.CacheDir(fileSystem, env) is { } fromUvToml)
            return fromUvToml;
        if (env.Get(EnvironmentVariables.XdgCacheHome) is { } xdg && Path.IsPathFullyQualified(xdg))
            return new ResolvedSetting(Path.Combine(xdg, "uv"), "$XDG_CACHE_HOME/uv");
        return env.Get(EnvironmentVariables.Home) is { } home && Path.IsPathFullyQualified(home)
            ? new ResolvedSetting(Path.Combine(home, ".cache", "uv"), "~/.cache/uv")
            : null;
    }
}
