using GcTool.Cli;
using GcTool.Core.Cache;

namespace GcTool.IntegrationTests.Cli;

/// <summary>The public entry point on a real temporary directory, with the real file system and realpath(3).</summary>
public sealed class RealWorldEntryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gctool-cli-").FullName;
    private readonly string _cache;

    public RealWorldEntryTests()
    {
        _cache = Path.Combine(_dir, "cache");
        Directory.CreateDirectory(_cache);
        File.WriteAllText(Path.Combine(_cache, "CACHEDIR.TAG"), UvCache.CacheDirTagSignature);
    }

    private (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["HOME"] = _dir };
        var exit = GcToolApp.Run(args, stdout, stderr, env);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Database_InsideTheCache_IsRefused()
    {
        var (exit, stdout, stderr) = Run("status", "--cache-dir", _cache, "--db", Path.Combine(_cache, "gctool.sqlite3"));
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("inside the uv cache", stderr);
        Assert.False(File.Exists(Path.Combine(_cache, "gctool.sqlite3")));
    }

    [Fact]
    public void Database_BehindASymlinkIntoTheCache_IsRefused()
    {
        var link = Path.Combine(_dir, "state");
        Directory.CreateSymbolicLink(link, _cache);
        var (exit, _, stderr) = Run("status", "--cache-dir", _cache, "--db", Path.Combine(link, "sub", "gctool.sqlite3"));
        Assert.Equal(2, exit);
        Assert.Contains("inside the uv cache", stderr);
    }

    [Fact]
    public void NotAUvCache_IsRefusedWithExit4()
    {
        var plain = Directory.CreateDirectory(Path.Combine(_dir, "plain")).FullName;
        var (exit, _, stderr) = Run("--json", "status", "--cache-dir", plain);
        Assert.Equal(4, exit);
        Assert.StartsWith("gctool: error: ", stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
