using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>The config file through the real CLI: policies from the file, flags over the file, bad files.</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    private Dictionary<string, string?> ConfigFile(string text)
    {
        var path = _world.PathOf("gctool.toml");
        File.WriteAllText(path, text);
        return new Dictionary<string, string?> { ["GCTOOL_CONFIG"] = path };
    }

    private ArchiveEntry UsedThenAbandoned(string name)
    {
        var entry = _world.Cache.PersistWheel(Wheel.WithSubmodule(name, "1.0"));
        var venv = _world.Venv(name);
        venv.Install(entry, LinkMode.Symlink);
        _world.ScanProjects();
        venv.Remove();
        _world.ScanProjects();
        return entry;
    }

    [Fact]
    public void GcPolicies_ComeFromTheConfigFile()
    {
        UsedThenAbandoned("warm");
        var env = ConfigFile("[gc]\nmin-age = \"0s\"\nkeep-unused-for = \"30d\"\n");

        var gc = _world.RunWith(env, "--json", "gc", "--dry-run").AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.Equal(1, gc.Json.GetProperty("kept").GetProperty("recently_used").GetInt64());
        var policies = gc.Json.GetProperty("policies");
        Assert.Equal(0, policies.GetProperty("min_age_ms").GetInt64());
        Assert.Equal((long)TimeSpan.FromDays(30).TotalMilliseconds, policies.GetProperty("keep_unused_for_ms").GetInt64());
    }

    [Fact]
    public void Flags_OverrideTheConfigFile()
    {
        var warm = UsedThenAbandoned("warm");
        var env = ConfigFile("[gc]\nmin-age = \"0s\"\nkeep-unused-for = \"30d\"\n");

        var gc = _world.RunWith(env, "--json", "gc", "--dry-run", "--keep-unused-for", "0s").AssertExit(0);

        Assert.Equal([warm.Id], gc.PlannedIds);
    }

    [Fact]
    public void ConfiguredRoots_AreRegisteredBeforeGc()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        var env = ConfigFile($"roots = [\"{_world.Projects}\"]\n");

        _world.RunWith(env, "--json", "gc", "--min-age", "0s").AssertExit(0);

        Assert.True(used.Exists);
        var roots = _world.Json("roots", "list").AssertExit(0).Json.GetProperty("roots");
        Assert.Equal([_world.Projects], roots.EnumerateArray().Select(r => r.GetProperty("path").GetString()));
    }

    [Fact]
    public void BadConfigFile_ExitsTwo_NamingTheFileAndLine_AndDeletesNothing()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();
        var env = ConfigFile("[gc]\nmin-age = \"0s\"\nmax-size = \"twenty gigs\"\n");

        var gc = _world.RunWith(env, "--json", "gc").AssertExit(2);

        Assert.Contains("gctool.toml, line 3", gc.Stderr);
        Assert.Equal("usage", gc.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.True(orphan.Exists);
    }

    [Fact]
    public void ConfigShow_SaysWhereEachValueCameFrom()
    {
        var env = ConfigFile("[gc]\nmax-size = \"20G\"\n");
        env["GCTOOL_ENVIRONMENTS"] = "14d";

        var show = _world.RunWith(env, "--json", "config", "show").AssertExit(0).Json.GetProperty("settings");

        Assert.Equal(20L << 30, show.GetProperty("max_size").GetProperty("value").GetInt64());
        Assert.EndsWith("gctool.toml:2", show.GetProperty("max_size").GetProperty("source").GetString());
        Assert.Equal("14d", show.GetProperty("environments").GetProperty("value").GetString());
        Assert.Equal("$GCTOOL_ENVIRONMENTS", show.GetProperty("environments").GetProperty("source").GetString());
        Assert.Equal("--cache-dir", show.GetProperty("cache_dir").GetProperty("source").GetString());
        Assert.Equal("1d", show.GetProperty("min_age").GetProperty("value").GetString());
        Assert.Equal("default", show.GetProperty("min_age").GetProperty("source").GetString());
    }
}
