namespace GcTool.Cli.Settings;

/// <summary>
/// The process environment as gctool reads it: an injected dictionary, so settings resolution is a
/// pure function in tests. An empty value counts as unset, as uv treats it.
/// </summary>
internal sealed class EnvironmentVariables(IDictionary<string, string?> values)
{
    public const string UvCacheDir = "UV_CACHE_DIR";
    public const string XdgCacheHome = "XDG_CACHE_HOME";
    public const string XdgStateHome = "XDG_STATE_HOME";
    public const string Home = "HOME";
    public const string GcToolDb = "GCTOOL_DB";
    public const string GcToolHostId = "GCTOOL_HOST_ID";
    public const string GcToolCacheAliases = "GCTOOL_CACHE_ALIASES";
    public const string NoColor = "NO_COLOR";
    public const string XdgConfigHome = "XDG_CONFIG_HOME";
    public const string XdgConfigDirs = "XDG_CONFIG_DIRS";
    public const string XdgDataHome = "XDG_DATA_HOME";
    public const string UvToolDir = "UV_TOOL_DIR";
    public const string UvLockTimeout = "UV_LOCK_TIMEOUT";
    public const string GcToolImplicitRoots = "GCTOOL_IMPLICIT_ROOTS";
    public const string GcToolPins = "GCTOOL_PINS";
    public const string GcToolConfig = "GCTOOL_CONFIG";
    public const string GcToolRoots = "GCTOOL_ROOTS";
    public const string GcToolMinAge = "GCTOOL_MIN_AGE";
    public const string GcToolLockTimeout = "GCTOOL_LOCK_TIMEOUT";
    public const string GcToolKeepUnusedFor = "GCTOOL_KEEP_UNUSED_FOR";
    public const string GcToolMaxSize = "GCTOOL_MAX_SIZE";
    public const string GcToolEnvironments = "GCTOOL_ENVIRONMENTS";
    public const string GcToolKeepStaleBuckets = "GCTOOL_KEEP_STALE_BUCKETS";

    public static EnvironmentVariables Empty { get; } = new(new Dictionary<string, string?>());

    /// <summary>The value, or null when the variable is missing or empty.</summary>
    public string? Get(string name) =>
        values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public bool IsSet(string name) => Get(name) is not null;

    /// <summary>The variables as Spectre.Console wants them (it reads TERM, NO_COLOR, CI markers).</summary>
    public Dictionary<string, string> ToDictionary() =>
        values.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    /// <summary>A snapshot of the real process environment.</summary>
    public static Dictionary<string, string?> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            result[(string)e.Key] = e.Value as string;
        if (string.IsNullOrEmpty(result.GetValueOrDefault(Home)))
        {
            var profile = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
            if (!string.IsNullOrEmpty(profile)) result[Home] = profile;
        }
        return result;
    }
}
