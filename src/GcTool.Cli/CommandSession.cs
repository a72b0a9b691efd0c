using GcTool.Cli.Output;
using GcTool.Cli.Output.Human;
using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core;
using GcTool.Core.Cache;
using GcTool.Core.Progress;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Cli;

/// <summary>
/// One command's view of the world: where to render, what to log, the cancellation token, and the
/// <see cref="GcToolContext"/>, opened on first use so a command can validate its arguments
/// (entry ids, paths) before anything touches the cache or the database.
/// </summary>
internal sealed class CommandSession(CliHost host, GlobalSettings settings, IReportRenderer output, IOperatorLog log, TerminalProgress? progress = null) : IDisposable
{
    private GcToolContext? _context;
    private string? _databasePath;
    private EffectiveConfig? _config;

    public IReportRenderer Output { get; } = output;
    public ICoreOperations Core => host.Core;
    public CancellationToken Cancellation => host.Cancellation;

    /// <summary>The file system, for checking arguments before <see cref="Context"/> opens the cache and the database.</summary>
    public System.IO.Abstractions.IFileSystem FileSystem => host.FileSystem;

    /// <summary>Config files and environment variables, layered (<see cref="ConfigLoader"/>); read on first use.</summary>
    public EffectiveConfig Config => _config ??= host.DefaultsOnly ? ConfigLoader.Defaults() : ConfigLoader.Load(host.FileSystem, host.Environment);

    public GlobalSettings Settings => settings;

    public CliHost Host => host;

    public IOperatorLog Log => log;

    /// <summary>The cache, database and clock, opened and bound on first use.</summary>
    public GcToolContext Context => _context ??= Open();

    /// <summary>
    /// Runs a long core operation with progress bars on a terminal, or plainly elsewhere. The
    /// context is opened first, so errors about the cache or database print without bars.
    /// </summary>
    public T WithProgress<T>(Func<GcToolContext, T> work)
    {
        var context = Context;
        return progress is null ? work(context) : progress.Run(() => work(context));
    }

    /// <summary>The database file in use (opens the context if needed).</summary>
    public string DatabasePath
    {
        get
        {
            _ = Context;
            return _databasePath!;
        }
    }

    /// <summary>
    /// 1. Find the cache (flag, env, XDG) and open it: it must be a uv cache (CACHEDIR.TAG).
    /// 2. Find the database from the cache's real path, and refuse one inside the cache or (SQLite) on a network file system.
    /// 3. Open the store and bind it to this cache, so one database never serves two caches.
    /// </summary>
    private GcToolContext Open()
    {
        var cacheDir = CacheDirResolver.Resolve(settings.CacheDir, host.Environment, Config, host.FileSystem);
        var aliases = CacheAliases.Resolve(host.Environment, Config);
        log.Verbose($"cache: {cacheDir}{(aliases.Count > 0 ? $"; aliases: {string.Join(", ", aliases)}" : "")}");
        var cache = UvCache.Open(host.FileSystem, host.Stat, cacheDir.Value, aliases);

        var database = DatabasePathResolver.Resolve(settings.Database, host.Environment, cache.RealRoot, Config);
        var isServer = DatabasePathResolver.IsUrl(database.Value);
        if (!isServer)
        {
            DatabasePathResolver.EnsureOutsideCache(database.Value, cache, host.Stat);
            // 2b. SQLite's locks do not hold across the clients of a network file system.
            if (host.FileSystemTypes is { } types) NetworkFileSystems.EnsureLocal(database.Value, types);
        }
        var hostId = HostIdResolver.Resolve(settings.HostId, host.Environment, host.FileSystem);
        log.Verbose($"database: {(isServer ? Store.Postgres.PostgresUrl.Redact(database.Value) + $" (from {database.Source})" : database)}; host: {hostId}");

        var store = host.OpenStore(database.Value, hostId.Value);
        try
        {
            store.BindCache(cache.Identity);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        _databasePath = database.Value;
        return new GcToolContext(cache, store, host.FileSystem, host.Stat, host.CreateLocker(), host.Clock, log)
        {
            Progress = (IProgress<WorkProgress>?)progress ?? NullProgress.Instance,
            DescribeWait = GcTool.Cli.Output.PlanText.Waiting,
        };
    }

    public void Dispose() => _context?.Store.Dispose();
}
