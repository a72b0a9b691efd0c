using GcTool.Cli;
using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>
/// The two-phase protocol end to end: three simulated hosts (separate --host-id, separate roots,
/// one real cache with real venvs), one PostgreSQL database, gctool run in-process as each host.
/// </summary>
/// <remarks>Condemnation and scan times are whole seconds and a scan must come strictly after a condemnation, so the tests wait a second in between.</remarks>
[Collection(PostgresCollection.Name), RequiresPostgres]
public sealed class MultiHostProtocolTests : IDisposable
{
    private readonly TempDirectory temp = TempDirectory.Create("gctool-hosts-");
    private readonly UvCacheBuilder cache;
    private readonly string url;

    public MultiHostProtocolTests(PostgresFixture fixture)
    {
        cache = UvCacheBuilder.Create(temp.Combine("cache"));
        url = fixture.Server.Url(schema: fixture.Server.CreateSchema());
        foreach (var host in new[] { "a", "b", "c" })
        {
            Directory.CreateDirectory(Root(host));
            Ok(host, "roots", "add", Root(host));
            Ok(host, "scan");
        }
    }

    private string Root(string host) => temp.Combine("host-" + host);

    private (int Exit, string Stdout, string Stderr) Gctool(string host, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["HOME"] = temp.Path, ["UV_CACHE_DIR"] = cache.Root };
        var exit = GcToolApp.Run([.. args, "--db", url, "--host-id", host], stdout, stderr, env);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Ok(string host, params string[] args)
    {
        var (exit, stdout, stderr) = Gctool(host, args);
        Assert.True(exit == 0, $"gctool {string.Join(' ', args)} as {host} exited {exit}: {stderr}");
        return stdout;
    }

    private static void NextSecond() => Thread.Sleep(1_100);

    [Fact]
    public void EntryUsedOnlyByHostBsNewEnvironment_SurvivesAsGc_UntilBHasScanned_AndOrphansGoOnceAllScanned()
    {
        var usedByB = cache.PersistWheel(Wheel.Named("bonly", "1.0").WithModule("bonly/__init__.py"));
        var orphan = cache.PersistWheel(Wheel.Named("orphan", "1.0").WithModule("orphan/__init__.py"));
        // B installs after its last scan: A cannot know.
        var venvB = VenvBuilder.Create(Path.Combine(Root("b"), "app", ".venv"));
        venvB.Install(usedByB, LinkMode.Symlink);
        NextSecond();

        Ok("a", "gc", "--min-age", "0s", "--max-clock-skew", "0s");

        Assert.True(usedByB.Exists);
        Assert.True(orphan.Exists, "condemned only: b and c have not scanned since");
        PythonChecker.AssertImports(venvB, "bonly");

        NextSecond();
        Ok("b", "scan");
        Ok("c", "scan");
        Ok("a", "gc", "--min-age", "0s", "--max-clock-skew", "0s");

        Assert.True(usedByB.Exists, "b's scan saw its environment and cleared the condemnation");
        PythonChecker.AssertImports(venvB, "bonly");
        Assert.False(orphan.Exists, "every host scanned after the condemnation and nothing references it");
    }

    [Fact]
    public void RetiredHostsReferences_AreDropped_AndItsEntriesCollected()
    {
        var usedByC = cache.PersistWheel(Wheel.Named("conly", "1.0").WithModule("conly/__init__.py"));
        VenvBuilder.Create(Path.Combine(Root("c"), ".venv")).Install(usedByC, LinkMode.Symlink);
        Ok("c", "scan");
        Ok("a", "gc", "--min-age", "0s", "--max-clock-skew", "0s");
        Assert.True(usedByC.Exists);

        Assert.Contains("Retired host c", Ok("a", "hosts", "retire", "c"));
        NextSecond();
        Ok("a", "gc", "--min-age", "0s", "--max-clock-skew", "0s");
        Assert.True(usedByC.Exists, "condemned now; b has not scanned since");
        NextSecond();
        Ok("b", "scan");
        Ok("a", "gc", "--min-age", "0s", "--max-clock-skew", "0s");

        Assert.False(usedByC.Exists);
        Assert.Contains("\"active\": false", Ok("a", "hosts", "list", "--json"));
    }

    [Fact]
    public void SilentHost_BlocksDeletion_WithExit4NamingIt_UntilItScans()
    {
        var orphan = cache.PersistWheel(Wheel.Named("orphan", "1.0").WithModule("orphan/__init__.py"));
        Thread.Sleep(3_100);
        Ok("a", "scan");
        Ok("b", "scan");

        var (exit, _, stderr) = Gctool("a", "gc", "--min-age", "0s", "--max-clock-skew", "0s", "--silent-host-after", "2s");

        Assert.Equal(4, exit);
        Assert.Contains("host c", stderr);
        Assert.Contains("hosts retire", stderr);
        Assert.True(orphan.Exists);

        NextSecond();
        Ok("b", "scan");
        Ok("c", "scan");
        Ok("a", "gc", "--min-age", "0s", "--max-clock-skew", "0s", "--silent-host-after", "2s");
        Assert.False(orphan.Exists);
    }

    public void Dispose() => temp.Dispose();
}
