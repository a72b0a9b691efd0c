using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// Roots and environments built to trip a scanner: loops, dangling links, links to <c>/</c>,
/// undecodable names, deep trees, unreadable directories, bogus <c>pyvenv.cfg</c>. The scan must
/// finish, say what it skipped, and never follow a directory symlink out of a root.
/// </summary>
public sealed class HostileEnvironmentTests : IDisposable
{
    private readonly HostileWorld _world = new();
    private readonly ArchiveEntry _entry;
    private readonly string _root;

    public HostileEnvironmentTests()
    {
        _entry = _world.Cache.PersistWheel(Wheel.Named("foo", "1.0").WithModule("foo/__init__.py"));
        _root = _world.Dir("root");
    }

    public void Dispose() => _world.Dispose();

    private CliRun Scan()
    {
        var run = _world.Run("scan", _root);
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }

    private CliRun GcNow()
    {
        var run = _world.Run("gc", "--min-age", "0s");
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }

    private IReadOnlyList<string> Environments()
    {
        var audit = _world.Run("audit");
        Assert.True(audit.Exit == 0, audit.ToString());
        return audit.Json.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("environment").GetString()!).Distinct().ToList();
    }

    [Fact]
    public void Scan_Finishes_WithSymlinkLoopsInTheRootAndInAVenv()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        File.CreateSymbolicLink(Path.Combine(_root, "b"), Path.Combine(_root, "a"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "self"), _root);
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "proj", ".venv"));
        Directory.CreateSymbolicLink(Path.Combine(venv, "lib", "python3.11", "site-packages", "up"), venv);
        HostileWorld.LinkInto(venv, _entry);

        var scan = Scan();

        Assert.Equal(1, scan.Json.GetProperty("environments_found").GetInt32());
        Assert.Equal([venv], Environments());
    }

    [Fact]
    public void Gc_KeepsTheEntry_OfAVenvFullOfDanglingLinks()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "gone"), "/nonexistent/nowhere");
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "proj", ".venv"));
        var site = Path.Combine(venv, "lib", "python3.11", "site-packages");
        File.CreateSymbolicLink(Path.Combine(site, "dangling.py"), "/nonexistent/x.py");
        File.CreateSymbolicLink(Path.Combine(site, "missing-entry.py"), _world.Cache.EntryPath("ZZZZZZZZZZZZZZZZ") + "/x.py");
        HostileWorld.LinkInto(venv, _entry);
        Scan();

        var gc = GcNow();

        Assert.Empty(gc.DeletedIds());
        Assert.True(_entry.Exists);
    }

    [Fact]
    public void Scan_DoesNotWalkTheMachine_ThroughLinksToSlash()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "slash"), "/");
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "proj", ".venv"));
        Directory.CreateSymbolicLink(Path.Combine(venv, "lib", "python3.11", "site-packages", "root"), "/");
        HostileWorld.LinkInto(venv, _entry);

        var scan = Scan();

        Assert.Equal(1, scan.Json.GetProperty("environments_found").GetInt32());
        Assert.True(scan.Json.GetProperty("files_read").GetInt64() < 10, scan.Stdout);
    }

    [Fact]
    public void Scan_DoesNotDiscoverAVenv_ThroughADirectorySymlinkOutOfTheRoot()
    {
        var outside = HostileWorld.FakeVenv(_world.Temp.Combine("elsewhere", "proj", ".venv"));
        HostileWorld.LinkInto(outside, _entry);
        Directory.CreateSymbolicLink(Path.Combine(_root, "elsewhere"), _world.Temp.Combine("elsewhere"));

        var scan = Scan();

        Assert.Equal(0, scan.Json.GetProperty("environments_found").GetInt32());
        Assert.Empty(Environments());
    }

    [Fact]
    public void Scan_DoesNotDiscoverAVenv_ThatIsItselfASymlinkOutOfTheRoot()
    {
        var outside = HostileWorld.FakeVenv(_world.Temp.Combine("elsewhere", ".venv"));
        HostileWorld.LinkInto(outside, _entry);
        Directory.CreateSymbolicLink(Path.Combine(_root, ".venv"), outside);

        var scan = Scan();

        Assert.Equal(0, scan.Json.GetProperty("environments_found").GetInt32());
    }

    [Fact]
    public void Scan_ReportsAPyvenvCfgThatIsADirectory_AndDoesNotTreatItAsAVenv()
    {
        var fake = Path.Combine(_root, "proj", ".venv");
        Directory.CreateDirectory(Path.Combine(fake, "pyvenv.cfg"));

        var scan = Scan();

        Assert.Equal(0, scan.Json.GetProperty("environments_found").GetInt32());
        Assert.Contains(scan.Skipped(), s => s.Path == Path.Combine(fake, "pyvenv.cfg") && s.Reason.Contains("not a regular file"));
    }

    [Fact]
    public void Gc_KeepsTheEntry_OfAVenvWhosePyvenvCfgIsGarbageBytes()
    {
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "proj", ".venv"));
        File.WriteAllBytes(Path.Combine(venv, "pyvenv.cfg"), [0xff, 0xfe, 0x00, 0x80, 0x3d, 0x0a, 0xc3, 0x28, 0x3d, 0x3d]);
        HostileWorld.LinkInto(venv, _entry);
        Scan();

        var gc = GcNow();

        Assert.Empty(gc.DeletedIds());
        Assert.True(_entry.Exists);
    }

    [Fact]
    public void Gc_KeepsTheEntry_OfAVenvAThousandDirectoriesDeep()
    {
        var deep = Path.Combine([_root, .. Enumerable.Repeat("d", 1_000)]);
        var venv = HostileWorld.FakeVenv(Path.Combine(deep, "v"));
        HostileWorld.LinkInto(venv, _entry);
        Scan();

        var gc = GcNow();

        Assert.Empty(gc.DeletedIds());
        Assert.True(_entry.Exists);
    }

    [Fact]
    public void Gc_KeepsTheEntry_LinkedFromTheBottomOfADeepTreeInsideAVenv()
    {
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "v"));
        var deep = Path.Combine([venv, "lib", "python3.11", "site-packages", .. Enumerable.Repeat("p", 1_000)]);
        Directory.CreateDirectory(deep);
        var target = Directory.EnumerateFiles(_entry.Path, "*", SearchOption.AllDirectories).First();
        File.CreateSymbolicLink(Path.Combine(deep, "mod.py"), target);
        Scan();

        var gc = GcNow();

        Assert.Empty(gc.DeletedIds());
        Assert.True(_entry.Exists);
    }

    [Fact]
    public void Scan_ReadsNamesThatAreNotUtf8_AndSkipsNothing()
    {
        HostileWorld.CreateFileWithRawName(_root, [0x62, 0x61, 0x64, 0xff, 0xfe], directoryToo: true);
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "proj", ".venv"));
        HostileWorld.CreateFileWithRawName(Path.Combine(venv, "lib", "python3.11", "site-packages"), [0x6d, 0xff, 0x2e, 0x70, 0x79]);
        HostileWorld.LinkInto(venv, _entry);

        var scan = Scan();

        Assert.Equal(1, scan.Json.GetProperty("environments_found").GetInt32());
        Assert.Empty(scan.Skipped());
    }

    [Fact]
    public void Scan_OfARootThatIsAFile_IsRefusedAsUsageError()
    {
        var file = _world.Temp.Combine("afile");
        File.WriteAllText(file, "not a directory");

        var run = _world.Run("scan", file);

        Assert.Equal(2, run.Exit);
    }

    [Fact]
    public void Gc_RefusesARegisteredRoot_ThatBecameAFile()
    {
        Scan();
        Directory.Delete(_root);
        File.WriteAllText(_root, "now a file");

        var run = _world.Run("gc", "--min-age", "0s");

        Assert.Equal(4, run.Exit);
        Assert.True(_entry.Exists);
    }

    [NobodyFact]
    public void Scan_ReportsAnUnreadableDirectory_WhenNotRoot()
    {
        var locked = Path.Combine(_root, "locked");
        HostileWorld.FakeVenv(Path.Combine(locked, ".venv"));
        _world.RunAsNobody("roots", "add", _root);
        UnixModes.Set(locked, (UnixFileMode)0);

        var scan = _world.RunAsNobody("scan");

        Assert.True(scan.Exit == 0, scan.ToString());
        Assert.Contains(scan.Skipped(), s => s.Path == locked && s.Reason.Contains("permission denied"));
    }

    [NobodyFact]
    public void Gc_KeepsTheEntriesOfAKnownVenv_WhenItsDirectoryBecomesUnreadable()
    {
        var project = Path.Combine(_root, "proj");
        var venv = HostileWorld.FakeVenv(Path.Combine(project, ".venv"));
        HostileWorld.LinkInto(venv, _entry);
        var first = _world.RunAsNobody("scan", _root);
        Assert.True(first.Exit == 0, first.ToString());
        UnixModes.Set(project, (UnixFileMode)0);

        var gc = _world.RunAsNobody("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.True(gc.DeletedIds().Count == 0, gc.Stdout);
        Assert.True(_entry.Exists);
    }

    [NobodyFact]
    public void Gc_KeepsTheEntriesOfAKnownVenv_WhenItsSitePackagesBecomesUnreadable()
    {
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "proj", ".venv"));
        HostileWorld.LinkInto(venv, _entry);
        // Explicit mtimes, far outside the scanner's racy window: the first scan records a trusted
        // fingerprint, and site-packages then changes (as a uv install would move its mtime) while
        // becoming unreadable, so gc's scan sees a changed venv and must re-read it, however slow
        // the machine is between the two runs.
        FileTree.Backdate(_root, DateTime.UtcNow.AddHours(-2));
        var first = _world.RunAsNobody("scan", _root);
        Assert.True(first.Exit == 0, first.ToString());
        var site = Path.Combine(venv, "lib", "python3.11", "site-packages");
        Directory.SetLastWriteTimeUtc(site, DateTime.UtcNow.AddHours(-1));
        UnixModes.Set(site, (UnixFileMode)0);

        var gc = _world.RunAsNobody("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.Contains(gc.Skipped(), s => s.Path == site);
        Assert.Empty(gc.DeletedIds());
        Assert.True(_entry.Exists);
    }

    [Fact]
    public void Scan_OfARootHoldingTheCache_DoesNotTakeCachedVenvsForUserVenvs()
    {
        var cachedVenv = _world.Cache.PersistCachedVenv([_entry], GcTool.Core.Environments.LinkMode.Symlink);

        var scan = _world.Run("scan", _world.Temp.Path);

        Assert.True(scan.Exit == 0, scan.ToString());
        var audit = _world.Run("audit");
        var kinds = audit.Json.GetProperty("references").EnumerateArray()
            .Where(r => r.GetProperty("environment").GetString()!.EndsWith(cachedVenv.Id, StringComparison.Ordinal))
            .Select(r => r.GetProperty("environment_kind").GetString()).Distinct().ToList();
        Assert.Equal(["cached-venv-archive"], kinds);
    }

    [NobodyFact]
    public void Gc_KeepsTheEntriesOfAKnownVenv_WhenItsDirectoryBecomesUnreadable_AndTheWalkReusesTheLastOne()
    {
        var project = Path.Combine(_root, "proj");
        var venv = HostileWorld.FakeVenv(Path.Combine(project, ".venv"));
        HostileWorld.LinkInto(venv, _entry);
        // Old mtimes: the next walk trusts what it recorded and does not list these directories again.
        var anHourAgo = DateTime.UtcNow.AddHours(-1);
        foreach (var directory in new[] { _root, project, venv }) Directory.SetLastWriteTimeUtc(directory, anHourAgo);
        var first = _world.RunAsNobody("scan", _root);
        Assert.True(first.Exit == 0, first.ToString());
        UnixModes.Set(project, (UnixFileMode)0);

        var gc = _world.RunAsNobody("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.Empty(gc.DeletedIds());
        Assert.Contains(gc.Skipped(), s => s.Path == project);
        Assert.True(_entry.Exists);
    }

    [NobodyFact]
    public void Gc_KeepsTheEntriesOfAKnownVenv_WhenItsDirectoryBecomesUnreadable_AcrossBothScansOfOneGc()
    {
        var project = Path.Combine(_root, "proj");
        var venv = HostileWorld.FakeVenv(Path.Combine(project, ".venv"));
        HostileWorld.LinkInto(venv, _entry);
        // Only the root looks old: gc's first scan reuses it and re-reads the (now unreadable) project,
        // and its second scan, under the lock, must still know the project is there.
        Directory.SetLastWriteTimeUtc(_root, DateTime.UtcNow.AddHours(-1));
        var first = _world.RunAsNobody("scan", _root);
        Assert.True(first.Exit == 0, first.ToString());
        UnixModes.Set(project, (UnixFileMode)0);

        var gc = _world.RunAsNobody("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.True(gc.DeletedIds().Count == 0, gc.Stdout);
        Assert.True(_entry.Exists);
    }
}
