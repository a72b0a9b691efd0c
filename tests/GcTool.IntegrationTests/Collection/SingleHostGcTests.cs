using GcTool.Cli;
using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Collection;

/// <summary>With one known host the two-phase protocol collapses into one run, as gc always behaved on SQLite.</summary>
public sealed class SingleHostGcTests : IDisposable
{
    private readonly TempDirectory temp = TempDirectory.Create("gctool-single-");

    private (int Exit, string Stderr) Gctool(UvCacheBuilder cache, params string[] args)
    {
        var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["HOME"] = temp.Path, ["UV_CACHE_DIR"] = cache.Root };
        var exit = GcToolApp.Run([.. args, "--db", temp.Combine("state", "gctool.db")], new StringWriter(), stderr, env);
        return (exit, stderr.ToString());
    }

    [Fact]
    public void Gc_DeletesAnUnreferencedEntry_InOneRun_AndKeepsAReferencedOne()
    {
        var cache = UvCacheBuilder.Create(temp.Combine("cache"));
        var used = cache.PersistWheel(Wheel.Named("used", "1.0").WithModule("used/__init__.py"));
        var orphan = cache.PersistWheel(Wheel.Named("orphan", "1.0").WithModule("orphan/__init__.py"));
        var venv = VenvBuilder.Create(temp.Combine("projects", "app", ".venv"));
        venv.Install(used, LinkMode.Symlink);
        Assert.Equal(0, Gctool(cache, "roots", "add", temp.Combine("projects")).Exit);

        var (exit, stderr) = Gctool(cache, "gc", "--min-age", "0s");

        Assert.True(exit == 0, stderr);
        Assert.False(orphan.Exists);
        Assert.True(used.Exists);
        PythonChecker.AssertImports(venv, "used");
    }

    public void Dispose() => temp.Dispose();
}
