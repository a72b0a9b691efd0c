using System.IO.Abstractions;
using GcTool.Core.Collection;
using GcTool.Core.Errors;

namespace GcTool.Cli.Settings.Config;

/// <summary>
/// Builds the <see cref="EffectiveConfig"/>: defaults, <c>/etc/gctool/config.toml</c>, the user's
/// file (<c>$GCTOOL_CONFIG</c> if set, else <c>$XDG_CONFIG_HOME/gctool/config.toml</c> when that
/// variable is absolute, else <c>~/.config/gctool/config.toml</c>), then environment variables.
/// </summary>
/// <remarks>
/// Missing files are fine (most hosts have none); a file named by <c>GCTOOL_CONFIG</c> must exist.
/// A file that exists but cannot be read or parsed is an error (exit 2) naming the file and line:
/// a nightly gc must not quietly run with weaker policies than the operator wrote down.
/// </remarks>
internal static class ConfigLoader
{
    public const string SystemFile = "/etc/gctool/config.toml";

    public static EffectiveConfig Load(IFileSystem fileSystem, EnvironmentVariables env)
    {
        var entries = ConfigKeys.All.ToDictionary(k => k, k => new ConfigEntry(k, k.Default, "default"));
        var files = new List<ConfigFileStatus>();
        foreach (var (path, required) in Files(env))
        {
            var text = Read(fileSystem, path, required);
            files.Add(new ConfigFileStatus(path, text is not null));
            if (text is null) continue;
            foreach (var value in ConfigFileReader.Parse(text, path))
                entries[value.Key] = new ConfigEntry(value.Key, value.Value, value.Source);
        }
        foreach (var key in ConfigKeys.All)
        {
            if (key.EnvironmentVariable is not { } name || env.Get(name) is not { } raw) continue;
            entries[key] = new ConfigEntry(key, FromEnvironment(key, name, raw), "$" + name);
        }
        // uv's own lock timeout is the last word before gctool's default: a host that tuned uv's wait tunes gc's.
        if (entries[ConfigKeys.LockTimeout].Source == "default" && UvLockTimeout(env) is { } uvTimeout)
            entries[ConfigKeys.LockTimeout] = new ConfigEntry(ConfigKeys.LockTimeout, uvTimeout, "$" + EnvironmentVariables.UvLockTimeout);
        return new EffectiveConfig(entries, files);
    }

    /// <summary>
    /// <c>UV_LOCK_TIMEOUT</c> as uv reads it (crates/uv-fs/src/locked_file.rs): whole seconds, a plain
    /// unsigned integer. uv ignores any other value (with a warning) and waits its default, so gctool
    /// ignores it too rather than fail a nightly job over uv's variable.
    /// </summary>
    public static TimeSpan? UvLockTimeout(EnvironmentVariables env) =>
        env.Get(EnvironmentVariables.UvLockTimeout) is { } raw
        && ulong.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && seconds <= (ulong)TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>The defaults alone, no file and no variable: for <c>gctool demo</c>, whose runs must not pick up the operator's roots or policies.</summary>
    public static EffectiveConfig Defaults() =>
        new(ConfigKeys.All.ToDictionary(k => k, k => new ConfigEntry(k, k.Default, "default")), []);

    /// <summary>The files read, lowest precedence first, and whether each must exist.</summary>
    public static IEnumerable<(string Path, bool Required)> Files(EnvironmentVariables env)
    {
        yield return (SystemFile, false);
        if (env.Get(EnvironmentVariables.GcToolConfig) is { } explicitFile)
        {
            yield return (Path.GetFullPath(explicitFile), true);
            yield break;
        }
        if (env.Get(EnvironmentVariables.XdgConfigHome) is { } xdg && Path.IsPathFullyQualified(xdg))
            yield return (Path.Combine(xdg, "gctool", "config.toml"), false);
        else if (env.Get(EnvironmentVariables.Home) is { } home && Path.IsPathFullyQualified(home))
            yield return (Path.Combine(home, ".config", "gctool", "config.toml"), false);
    }

    private static string? Read(IFileSystem fileSystem, string path, bool required)
    {
        try
        {
            if (!fileSystem.File.Exists(path))
            {
                if (fileSystem.Directory.Exists(path)) throw new UsageException($"the config file {path} is a directory");
                return required ? throw new UsageException($"the config file {path} named by {EnvironmentVariables.GcToolConfig} does not exist") : null;
            }
            return fileSystem.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the config file {path}: {e.Message}; fix its permissions or remove it");
        }
    }

    private static object FromEnvironment(ConfigKey key, string name, string raw) => key.Kind switch
    {
        ConfigValueKind.Path => raw,
        ConfigValueKind.AbsolutePathList => AbsoluteList(name, raw),
        ConfigValueKind.Duration => DurationParser.TryParse(raw, out var d, out var error)
            ? d : throw new UsageException($"{name}='{raw}' is not a duration: {error}; use {DurationParser.AcceptedForms}"),
        ConfigValueKind.Size => ByteSize.TryParse(raw, out var size, out var sizeError)
            ? size : throw new UsageException($"{name}='{raw}' is not a size: {sizeError}; use {ByteSize.AcceptedForms}"),
        ConfigValueKind.Boolean => raw.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new UsageException($"{name}='{raw}' is not a boolean; use true or false"),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static List<string> AbsoluteList(string name, string raw)
    {
        var list = new List<string>();
        foreach (var part in raw.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Path.IsPathFullyQualified(part))
                throw new UsageException($"{name} holds '{part}', which is not an absolute path; list absolute paths separated by ':'");
            list.Add(part);
        }
        return list;
    }
}
