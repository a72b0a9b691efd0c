using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;
using Xunit.Abstractions;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// How long gc holds uv's exclusive lock on a cache with 1,000 environments where nothing changed
/// since the last scan (target: well under a second, since every uv command waits meanwhile). The
/// number is printed (<c>lock_held_ms=…</c>), never asserted: wall-clock time is not a test result.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LockHoldTimeTests : IDisposable
{
    private const int Environments = 1000;
    private const int Entries = 300;
    private readonly ITestOutputHelper output;
    private readonly SafetyWorld _world;
    private readonly bool _onTmpfs;

    /// <remarks>
    /// On a tmpfs where allowed: building and removing 25,000 paths on this machine's shared disk
    /// takes over a minute; unmounting takes none. Set GCTOOL_HOLD_TIME_ON_DISK=1 to measure on disk.
    /// </remarks>
    public LockHoldTimeTests(ITestOutputHelper output)
    {
        this.output = output;
        string? mounted = null;
        var onDisk = Environment.GetEnvironmentVariable("GCTOOL_HOLD_TIME_ON_DISK") == "1";
        _world = SafetyWorld.CreateOn(fs => { if (!onDisk && Mounts.TryMountTmpfs(fs, "size=512m")) mounted = fs; });
        if (mounted is not null) _world.OnDispose(() => Mounts.Unmount(mounted));
        _onTmpfs = mounted is not null;
    }

    [Fact]
    public void Gc_OnAThousandUnchangedEnvironments_ReportsItsLockHoldTime()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        BuildCorpus();
        output.WriteLine($"corpus built in {clock.ElapsedMilliseconds} ms");
        // Explicit mtimes an hour old, far outside the scanner's racy window, so "unchanged" is trusted.
        GcTool.TestSupport.FileTree.Backdate(_world.Projects, DateTime.UtcNow.AddHours(-1));
        clock.Restart();
        _world.ScanProjects();
        output.WriteLine($"first scan in {clock.ElapsedMilliseconds} ms");

        var held = new List<long>();
        for (var run = 0; run < 3; run++)
        {
            var (exit, json, stderr) = _world.RunJson("gc", "--min-age", "0s");
            Assert.True(exit == 0, stderr);
            Assert.Equal(0, json.GetProperty("entries_planned").GetInt64());
            Assert.Equal(Environments, json.GetProperty("scan").GetProperty("environments_unchanged").GetInt64());
            held.Add(json.GetProperty("lock_held_ms").GetInt64());
            output.WriteLine($"gc {run}: elapsed_ms={json.GetProperty("elapsed_ms")} scan.elapsed_ms={json.GetProperty("scan").GetProperty("elapsed_ms")} lock_held_ms={held[^1]}");
        }
        var line = $"lock_held_ms={string.Join(",", held)} (1,000 unchanged environments, {Entries} entries, {(_onTmpfs ? "tmpfs" : "disk")})";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>
    /// Plain directories with a pyvenv.cfg and symlinks into a few hundred entries: what the scanner
    /// reads, without a python per environment.
    /// </summary>
    private void BuildCorpus()
    {
        var random = new Random(1234);
        var ids = new List<string>();
        for (var i = 0; i < Entries; i++)
        {
            var id = ArchiveIds.New();
            var entry = Path.Combine(_world.Cache.ArchiveDirectory, id);
            Directory.CreateDirectory(Path.Combine(entry, $"pkg{i}"));
            Directory.CreateDirectory(Path.Combine(entry, $"pkg{i}-1.0.dist-info"));
            File.WriteAllText(Path.Combine(entry, $"pkg{i}", "__init__.py"), "");
            File.WriteAllText(Path.Combine(entry, $"pkg{i}", "core.py"), "x = 1\n");
            File.WriteAllText(Path.Combine(entry, $"pkg{i}-1.0.dist-info", "METADATA"), $"Name: pkg{i}\nVersion: 1.0\n");
            File.WriteAllText(Path.Combine(entry, $"pkg{i}-1.0.dist-info", "RECORD"), "");
            ids.Add(id);
        }
        for (var e = 0; e < Environments; e++)
        {
            var env = Path.Combine(_world.Projects, $"team{e % 20}", $"env{e}", ".venv");
            var site = Path.Combine(env, "lib", "python3.11", "site-packages");
            Directory.CreateDirectory(site);
            Directory.CreateDirectory(Path.Combine(env, "bin"));
            File.WriteAllText(Path.Combine(env, "pyvenv.cfg"), "home = /usr/bin\nversion_info = 3.11.7\nuv = 0.12.5\n");
            File.CreateSymbolicLink(Path.Combine(env, "bin", "python"), "/usr/bin/python3");
            for (var k = 0; k < 5; k++)
            {
                var i = random.Next(Entries);
                var id = ids[i];
                if (Directory.Exists(Path.Combine(site, $"pkg{i}"))) continue;
                Directory.CreateDirectory(Path.Combine(site, $"pkg{i}"));
                Directory.CreateDirectory(Path.Combine(site, $"pkg{i}-1.0.dist-info"));
                foreach (var file in new[] { $"pkg{i}/__init__.py", $"pkg{i}/core.py", $"pkg{i}-1.0.dist-info/METADATA" })
                    File.CreateSymbolicLink(Path.Combine(site, file), Path.Combine(_world.Cache.ArchiveDirectory, id, file));
                File.WriteAllText(Path.Combine(site, $"pkg{i}-1.0.dist-info", "RECORD"), "");
            }
        }
    }

    public void Dispose() => _world.Dispose();
}
