using System.Diagnostics;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// Small files in roots and the cache swapped for FIFOs, /dev/zero or sparse giants: gc and status must
/// neither hang (holding uv's lock) nor exhaust memory, and must keep what the environment may reference.
/// Every run that could hang is bounded by a generous safety net whose expiry is a failure.
/// </summary>
public sealed class HostileReadTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(120);

    private readonly HostileWorld _world = new();
    private readonly ArchiveEntry _entry;
    private readonly string _root;
    private readonly string _venv;

    public HostileReadTests()
    {
        _entry = _world.Cache.PersistWheel(Wheel.Named("foo", "1.0").WithModule("foo/__init__.py"));
        _root = _world.Dir("root");
        _venv = HostileWorld.FakeVenv(Path.Combine(_root, "proj", ".venv"));
        HostileWorld.LinkInto(_venv, _entry);
    }

    public void Dispose() => _world.Dispose();

    private CliRun Bounded(params string[] args)
    {
        var run = Task.Run(() => _world.Run(args));
        Assert.True(run.Wait(SafetyNet), $"gctool {string.Join(' ', args)} did not finish: it blocked");
        return run.Result;
    }

    /// <summary>Replaces the venv's pyvenv.cfg after a scan, restoring the directory's mtime as an attacker would.</summary>
    private void SwapPyvenvCfg(Action<string> replace)
    {
        var scan = Bounded("scan", _root);
        Assert.True(scan.Exit == 0, scan.ToString());
        var cfg = Path.Combine(_venv, "pyvenv.cfg");
        var mtime = File.GetLastWriteTimeUtc(_venv);
        File.Delete(cfg);
        replace(cfg);
        File.SetLastWriteTimeUtc(_venv, mtime);
    }

    private void AssertGcFinishes_AndReleasesTheLock()
    {
        var gc = Bounded("gc", "--min-age", "0s");
        Assert.True(gc.Exit == 0, gc.ToString());
        // The lock is released: a second gc gets it and finishes too.
        var again = Bounded("gc", "--min-age", "0s");
        Assert.True(again.Exit == 0, again.ToString());
    }

    private void AssertGcKeepsTheEntry_AndReleasesTheLock()
    {
        var gc = Bounded("gc", "--min-age", "0s");
        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.DoesNotContain(_entry.Id, gc.DeletedIds());
        Assert.True(Directory.Exists(_entry.Path), gc.ToString());
        var again = Bounded("gc", "--min-age", "0s");
        Assert.True(again.Exit == 0, again.ToString());
        Assert.True(Directory.Exists(_entry.Path), again.ToString());
    }

    [Fact]
    public void PyvenvCfgSwappedForAFifo_GcFinishes_AndReleasesTheLock()
    {
        SwapPyvenvCfg(MakeFifo);
        // Finishing is this test's point. Keeping the entry is not yet true: EnvironmentDiscovery drops an
        // environment whose pyvenv.cfg is no longer a regular file, so its references go (a follow-up there).
        AssertGcFinishes_AndReleasesTheLock();
    }

    [Fact]
    public void PyvenvCfgSwappedForASymlinkToDevZero_GcFinishes_AndReleasesTheLock()
    {
        SwapPyvenvCfg(cfg => File.CreateSymbolicLink(cfg, "/dev/zero"));
        // Finishing is this test's point. Keeping the entry is not yet true: EnvironmentDiscovery drops an
        // environment whose pyvenv.cfg is no longer a regular file, so its references go (a follow-up there).
        AssertGcFinishes_AndReleasesTheLock();
    }

    [Fact]
    public void PyvenvCfgSwappedForASparseTwoGibFile_GcFinishes_KeepsTheEntry()
    {
        SwapPyvenvCfg(cfg =>
        {
            using var stream = File.Create(cfg);
            stream.SetLength(2L << 30);
        });
        AssertGcKeepsTheEntry_AndReleasesTheLock();
    }

    [Fact]
    public void CacheDirTagThatIsAFifo_GcAndStatusFailFast_WithOneLine()
    {
        var tag = Path.Combine(_world.Cache.Root, "CACHEDIR.TAG");
        File.Delete(tag);
        MakeFifo(tag);

        foreach (var command in new[] { "gc", "status" })
        {
            var run = Bounded(command);
            Assert.True(run.Exit != 0, run.ToString());
            var error = run.Stderr.TrimEnd('\n');
            Assert.DoesNotContain('\n', error);
            Assert.Contains("CACHEDIR.TAG", error);
            Assert.Contains("not a regular file", error);
        }
        Assert.True(Directory.Exists(_entry.Path));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
