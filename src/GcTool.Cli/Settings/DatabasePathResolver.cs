using System.Security.Cryptography;
using System.Text;
using GcTool.Core;
using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Platform;

namespace GcTool.Cli.Settings;

/// <summary>
/// Where gctool's database lives: <c>--db</c>, else <c>GCTOOL_DB</c>, else a per-user state
/// directory (<c>$XDG_STATE_HOME/gctool/</c> when absolute, else <c>~/.local/state/gctool/</c>) with
/// a file name derived from the cache's real path, so each cache has its own database.
/// </summary>
/// <remarks>
/// The database must never lie inside the cache: <c>uv cache prune</c> and <c>uv cache clean</c>
/// delete files they do not know, and a database deleted under gctool's feet would forget every
/// root and every "last referenced" time.
/// </remarks>
internal static class DatabasePathResolver
{
    public static ResolvedSetting Resolve(string? flag, EnvironmentVariables env, string cacheRealPath, Config.EffectiveConfig? config = null)
    {
        if (flag is not null)
        {
            if (flag.Length == 0) throw new UsageException("--db is empty; pass a file path outside the uv cache");
            return new ResolvedSetting(Path.GetFullPath(flag), "--db");
        }
        if (env.Get(EnvironmentVariables.GcToolDb) is { } fromEnv)
            return new ResolvedSetting(Path.GetFullPath(fromEnv), EnvironmentVariables.GcToolDb);
        if (config?.Get(Config.ConfigKeys.Database) is { Value: string fromFile, Source: var source } && source != "default")
        {
            if (fromFile.Length == 0) throw new UsageException($"db is empty in {source}; set it to a file path outside the uv cache");
            return new ResolvedSetting(Path.GetFullPath(fromFile), source);
        }

        var fileName = FileNameFor(cacheRealPath);
        if (env.Get(EnvironmentVariables.XdgStateHome) is { } xdg && Path.IsPathFullyQualified(xdg))
            return new ResolvedSetting(Path.Combine(xdg, "gctool", fileName), "$XDG_STATE_HOME/gctool");
        var home = HomeDirectory.Require(env, "--db");
        return new ResolvedSetting(Path.Combine(home, ".local", "state", "gctool", fileName), "~/.local/state/gctool");
    }

    /// <summary><c>cache-&lt;first 16 hex digits of sha256(real path)&gt;.sqlite3</c>: stable per cache, safe as a file name.</summary>
    public static string FileNameFor(string cacheRealPath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(cacheRealPath));
        return $"cache-{Convert.ToHexStringLower(hash)[..16]}.sqlite3";
    }

    /// <summary>
    /// Refuses (usage error, exit 2) a database path inside the cache, by the path as given, through
    /// the cache's real path and aliases, and through the real path of the database's nearest
    /// existing parent (a symlinked state directory that leads into the cache).
    /// </summary>
    public static void EnsureOutsideCache(string databasePath, UvCache cache, IFileStatReader stat)
    {
        var db = Paths.Normalize(databasePath);
        var roots = new[] { cache.GivenRoot, cache.RealRoot }.Concat(cache.Aliases).ToList();
        var realDb = RealPathOfNearestExistingParent(db, stat);
        foreach (var root in roots)
        {
            if (Paths.IsUnder(db, root) || (realDb is not null && Paths.IsUnder(realDb, root)))
                throw new UsageException(
                    $"the database {db} lies inside the uv cache {cache.GivenRoot}, where `uv cache prune` deletes unknown files; pass --db (or set GCTOOL_DB) to a path outside the cache");
        }
    }

    private static string? RealPathOfNearestExistingParent(string path, IFileStatReader stat)
    {
        var remainder = new Stack<string>();
        var current = path;
        while (true)
        {
            if (stat.TryRealPath(current) is { } real)
                return remainder.Count == 0 ? real : Path.Combine([real, .. remainder]);
            var parent = Path.GetDirectoryName(current);
            if (string.IsNullOrEmpty(parent) || parent == current) return null;
            remainder.Push(Path.GetFileName(current));
            current = parent;
        }
    }
}
