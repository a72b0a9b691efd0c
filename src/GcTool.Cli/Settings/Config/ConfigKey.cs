namespace GcTool.Cli.Settings.Config;

internal enum ConfigValueKind
{
    /// <summary>A string naming a path.</summary>
    Path,
    /// <summary>An array of absolute paths (a ':'-separated list in the environment variable).</summary>
    AbsolutePathList,
    /// <summary>A <see cref="DurationParser"/> string: "1d", "1h30m".</summary>
    Duration,
    /// <summary>A <see cref="Core.Collection.ByteSize"/> string ("20G") or an integer number of bytes.</summary>
    Size,
    /// <summary><c>true</c> or <c>false</c> (in the environment variable also <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>).</summary>
    Boolean,
}

/// <summary>One setting gctool reads from its config files and the environment.</summary>
/// <param name="Name">As written in config.toml: "cache-dir", "gc.max-size".</param>
/// <param name="JsonName">As <c>config show --json</c> prints it: "cache_dir", "max_size".</param>
/// <param name="Flag">The command-line option that overrides it.</param>
internal sealed record ConfigKey(string Name, string JsonName, ConfigValueKind Kind, string? EnvironmentVariable, string Flag, object? Default, string Description);
