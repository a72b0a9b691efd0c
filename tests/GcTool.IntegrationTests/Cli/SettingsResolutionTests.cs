using System.IO.Abstractions.TestingHelpers;
using GcTool.Cli.Settings;
using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.IntegrationTests.Cli.Fakes;

namespace GcTool.IntegrationTests.Cli;

/// <summary>Where the cache and the database are, as pure functions of flags and an injected environment.</summary>
public class SettingsResolutionTests
{
    private static EnvironmentVariables Env(params (string Name, string? Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void CacheDir_Flag_BeatsEverything()
    {
        var resolved = CacheDirResolver.Resolve("/flag", Env(("UV_CACHE_DIR", "/env"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/dev")));
        Assert.Equal(new ResolvedSetting("/flag", "--cache-dir"), resolved);
    }

    [Fact]
    public void CacheDir_UvCacheDir_BeatsXdg() =>
        Assert.Equal("/env", CacheDirResolver.Resolve(null, Env(("UV_CACHE_DIR", "/env"), ("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/dev"))).Value);

    [Fact]
    public void CacheDir_XdgCacheHome_WhenAbsolute() =>
        Assert.Equal("/xdg/uv", CacheDirResolver.Resolve(null, Env(("XDG_CACHE_HOME", "/xdg"), ("HOME", "/home/dev"))).Value);

    [Fact]
    public void CacheDir_RelativeXdgCacheHome_IsIgnored_AsUvDoes() =>
        Assert.Equal("/home/dev/.cache/uv", CacheDirResolver.Resolve(null, Env(("XDG_CACHE_HOME", "rel/cache"), ("HOME", "/home/dev"))).Value);

    [Fact]
    public void CacheDir_EmptyVariables_CountAsUnset() =>
        Assert.Equal("/home/dev/.cache/uv", CacheDirResolver.Resolve(null, Env(("UV_CACHE_DIR", ""), ("XDG_CACHE_HOME", ""), ("HOME", "/home/dev"))).Value);

    [Fact]
    public void CacheDir_UvCacheDir_IsKeptAsGiven_NotCanonicalized() =>
        Assert.Equal("relative/cache", CacheDirResolver.Resolve(null, Env(("UV_CACHE_DIR", "relative/cache"))).Value);

    [Fact]
    public void CacheDir_WithoutHome_IsUsageErrorNamingTheFlag()
    {
        var error = Assert.Throws<UsageException>(() => CacheDirResolver.Resolve(null, Env()));
        Assert.Contains("--cache-dir", error.Message);
    }

    [Fact]
    public void CacheDir_EmptyFlag_IsUsageError() =>
        Assert.Throws<UsageException>(() => CacheDirResolver.Resolve("", Env(("HOME", "/home/dev"))));

    [Fact]
    public void Database_Flag_BeatsEverything() =>
        Assert.Equal(new ResolvedSetting("/flag.db", "--db"),
            DatabasePathResolver.Resolve("/flag.db", Env(("GCTOOL_DB", "/env.db"), ("XDG_STATE_HOME", "/state"), ("HOME", "/home/dev")), "/cache"));

    [Fact]
    public void Database_GcToolDb_BeatsXdg() =>
        Assert.Equal("/env.db", DatabasePathResolver.Resolve(null, Env(("GCTOOL_DB", "/env.db"), ("XDG_STATE_HOME", "/state")), "/cache").Value);

    [Fact]
    public void Database_RelativeFlag_IsMadeAbsolute() =>
        Assert.True(Path.IsPathFullyQualified(DatabasePathResolver.Resolve("gctool.db", Env(), "/cache").Value));

    [Fact]
    public void Database_XdgStateHome_HoldsOneFilePerCache()
    {
        var env = Env(("XDG_STATE_HOME", "/state"), ("HOME", "/home/dev"));
        var a = DatabasePathResolver.Resolve(null, env, "/caches/a");
        var b = DatabasePathResolver.Resolve(null, env, "/caches/b");
        Assert.Equal("/state/gctool/" + DatabasePathResolver.FileNameFor("/caches/a"), a.Value);
        Assert.NotEqual(a.Value, b.Value);
    }

    [Fact]
    public void Database_Default_IsUnderLocalState()
    {
        var resolved = DatabasePathResolver.Resolve(null, Env(("XDG_STATE_HOME", "relative"), ("HOME", "/home/dev")), "/cache");
        Assert.Matches("^/home/dev/.local/state/gctool/cache-[0-9a-f]{16}\\.sqlite3$", resolved.Value);
    }

    [Fact]
    public void Database_FileName_IsPinned() =>
        // `printf /home/dev/.cache/uv | sha256sum`: pinned so an upgrade never silently starts a new, empty database.
        Assert.Equal("cache-3bb087e8dcc1715f.sqlite3", DatabasePathResolver.FileNameFor("/home/dev/.cache/uv"));

    [Fact]
    public void Aliases_AreColonSeparatedAbsolutePaths() =>
        Assert.Equal(["/mnt/uv", "/opt/cache"], CacheAliases.Resolve(Env(("GCTOOL_CACHE_ALIASES", "/mnt/uv::/opt/cache"))));

    [Fact]
    public void Aliases_Unset_AreEmpty() => Assert.Empty(CacheAliases.Resolve(Env()));

    [Fact]
    public void Aliases_Relative_IsUsageError() =>
        Assert.Throws<UsageException>(() => CacheAliases.Resolve(Env(("GCTOOL_CACHE_ALIASES", "/ok:relative"))));

    [Theory]
    [InlineData("/cache/db.sqlite3")]
    [InlineData("/cache")]
    [InlineData("/cache/archive-v0/../x.db")]
    [InlineData("/mnt/uv/x.db")]          // the cache through an alias
    [InlineData("/real/cache/x.db")]      // the cache's real path
    [InlineData("/home/dev/link/x.db")]   // a symlinked directory into the cache
    public void Database_InsideCache_IsRefused(string db)
    {
        var (cache, stat) = CacheWithSymlinks();
        var error = Assert.Throws<UsageException>(() => DatabasePathResolver.EnsureOutsideCache(db, cache, stat));
        Assert.Contains("uv cache prune", error.Message);
    }

    [Theory]
    [InlineData("/home/dev/.local/state/gctool/cache-0123456789abcdef.sqlite3")]
    [InlineData("/cache-sibling/db.sqlite3")]
    [InlineData("/cachex.db")]
    public void Database_OutsideCache_IsAccepted(string db)
    {
        var (cache, stat) = CacheWithSymlinks();
        DatabasePathResolver.EnsureOutsideCache(db, cache, stat);
    }

    /// <summary>/cache is a symlink to /real/cache; /home/dev/link → /real/cache; alias /mnt/uv.</summary>
    private static (UvCache Cache, MockStatReader Stat) CacheWithSymlinks()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/real/cache/CACHEDIR.TAG", new MockFileData(UvCache.CacheDirTagSignature));
        fs.AddDirectory("/home/dev");
        var stat = new MockStatReader(fs);
        stat.AddDirectorySymlink("/cache", "/real/cache");
        stat.AddDirectorySymlink("/home/dev/link", "/real/cache");
        return (UvCache.Open(fs, stat, "/cache", ["/mnt/uv"]), stat);
    }
}
