namespace GcTool.Cli.Settings.Config;

/// <summary>One setting's effective value and where it came from.</summary>
/// <param name="Value">string, IReadOnlyList&lt;string&gt;, TimeSpan or long; null when unset (the command's own default applies).</param>
/// <param name="Source">"default", "/etc/gctool/config.toml:3", "$GCTOOL_MAX_SIZE" or a flag such as "--cache-dir".</param>
internal sealed record ConfigEntry(ConfigKey Key, object? Value, string Source);

/// <summary>A config file gctool looked for, and whether it was there.</summary>
internal sealed record ConfigFileStatus(string Path, bool Loaded);

/// <summary>
/// The settings after layering: defaults, then <c>/etc/gctool/config.toml</c>, then the user's
/// config file, then environment variables. Flags are applied last, by the commands that take them.
/// </summary>
internal sealed class EffectiveConfig(IReadOnlyDictionary<ConfigKey, ConfigEntry> entries, IReadOnlyList<ConfigFileStatus> files)
{
    public static EffectiveConfig Defaults { get; } = new(
        ConfigKeys.All.ToDictionary(k => k, k => new ConfigEntry(k, k.Default, "default")), []);

    public IReadOnlyList<ConfigFileStatus> Files => files;

    public IEnumerable<ConfigEntry> Entries => ConfigKeys.All.Select(Get);

    public ConfigEntry Get(ConfigKey key) => entries.TryGetValue(key, out var entry) ? entry : new ConfigEntry(key, key.Default, "default");

    public string? Path(ConfigKey key) => Get(key).Value as string;

    public IReadOnlyList<string> List(ConfigKey key) => Get(key).Value as IReadOnlyList<string> ?? [];

    public TimeSpan? Duration(ConfigKey key) => Get(key).Value is TimeSpan value ? value : null;

    public long? Size(ConfigKey key) => Get(key).Value is long value ? value : null;

    public bool Flag(ConfigKey key) => Get(key).Value is true;

    /// <summary>A copy where <paramref name="key"/> takes a flag's value (for <c>config show</c> with global flags).</summary>
    public EffectiveConfig With(ConfigKey key, object value, string source)
    {
        var copy = ConfigKeys.All.ToDictionary(k => k, Get);
        copy[key] = new ConfigEntry(key, value, source);
        return new EffectiveConfig(copy, files);
    }
}
