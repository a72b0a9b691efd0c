using GcTool.Cli;
using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>
/// The server dies in the middle of a gc (<c>pg_ctl stop -m immediate</c>, from a hook on the
/// store): gc stops, deletes nothing its journal does not hold, keeps every referenced entry, and
/// the next gc, once the server is back, finishes the job. Each test has its own server.
/// </summary>
[RequiresPostgres]
public sealed class PostgresFailoverTests : IDisposable
{
    private readonly TempDirectory temp = TempDirectory.Create("gctool-failover-");

    private int Gctool(string url, UvCacheBuilder cache, Action<string>? hook, out string stderr, params string[] args)
    {
        var err = new StringWriter();
        var env = new Dictionary<string, string?> { ["HOME"] = temp.Path, ["UV_CACHE_DIR"] = cache.Root };
        var host = CliHost.Real(new StringWriter(), err, env, stdoutIsTerminal: false, CancellationToken.None);
        if (hook is not null) host = host with { OpenStore = (db, id) => new HookedStore(CliHost.OpenRealStore(db, id), hook) };
        var exit = GcToolApp.Run([.. args, "--db", url, "--host-id", "a"], host);
        stderr = err.ToString();
        return exit;
    }

    [PostgresTheory]
    [InlineData("Condemn", 1)]            // pointers of the candidates are gone, nothing recorded, entries whole
    [InlineData("RecordPlan", 1)]         // condemned, no plan recorded
    [InlineData("UpdateSweepStates", 1)]  // plan recorded; the server dies at the journal write after the pointers
    [InlineData("UpdateSweepStates", 2)]  // entries renamed into the trash; the server dies before that is journaled
    public void ServerStopsMidGc_GcAborts_DeletesNothingUnjournaled_AndTheNextGcResumes(string step, int occurrence)
    {
        using var server = PostgresServer.Start();
        var url = server.Url(schema: server.CreateSchema());
        var cache = UvCacheBuilder.Create(temp.Combine("cache"));
        var used = cache.PersistWheel(Wheel.Named("used", "1.0").WithModule("used/__init__.py"));
        var orphans = Enumerable.Range(0, 3).Select(i => cache.PersistWheel(Wheel.Named($"orphan{i}", "1.0").WithModule($"orphan{i}/__init__.py"))).ToList();
        var venv = VenvBuilder.Create(temp.Combine("projects", ".venv"));
        venv.Install(used, LinkMode.Symlink);
        Assert.Equal(0, Gctool(url, cache, null, out _, "roots", "add", temp.Combine("projects")));
        var filesBefore = orphans.Sum(o => FilesUnder(o.Path));

        var seen = 0;
        var exit = Gctool(url, cache, name =>
        {
            if (name == step && ++seen == occurrence) server.StopImmediately();
        }, out var stderr, "gc", "--min-age", "0s");

        Assert.Equal(1, exit);
        Assert.Contains("unreachable", stderr);
        Assert.Equal(occurrence, seen);
        // Nothing was deleted: each orphan is whole, in archive-v0 or (renamed) in the trash.
        var trash = Path.Combine(cache.Root, ".gctool-trash");
        // Every file of every planned entry is somewhere: in place or in the trash (not counting gctool's own
        // run lock and each run's journal there).
        var gctoolsOwn = Directory.Exists(trash)
            ? Directory.EnumerateFiles(trash, "*", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) is ".lock" or ".journal")
            : 0;
        var filesLeft = orphans.Sum(o => o.Exists ? FilesUnder(o.Path) : 0) + (Directory.Exists(trash) ? FilesUnder(trash) - gctoolsOwn : 0);
        Assert.Equal(filesBefore, filesLeft);
        Assert.True(used.Exists);
        PythonChecker.AssertImports(venv, "used");

        server.StartServer();
        Assert.True(Gctool(url, cache, null, out stderr, "gc", "--min-age", "0s") == 0, stderr);

        Assert.All(orphans, o => Assert.False(o.Exists));
        Assert.False(Directory.Exists(trash) && Directory.EnumerateFileSystemEntries(trash).Any(e => Path.GetFileName(e) != ".lock"), "the trash is emptied");
        Assert.True(used.Exists);
        PythonChecker.AssertImports(venv, "used");
    }

    private static int FilesUnder(string root) => FileTree.Walk(root).Count(p => FileTree.KindOf(p) == Core.Platform.FileKind.File);

    public void Dispose() => temp.Dispose();
}
