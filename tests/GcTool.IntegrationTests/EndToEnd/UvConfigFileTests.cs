using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>uv's own configuration, as uv reads it outside a project: cache-dir in uv.toml, UV_LOCK_TIMEOUT.</summary>
public sealed class UvConfigFileTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>Writes <c>&lt;dir&gt;/uv/uv.toml</c> and returns it.</summary>
    private string UvToml(string dir, string text)
    {
        var path = _world.PathOf(dir, "uv", "uv.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private Dictionary<string, string?> Env() => new()
    {
        ["HOME"] = _world.PathOf("home"),
        ["XDG_CONFIG_HOME"] = _world.PathOf("user-config"),
        ["XDG_CONFIG_DIRS"] = _world.PathOf("system-config"),
    };

    [Fact]
    public void TheCache_ComesFromCacheDirInTheUsersUvToml()
    {
        var file = UvToml("user-config", $"# uv settings\nnative-tls = true\ncache-dir = \"{_world.Cache.Root}\"\n");

        var show = _world.RunWithout(Env(), "--db", _world.Database, "--json", "config", "show").AssertExit(0);
        var status = _world.RunWithout(Env(), "--db", _world.Database, "--json", "status").AssertExit(0);

        var setting = show.Json.GetProperty("settings").GetProperty("cache_dir");
        Assert.Equal(_world.Cache.Root, setting.GetProperty("value").GetString());
        Assert.Equal($"{file}:3", setting.GetProperty("source").GetString());
        Assert.Equal(new DirectoryInfo(_world.Cache.Root).FullName, status.Json.GetProperty("cache_root").GetString());
    }

    [Fact]
    public void TheUsersUvToml_WinsOverTheSystemOne_WhichCountsWhenTheUserSetsNothing()
    {
        var system = UvToml("system-config", $"cache-dir = \"{_world.Cache.Root}\"\n");
        var env = Env();

        var fromSystem = _world.RunWithout(env, "--json", "config", "show").AssertExit(0);
        var user = UvToml("user-config", "cache-dir = \"/srv/user-cache\"\n");
        var fromUser = _world.RunWithout(env, "--json", "config", "show").AssertExit(0);

        Assert.Equal($"{system}:1", fromSystem.Json.GetProperty("settings").GetProperty("cache_dir").GetProperty("source").GetString());
        Assert.Equal("/srv/user-cache", fromUser.Json.GetProperty("settings").GetProperty("cache_dir").GetProperty("value").GetString());
        Assert.Equal($"{user}:1", fromUser.Json.GetProperty("settings").GetProperty("cache_dir").GetProperty("source").GetString());
    }

    [Fact]
    public void UvCacheDir_WinsOverUvToml()
    {
        UvToml("user-config", "cache-dir = \"/srv/user-cache\"\n");
        var env = Env();
        env["UV_CACHE_DIR"] = _world.Cache.Root;

        var show = _world.RunWithout(env, "--json", "config", "show").AssertExit(0);

        Assert.Equal(_world.Cache.Root, show.Json.GetProperty("settings").GetProperty("cache_dir").GetProperty("value").GetString());
    }

    [Fact]
    public void AUvTomlThatDoesNotParse_IsAUsageErrorNamingFileAndLine()
    {
        var file = UvToml("user-config", "native-tls = true\ncache-dir = \"/srv/cache\n");

        var result = _world.RunWithout(Env(), "--db", _world.Database, "status");

        Assert.Equal(2, result.ExitCode);
        var message = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"bad uv config file {file}, line 2", message);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void UvLockTimeout_IsGcsLockTimeout_WhenNothingElseSetsOne()
    {
        _world.ScanProjects();
        using var uv = LockHolder.Exclusive(_world.Cache.LockPath);

        var gc = _world.RunWith(new Dictionary<string, string?> { ["UV_LOCK_TIMEOUT"] = "0" }, "--json", "gc", "--min-age", "0s");
        var show = _world.RunWith(new Dictionary<string, string?> { ["UV_LOCK_TIMEOUT"] = "7" }, "--json", "config", "show").AssertExit(0);

        gc.AssertExit(3);
        Assert.Contains("not acquired in 0s", gc.Stderr);
        var setting = show.Json.GetProperty("settings").GetProperty("lock_timeout");
        Assert.Equal("7s", setting.GetProperty("value").GetString());
        Assert.Equal("$UV_LOCK_TIMEOUT", setting.GetProperty("source").GetString());
    }

    [Fact]
    public void GctoolsLockTimeout_WinsOverUvLockTimeout()
    {
        var show = _world.RunWith(new Dictionary<string, string?> { ["UV_LOCK_TIMEOUT"] = "7", ["GCTOOL_LOCK_TIMEOUT"] = "2m" }, "--json", "config", "show").AssertExit(0);

        Assert.Equal("2m", show.Json.GetProperty("settings").GetProperty("lock_timeout").GetProperty("value").GetString());
    }
}
