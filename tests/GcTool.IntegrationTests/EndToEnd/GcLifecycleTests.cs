using GcTool.Core.Environments;
using GcTool.TestSupport;
using Microsoft.Data.Sqlite;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>gc over time: dry runs, the lock, environments that appear and disappear, refusals.</summary>
public sealed class GcLifecycleTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void DryRun_ListsThePlan_AndChangesNothingOnDisk()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();
        var before = _world.DiskSnapshot(_world.Cache.RealRoot);

        var dry = _world.Gc("--dry-run").AssertExit(0);

        Assert.True(dry.Json.GetProperty("dry_run").GetBoolean());
        Assert.Equal([orphan.Id], dry.PlannedIds);
        Assert.Equal(before, _world.DiskSnapshot(_world.Cache.RealRoot));
    }

    [Fact]
    public void Gc_JournalsEachPlannedEntrysReason_AsItsStableCode()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();

        _world.Gc().AssertExit(0);

        // The column is for people reading the database; the words are the CLI's, the code is stable.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _world.Database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT entry_id, reason FROM gc_items";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((orphan.Id, "unreferenced"), (reader.GetString(0), reader.GetString(1)));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Gc_KeepsACondemnedEntry_AnotherHostHasNotScannedSince_AndSaysWhichInTheVerboseLog()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.Json("scan", "--host-id", "a", _world.Projects).AssertExit(0);
        _world.Json("scan", "--host-id", "b", _world.Projects).AssertExit(0);

        var gc = _world.Gc("--host-id", "a", "--verbose").AssertExit(0);

        Assert.True(orphan.Exists);
        Assert.Empty(gc.PlannedIds);
        Assert.Equal(1, gc.Json.GetProperty("kept").GetProperty("condemned").GetInt64());
        var line = Assert.Single(gc.Stderr.Split('\n'), l => l.Contains($"keeping archive-v0/{orphan.Id}: ", StringComparison.Ordinal));
        Assert.Matches(@": condemned \d+s ago; waiting for a scan by b$", line);
    }

    [Theory]
    [InlineData(CacheLayout.Classic)]
    [InlineData(CacheLayout.ContentAddressed)]
    public void RealRun_DeletesWhatTheDryRunListed(CacheLayout layout)
    {
        using var world = new GcToolWorld(layout: layout);
        world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        world.Cache.PersistWheel(Wheel.WithSubmodule("stale", "2.0"));
        world.ScanProjects();

        var dry = world.Gc("--dry-run").AssertExit(0);
        var real = world.Gc().AssertExit(0);

        Assert.Equal(dry.PlannedIds.Order(), real.PlannedIds.Order());
        Assert.All(real.Json.GetProperty("plan").EnumerateArray(), i => Assert.Equal("deleted", i.GetProperty("state").GetString()));
    }

    [Fact]
    public void Gc_WaitsForASharedLockHeldByAnotherProcess_ThenCollects()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();
        using var uv = LockHolder.Shared(_world.Cache.LockPath);

        // uv lets go only once gc says it waits; the timeout is a safety net far above need.
        var gc = _world.GcObservingStderr(stderr => { if (stderr.Contains("waiting", StringComparison.Ordinal)) uv.LetGo(); },
            "--lock-timeout", "5m").AssertExit(0);

        Assert.Contains("waiting", gc.Stderr);
        Assert.True(gc.Json.GetProperty("lock_wait_ms").GetInt64() > 0);
        Assert.False(orphan.Exists);
    }

    /// <summary>
    /// A scanned venv with foo installed; while gc --verbose waits for uv's lock (held shared), "uv" installs bar into
    /// it, runs <paramref name="afterInstall"/> and lets go (once: gc writes "waiting" again if it waits again).
    /// </summary>
    private (CliResult Gc, VenvBuilder Venv, ArchiveEntry Bar) GcWhileUvInstallsBar(Action<VenvBuilder> afterInstall)
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var bar = _world.Cache.PersistWheel(Wheel.WithSubmodule("bar", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        _world.ScanProjects();
        using var uv = LockHolder.Shared(_world.Cache.LockPath);

        var installed = false;
        var gc = _world.GcObservingStderr(stderr =>
        {
            if (installed || !stderr.Contains("waiting", StringComparison.Ordinal)) return;
            installed = true;
            venv.Install(bar, LinkMode.Symlink);
            afterInstall(venv);
            uv.LetGo();
        }, "--lock-timeout", "5m", "--verbose").AssertExit(0);
        return (gc, venv, bar);
    }

    [Fact]
    public void Gc_WhoWaitedForTheLock_ReadsWhatChangedMeanwhileBeforeHoldingIt_AndProtectsIt()
    {
        // The install is dated an hour back: a directory changed within the last 2 s is re-read by every scan (racily clean).
        var (gc, venv, bar) = GcWhileUvInstallsBar(v => FileTree.Backdate(v.Path, DateTime.UtcNow.AddHours(-1)));

        Assert.Contains("let it go to catch up before holding it (1 environments re-read", gc.Stderr);
        Assert.Contains("under the lock: rescan", gc.Stderr);
        Assert.Contains("(0 environments re-read)", gc.Stderr);
        Assert.True(bar.Exists);
        PythonChecker.AssertImports(venv, "bar.sub");
    }

    [Fact]
    public void Gc_WhoWaitedForTheLock_ReadsWhatChangedJustBeforeItGotIt_AgainPastTheRacyWindow_NotUnderTheLock()
    {
        // Installed the moment before "uv" lets go: too recent for a fingerprint to be trusted at the catch-up.
        var (gc, venv, bar) = GcWhileUvInstallsBar(_ => { });

        Assert.Contains("let it go to catch up before holding it (1 environments re-read", gc.Stderr);
        Assert.Contains("then 1 once they were past the racy window)", gc.Stderr);
        Assert.Contains("(0 environments re-read)", gc.Stderr);
        Assert.True(bar.Exists);
        PythonChecker.AssertImports(venv, "bar.sub");
    }

    [Fact]
    public void Gc_WhoGotTheLockAtOnce_ReadsChangesUnderIt_WithoutLettingGo()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        _world.ScanProjects();

        var gc = _world.Gc("--verbose").AssertExit(0);

        Assert.DoesNotContain("catch up", gc.Stderr);
        Assert.Contains("under the lock: rescan", gc.Stderr);
        Assert.False(foo.Exists);
    }

    [Fact]
    public void Gc_ExitsThree_AndDeletesNothing_WhenTheLockIsNotFreedInTime()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();
        using var uv = LockHolder.Shared(_world.Cache.LockPath);

        var gc = _world.Gc("--lock-timeout", "1s").AssertExit(3);

        Assert.Contains(".lock", gc.Stderr);
        Assert.True(orphan.Exists);
        Assert.True(File.Exists(_world.Cache.LockPath));
    }

    [Fact]
    public void Gc_ProtectsAVenvCreatedAfterTheLastScan_InARegisteredRoot()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        _world.ScanProjects();
        var late = _world.Venv("late");
        late.Install(foo, LinkMode.Symlink);

        _world.Gc().AssertExit(0);

        Assert.True(foo.Exists);
        PythonChecker.AssertImports(late, "foo.sub");
    }

    [Fact]
    public void Gc_ProtectsAPackageInstalledIntoAKnownVenvAfterTheLastScan()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var bar = _world.Cache.PersistWheel(Wheel.WithSubmodule("bar", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        _world.ScanProjects();
        venv.Install(bar, LinkMode.Symlink);

        _world.Gc().AssertExit(0);

        Assert.True(bar.Exists);
        PythonChecker.AssertImports(venv, "bar.sub");
    }

    [Fact]
    public void Gc_DeletesTheEntriesOfARemovedVenv_OnTheNextGc()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("gone");
        venv.Install(foo, LinkMode.Symlink);
        _world.ScanProjects();
        _world.Gc().AssertExit(0);
        Assert.True(foo.Exists);

        venv.Remove();
        var gc = _world.Gc().AssertExit(0);

        Assert.Equal([foo.Id], gc.PlannedIds);
        Assert.False(foo.Exists);
    }

    [Fact]
    public void Gc_KeepsAnEntryOfARemovedVenv_ForMinAge()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("gone");
        venv.Install(foo, LinkMode.Symlink);
        _world.ScanProjects();
        venv.Remove();

        var gc = _world.Json("gc", "--min-age", "1d").AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.Equal(1, gc.Json.GetProperty("kept").GetProperty("too_young").GetInt64());
        Assert.True(foo.Exists);
    }

    [Theory]
    [InlineData(CacheLayout.Classic)]
    [InlineData(CacheLayout.ContentAddressed)]
    public void SecondGc_RightAfterTheFirst_DeletesNothing(CacheLayout layout)
    {
        using var world = new GcToolWorld(layout: layout);
        var foo = world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        world.Venv("app").Install(foo, LinkMode.Symlink);
        world.ScanProjects();
        world.Gc().AssertExit(0);

        Assert.Empty(world.Gc().AssertExit(0).PlannedIds);
    }

    [Fact]
    public void Gc_RefusesWithExitFour_WhenNoRootIsRegistered()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));

        var gc = _world.Gc().AssertExit(4);

        Assert.Contains("no registered roots", gc.Stderr);
        Assert.True(orphan.Exists);
    }

    [Fact]
    public void Gc_RefusesWithExitFour_WhenARegisteredRootIsMissing_AndForceOverrides()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var mount = _world.PathOf("mnt");
        Directory.CreateDirectory(mount);
        VenvBuilder.Create(Path.Combine(mount, "venv")).Install(foo, LinkMode.Symlink);
        _world.Json("scan", mount).AssertExit(0);
        Directory.Move(mount, mount + "-unmounted");

        var refused = _world.Gc().AssertExit(4);
        Assert.Contains("missing", refused.Stderr);
        Assert.True(foo.Exists);

        // With --force, environments recorded under the missing root are still honoured.
        _world.Gc("--force").AssertExit(0);
        Assert.True(foo.Exists);
    }

    [Fact]
    public void Gc_NeverUnlinksTheCacheLock()
    {
        _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();
        _world.Gc().AssertExit(0);
        Assert.True(File.Exists(_world.Cache.LockPath));
    }

    [Fact]
    public void Gc_RecordsItsHistory_ForStatus()
    {
        _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();
        _world.Gc().AssertExit(0);

        var status = _world.Json("status").AssertExit(0).Json;
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, status.GetProperty("last_gc_at").ValueKind);
        Assert.Equal(0, status.GetProperty("entries").GetInt64());
    }
}
