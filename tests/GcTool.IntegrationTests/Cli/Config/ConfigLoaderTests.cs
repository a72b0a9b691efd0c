using System.IO.Abstractions.TestingHelpers;
using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Errors;

namespace GcTool.IntegrationTests.Cli.Config;

/// <summary>Config files and environment variables, layered, on a MockFileSystem with an injected environment.</summary>
public class ConfigLoaderTests
{
    private const string System = "/etc/gctool/config.toml";
    private const string User = "/home/dev/.config/gctool/config.toml";

    private static EnvironmentVariables Env(params (string Name, string? Value)[] values) =>
        new(values.Append(("HOME", "/home/dev")).DistinctBy(v => v.Item1).ToDictionary(v => v.Item1, v => v.Item2));

    private static EffectiveConfig Load(MockFileSystem fs, EnvironmentVariables? env = null) => ConfigLoader.Load(fs, env ?? Env());

    private static MockFileSystem Files(params (string Path, string Text)[] files)
    {
        var fs = new MockFileSystem();
        foreach (var (path, text) in files) fs.AddFile(path, new MockFileData(text));
        return fs;
    }

    [Fact]
    public void NoFiles_GiveTheDefaults()
    {
        var config = Load(new MockFileSystem());
        Assert.Equal(TimeSpan.FromDays(1), config.Duration(ConfigKeys.MinAge));
        Assert.Null(config.Size(ConfigKeys.MaxSize));
        Assert.All(config.Entries, e => Assert.Equal("default", e.Source));
        Assert.Equal([(System, false), (User, false)], config.Files.Select(f => (f.Path, f.Loaded)));
    }

    [Fact]
    public void SystemFile_IsRead_WithFileAndLineAsSource()
    {
        var config = Load(Files((System, "# nightly gc\ncache-dir = \"/srv/uv-cache\"\n\n[gc]\nmax-size = \"20G\"\n")));
        Assert.Equal("/srv/uv-cache", config.Path(ConfigKeys.CacheDir));
        Assert.Equal($"{System}:2", config.Get(ConfigKeys.CacheDir).Source);
        Assert.Equal(20L << 30, config.Size(ConfigKeys.MaxSize));
        Assert.Equal($"{System}:5", config.Get(ConfigKeys.MaxSize).Source);
    }

    [Fact]
    public void UserFile_OverridesSystemFile_KeyByKey()
    {
        var config = Load(Files(
            (System, "[gc]\nmin-age = \"7d\"\nmax-size = \"20G\"\n"),
            (User, "[gc]\nmin-age = \"2d\"\n")));
        Assert.Equal(TimeSpan.FromDays(2), config.Duration(ConfigKeys.MinAge));
        Assert.Equal($"{User}:2", config.Get(ConfigKeys.MinAge).Source);
        Assert.Equal(20L << 30, config.Size(ConfigKeys.MaxSize));
    }

    [Fact]
    public void XdgConfigHome_IsUsed_WhenAbsolute()
    {
        var fs = Files(("/xdg/gctool/config.toml", "gc.keep-unused-for = \"30d\"\n"), (User, "gc.keep-unused-for = \"1d\"\n"));
        var config = Load(fs, Env(("XDG_CONFIG_HOME", "/xdg")));
        Assert.Equal(TimeSpan.FromDays(30), config.Duration(ConfigKeys.KeepUnusedFor));
        Assert.Equal("/xdg/gctool/config.toml:1", config.Get(ConfigKeys.KeepUnusedFor).Source);
    }

    [Fact]
    public void XdgConfigHome_Relative_IsIgnored()
    {
        var config = Load(Files((User, "gc.environments = \"14d\"\n")), Env(("XDG_CONFIG_HOME", "rel")));
        Assert.Equal(TimeSpan.FromDays(14), config.Duration(ConfigKeys.Environments));
    }

    [Fact]
    public void GctoolConfig_NamesTheUserFile_AndMustExist()
    {
        var config = Load(Files(("/opt/gc.toml", "roots = [\"/srv/ci\", \"/home\"]\n")), Env(("GCTOOL_CONFIG", "/opt/gc.toml")));
        Assert.Equal(["/srv/ci", "/home"], config.List(ConfigKeys.Roots));
        var error = Assert.Throws<UsageException>(() => Load(new MockFileSystem(), Env(("GCTOOL_CONFIG", "/missing.toml"))));
        Assert.Contains("/missing.toml", error.Message);
    }

    [Fact]
    public void EnvironmentVariables_OverrideFiles()
    {
        var config = Load(Files((System, "cache-dir = \"/srv/a\"\ncache-aliases = [\"/mnt/a\"]\n[gc]\nmax-size = \"20G\"\nmin-age = \"7d\"\n")),
            Env(("UV_CACHE_DIR", "/srv/b"), ("GCTOOL_MAX_SIZE", "500M"), ("GCTOOL_CACHE_ALIASES", "/mnt/b:/mnt/c"), ("GCTOOL_MIN_AGE", "3h")));
        Assert.Equal("/srv/b", config.Path(ConfigKeys.CacheDir));
        Assert.Equal("$UV_CACHE_DIR", config.Get(ConfigKeys.CacheDir).Source);
        Assert.Equal(500L << 20, config.Size(ConfigKeys.MaxSize));
        Assert.Equal("$GCTOOL_MAX_SIZE", config.Get(ConfigKeys.MaxSize).Source);
        Assert.Equal(["/mnt/b", "/mnt/c"], config.List(ConfigKeys.CacheAliases));
        Assert.Equal(TimeSpan.FromHours(3), config.Duration(ConfigKeys.MinAge));
    }

    [Fact]
    public void MaxSize_MayBeAnIntegerNumberOfBytes()
    {
        Assert.Equal(1234, Load(Files((System, "[gc]\nmax-size = 1234\n"))).Size(ConfigKeys.MaxSize));
    }

    [Fact]
    public void RelativePaths_AreResolvedAgainstTheConfigFilesDirectory()
    {
        var config = Load(Files((System, "db = \"state/gc.sqlite3\"\n")));
        Assert.Equal("/etc/gctool/state/gc.sqlite3", config.Path(ConfigKeys.Database));
    }

    [Theory]
    [InlineData("[gc\nmin-age = \"1d\"\n", 1, "not valid TOML")]
    [InlineData("[gc]\nmin-age = \"1d\"\nmin-age = \"2d\"\n", 3, "already defined")]
    [InlineData("cache-dir = \"/a\"\n\n[gc]\nmax-size = \"20X\"\n", 4, "invalid size '20X'")]
    [InlineData("[gc]\nmin-age = \"1y\"\n", 2, "invalid duration '1y'")]
    [InlineData("[gc]\nmin-age = 5\n", 2, "gc.min-age must be a string")]
    [InlineData("\n\n[gc]\nmax_size = \"1G\"\n", 4, "unknown key 'gc.max_size'")]
    [InlineData("cache-dir = \"/a\"\n[policies]\n", 2, "unknown table [policies]")]
    [InlineData("roots = [\"relative/dir\"]\n", 1, "not an absolute path")]
    [InlineData("roots = \"/srv\"\n", 1, "must be an array")]
    [InlineData("[gc]\nmax-size = -5\n", 2, "must not be negative")]
    public void BadFile_IsAUsageError_NamingTheFileAndLine(string text, int line, string says)
    {
        var error = Assert.Throws<UsageException>(() => Load(Files((System, text))));
        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Contains($"{System}, line {line}", error.Message);
        Assert.Contains(says, error.Message);
    }

    [Theory]
    [InlineData("GCTOOL_MAX_SIZE", "lots")]
    [InlineData("GCTOOL_KEEP_UNUSED_FOR", "1.5d")]
    [InlineData("GCTOOL_ROOTS", "/ok:relative")]
    public void BadEnvironmentVariable_IsAUsageError_NamingIt(string name, string value)
    {
        var error = Assert.Throws<UsageException>(() => Load(new MockFileSystem(), Env((name, value))));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void CacheDirResolver_PutsTheConfigFileBetweenUvCacheDirAndTheXdgDefault()
    {
        var config = Load(Files((System, "cache-dir = \"/srv/from-file\"\n")));
        Assert.Equal("/srv/from-file", CacheDirResolver.Resolve(null, Env(("XDG_CACHE_HOME", "/xdg")), config).Value);
        Assert.Equal("/env", CacheDirResolver.Resolve(null, Env(("UV_CACHE_DIR", "/env")), config).Value);
        Assert.Equal("/flag", CacheDirResolver.Resolve("/flag", Env(), config).Value);
    }

    [Fact]
    public void DatabaseResolver_PutsTheConfigFileBetweenGctoolDbAndTheStateDefault()
    {
        var config = Load(Files((System, "db = \"/var/lib/gctool/db.sqlite3\"\n")));
        Assert.Equal("/var/lib/gctool/db.sqlite3", DatabasePathResolver.Resolve(null, Env(), "/cache", config).Value);
        Assert.Equal("/env.db", DatabasePathResolver.Resolve(null, Env(("GCTOOL_DB", "/env.db")), "/cache", config).Value);
    }

    [Fact]
    public void CacheAliases_ComeFromTheConfigFile_WhenTheVariableIsUnset()
    {
        var config = Load(Files((System, "cache-aliases = [\"/mnt/uv\"]\n")));
        Assert.Equal(["/mnt/uv"], CacheAliases.Resolve(Env(), config));
    }
}
