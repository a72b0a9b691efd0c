using System.Runtime.Versioning;
using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// gc roots a plain <c>uv cache prune</c> honours: after gctool scanned, uv's own prune (the simulator,
/// spec §9's reference rules) keeps every entry a known symlink venv uses, and the venv still imports.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PinTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    private string PinsDirectory => _world.Cache.PathOf("sdists-v9", "gctool-pins");

    private string PinOf(ArchiveEntry entry) => Path.Combine(PinsDirectory, entry.Id);

    /// <summary>The seed: a symlink venv uses foo, whose own wheels pointer uv has since moved to a refreshed entry.</summary>
    private (ArchiveEntry Foo, ArchiveEntry Refreshed, VenvBuilder Venv) SeedScenario()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        var refreshed = _world.Cache.Refresh(foo);
        return (foo, refreshed, venv);
    }

    [Fact]
    public void UvPrune_KeepsWhatAScannedSymlinkVenvUses_EvenWhenUvDroppedItsOwnPointer()
    {
        var (foo, _, venv) = SeedScenario();
        _world.ScanProjects();
        _world.Gc().AssertExit(0);

        var prune = UvPruneSimulator.Prune(_world.Cache);

        Assert.False(prune.RemovedEntry(foo));
        Assert.True(foo.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
        Assert.Empty(PythonChecker.DanglingLinks(venv));
    }

    [Fact]
    public void UvPruneCi_KeepsThemToo()
    {
        var (foo, _, venv) = SeedScenario();
        _world.ScanProjects();

        UvPruneSimulator.Prune(_world.Cache, new PruneOptions { Ci = true });

        Assert.True(foo.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Scan_WritesOneRelativeLinkPerReferencedEntry_AndNoneForTheRest()
    {
        var (foo, refreshed, _) = SeedScenario();

        _world.ScanProjects();

        Assert.Equal($"../../archive-v0/{foo.Id}", new FileInfo(PinOf(foo)).LinkTarget);
        Assert.Equal(foo.Path, new DirectoryInfo(PinOf(foo)).ResolveLinkTarget(returnFinalTarget: true)!.FullName);
        Assert.False(FileTree.Exists(PinOf(refreshed)));
        Assert.Single(Directory.EnumerateFileSystemEntries(PinsDirectory));
        Assert.Equal(UnixModes.FromOctal("755"), File.GetUnixFileMode(PinsDirectory));
    }

    [Fact]
    public void APin_GoesWhenNoEnvironmentUsesItsEntryAnyMore_AndGcThenCollectsTheEntry()
    {
        var (foo, _, venv) = SeedScenario();
        _world.ScanProjects();
        venv.Remove();

        _world.ScanProjects();
        var pinAfterScan = FileTree.Exists(PinOf(foo));
        var gc = _world.Gc().AssertExit(0);

        Assert.False(pinAfterScan);
        Assert.Contains(foo.Id, gc.PlannedIds);
        Assert.False(foo.Exists);
        Assert.Empty(FileTree.DanglingLinks(_world.Cache.Root));
    }

    [Fact]
    public void Pins_DoNotCountAsReferences()
    {
        var (foo, _, venv) = SeedScenario();
        _world.ScanProjects();
        venv.Remove();

        // A dry run re-scans but never touches pins: foo's pin is still there, and gc would still delete foo.
        var dryRun = _world.Gc("--dry-run").AssertExit(0);

        Assert.True(FileTree.Exists(PinOf(foo)));
        Assert.Contains(foo.Id, dryRun.PlannedIds);
    }

    [Fact]
    public void Gc_RemovesThePinOfAnEntryItCollects_BeforeDeletingIt()
    {
        var (foo, _, venv) = SeedScenario();
        _world.ScanProjects();
        venv.Remove();

        _world.Gc().AssertExit(0);

        Assert.False(foo.Exists);
        Assert.False(FileTree.Exists(PinOf(foo)));
    }

    [Fact]
    public void Status_CountsThePins()
    {
        SeedScenario();
        _world.ScanProjects();

        var status = _world.Json("status").AssertExit(0);

        Assert.Equal(1, status.Json.GetProperty("pins").GetInt64());
    }

    [Fact]
    public void PinsRemove_RemovesEveryPinAndTheDirectory()
    {
        SeedScenario();
        _world.ScanProjects();

        var removed = _world.Json("pins", "remove").AssertExit(0);
        var status = _world.Json("status").AssertExit(0);

        Assert.Equal(1, removed.Json.GetProperty("removed").GetInt64());
        Assert.False(FileTree.Exists(PinsDirectory));
        Assert.Equal(0, status.Json.GetProperty("pins").GetInt64());
    }

    [Fact]
    public void PinsOff_InTheConfig_RemovesThemAndWritesNone()
    {
        var (foo, _, venv) = SeedScenario();
        _world.ScanProjects();
        var off = new Dictionary<string, string?> { ["GCTOOL_PINS"] = "false" };

        _world.RunWith(off, "--json", "scan").AssertExit(0);
        UvPruneSimulator.Prune(_world.Cache);

        Assert.False(FileTree.Exists(PinOf(foo)));
        Assert.False(foo.Exists);                 // without pins, uv's prune breaks the venv again
        PythonChecker.AssertImportFails(venv, "foo.sub");
    }

    [Fact]
    public void Scan_RefusesAPinsDirectoryOwnedBySomeoneElse()
    {
        var (foo, _, _) = SeedScenario();
        Directory.CreateDirectory(PinsDirectory);
        File.SetUnixFileMode(PinsDirectory, UnixModes.FromOctal("777"));
        ProcessRunner.RunChecked("/bin/chown", "-h", "65534:65534", PinsDirectory);   // nobody's, whatever its name here

        var scan = _world.ScanProjects();

        Assert.Contains("refusing to write pins", scan.Stderr);
        Assert.False(FileTree.Exists(PinOf(foo)));
    }

    [Fact]
    public void Scan_RefusesAPinsDirectoryThatIsASymlink_AndWritesNothingWhereItPoints()
    {
        var (foo, _, _) = SeedScenario();
        var elsewhere = Directory.CreateDirectory(_world.PathOf("elsewhere")).FullName;
        Directory.CreateSymbolicLink(PinsDirectory, elsewhere);

        var scan = _world.ScanProjects();

        Assert.Contains("refusing to write pins", scan.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Assert.True(FileTree.IsSymlink(PinsDirectory));
    }

    [Fact]
    public void Scan_LeavesThePins_WhileUvsLockIsHeldExclusively()
    {
        var (foo, _, _) = SeedScenario();
        using (LockHolder.Exclusive(_world.Cache.LockPath))
        {
            var scan = _world.ScanProjects();
            Assert.Contains("pins not updated", scan.Stderr);
            Assert.False(FileTree.Exists(PinOf(foo)));
        }

        _world.ScanProjects();

        Assert.True(FileTree.Exists(PinOf(foo)));
    }
}
