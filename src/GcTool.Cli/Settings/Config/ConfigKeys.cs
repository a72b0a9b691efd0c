using GcTool.Cli.Commands;

namespace GcTool.Cli.Settings.Config;

/// <summary>Every key config.toml may hold, in the order <c>config show</c> prints them.</summary>
internal static class ConfigKeys
{
    public static readonly ConfigKey CacheDir = new("cache-dir", "cache_dir", ConfigValueKind.Path, EnvironmentVariables.UvCacheDir, "--cache-dir", null,
        "The uv cache");
    public static readonly ConfigKey Database = new("db", "database", ConfigValueKind.Path, EnvironmentVariables.GcToolDb, "--db", null,
        "gctool's database, outside the cache");
    public static readonly ConfigKey Roots = new("roots", "roots", ConfigValueKind.AbsolutePathList, EnvironmentVariables.GcToolRoots, "scan ROOT...", Array.Empty<string>(),
        "Directories registered as roots before every scan and gc");
    public static readonly ConfigKey CacheAliases = new("cache-aliases", "cache_aliases", ConfigValueKind.AbsolutePathList, EnvironmentVariables.GcToolCacheAliases, "-", Array.Empty<string>(),
        "Other paths at which the cache is mounted (containers)");
    public static readonly ConfigKey ImplicitRoots = new("implicit-roots", "implicit_roots", ConfigValueKind.Boolean, EnvironmentVariables.GcToolImplicitRoots, "-", true,
        "Treat uv's tool directories (UV_TOOL_DIR, ~/.local/share/uv/tools; as root, every user's) as roots");
    public static readonly ConfigKey Pins = new("pins", "pins", ConfigValueKind.Boolean, EnvironmentVariables.GcToolPins, "-", true,
        "Keep links in sdists-v*/gctool-pins so a plain `uv cache prune` keeps what environments use");
    public static readonly ConfigKey MinAge = new("gc.min-age", "min_age", ConfigValueKind.Duration, EnvironmentVariables.GcToolMinAge, "--min-age", GcCommand.DefaultMinAge,
        "Keep unreferenced entries younger than this");
    public static readonly ConfigKey LockTimeout = new("gc.lock-timeout", "lock_timeout", ConfigValueKind.Duration, EnvironmentVariables.GcToolLockTimeout, "--lock-timeout", GcCommand.DefaultLockTimeout,
        "How long gc waits for uv's cache lock");
    public static readonly ConfigKey KeepUnusedFor = new("gc.keep-unused-for", "keep_unused_for", ConfigValueKind.Duration, EnvironmentVariables.GcToolKeepUnusedFor, "--keep-unused-for", null,
        "Keep unreferenced entries an environment used within this time");
    public static readonly ConfigKey MaxSize = new("gc.max-size", "max_size", ConfigValueKind.Size, EnvironmentVariables.GcToolMaxSize, "--max-size", null,
        "Evict what --keep-unused-for keeps, least recently used first, above this size");
    public static readonly ConfigKey Environments = new("gc.environments", "environments", ConfigValueKind.Duration, EnvironmentVariables.GcToolEnvironments, "--environments", null,
        "Delete cached uvx / uv run --with environments unused for this long");
    public static readonly ConfigKey KeepStaleBuckets = new("gc.keep-stale-buckets", "keep_stale_buckets", ConfigValueKind.Boolean, EnvironmentVariables.GcToolKeepStaleBuckets, "--keep-stale-buckets", false,
        "Keep the buckets an older uv wrote (a cache that serves an older uv)");

    public static IReadOnlyList<ConfigKey> All { get; } = [CacheDir, Database, Roots, CacheAliases, ImplicitRoots, Pins, MinAge, LockTimeout, KeepUnusedFor, MaxSize, Environments, KeepStaleBuckets];

    public static ConfigKey? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
