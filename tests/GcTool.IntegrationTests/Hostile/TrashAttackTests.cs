using GcTool.Core;
using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Platform;
using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;
using Xunit.Abstractions;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// The attacks on deletion, by the real unprivileged user against gc running as root, each
/// counting what survives in a root-owned canary directory outside the cache (it must all survive).
/// The racy ones run a hundred times in process (the trash's own move-and-delete, the code gc
/// runs); the deterministic ones run through the CLI.
/// </summary>
[Trait("Category", "Slow")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrashAttackTests(ITestOutputHelper output) : IDisposable
{
    private const int Races = 100;
    private const int CanaryFiles = 50;
    private readonly SafetyWorld _world = SafetyWorld.Create();
    private string? _canary;

    /// <summary>(a) On gc's first unlink in the user's <c>d/</c>, the user exchanges <c>d</c> for a symlink to the canary through a handle opened before.</summary>
    [UnprivilegedUserFact]
    public void DirectoryExchangedForASymlink_OnTheFirstUnlinkInIt_DeletesNothingOutsideTheCache()
    {
        var swapped = Race((attacker, entry) => attacker.ArmOnFirstDeletion(entry));
        output.WriteLine($"inotify-triggered exchange: {Races} runs, {swapped} exchanges landed mid-deletion, {CanaryFiles - CountCanary()} files deleted outside");
        Assert.Equal(CanaryFiles, CountCanary());
    }

    /// <summary>(a) The same exchange, in a blind loop for as long as gc deletes.</summary>
    [UnprivilegedUserFact]
    public void DirectoryExchangedForASymlink_InABlindLoop_DeletesNothingOutsideTheCache()
    {
        var swapped = Race((attacker, entry) => attacker.SwapBlindly(entry));
        output.WriteLine($"blind exchange loop: {Races} runs, {swapped} exchanges, {CanaryFiles - CountCanary()} files deleted outside");
        Assert.Equal(CanaryFiles, CountCanary());
    }

    /// <summary>(a) End to end: the whole gc, with the inotify-triggered attacker, a few times.</summary>
    [UnprivilegedUserFact]
    public void Gc_WithTheExchangeAttacker_DeletesNothingOutsideTheCache()
    {
        var user = UnprivilegedUser.Get();
        MakeShared(user);
        using var attacker = new ExchangeAttacker(user);
        for (var run = 0; run < 3; run++)
        {
            var entry = UsersEntry(user);
            _world.ScanProjects();
            attacker.ArmOnFirstDeletion(entry.Path);
            var (exit, _, stderr) = _world.Run("gc", "--min-age", "0s");
            attacker.Report();
            Assert.True(exit is 0 or 5, stderr);
            Assert.Equal(CanaryFiles, CountCanary());
        }
        _world.AssertNothingBroken();
    }

    /// <summary>(b) The user made <c>.gctool-trash</c> first (their own, any mode): refused, nothing deleted.</summary>
    [UnprivilegedUserTheory]
    [InlineData(0x1c0)]
    [InlineData(0x1ff)]
    public void TrashOwnedByTheUser_IsRefused_AndNothingIsDeleted(int mode)
    {
        var user = UnprivilegedUser.Get();
        var scenario = GarbageScenario.Build(_world);
        var trash = Path.Combine(_world.Cache.RealRoot, Trash.DirectoryName);
        Directory.CreateDirectory(Path.Combine(trash, "run-7"));
        user.OwnTree(trash);
        File.SetUnixFileMode(trash, (UnixFileMode)mode);

        var (exit, _, stderr) = _world.Run("gc", "--min-age", "0s");

        Assert.True(exit == 4, stderr);
        Assert.Contains("not by the user gctool runs as", stderr);
        Assert.All(scenario.Garbage, e => Assert.True(_world.EntryExists(e)));
        Assert.Equal(CanaryFiles, CountCanary());
        _world.AssertNothingBroken();
    }

    /// <summary>(b) A trash others can write, or a run directory in gctool's trash that the user owns: refused, nothing deleted.</summary>
    [UnprivilegedUserTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void RunDirectoryOrTrashNotGctools_IsRefused_AndNothingIsDeleted(bool worldWritableTrash)
    {
        var user = UnprivilegedUser.Get();
        var scenario = GarbageScenario.Build(_world);
        var trash = Directory.CreateDirectory(Path.Combine(_world.Cache.RealRoot, Trash.DirectoryName)).FullName;
        File.SetUnixFileMode(trash, worldWritableTrash ? (UnixFileMode)0x1ff : (UnixFileMode)0x1c0);
        var run = Directory.CreateDirectory(Path.Combine(trash, "run-7")).FullName;
        Directory.CreateDirectory(Path.Combine(run, "junk"));
        File.CreateSymbolicLink(Path.Combine(run, "junk", "d"), Canary());
        user.OwnTree(run);

        var (exit, _, stderr) = _world.Run("gc", "--min-age", "0s");

        Assert.True(exit == 4, stderr);
        Assert.All(scenario.Garbage, e => Assert.True(_world.EntryExists(e)));
        Assert.True(Directory.Exists(Path.Combine(run, "junk")));
        Assert.Equal(CanaryFiles, CountCanary());
    }

    /// <summary>(c) A fake leftover planted in gctool's own trash (root's, 0700; say, from before it was locked down): left alone, with a warning.</summary>
    [UnprivilegedUserFact]
    public void FakeLeftoverInGctoolsTrash_IsLeftAlone_AndNothingOutsideIsDeleted()
    {
        var user = UnprivilegedUser.Get();
        var scenario = GarbageScenario.Build(_world);
        var run = Directory.CreateDirectory(Path.Combine(_world.Cache.RealRoot, Trash.DirectoryName, "run-7", "junk")).FullName;
        File.SetUnixFileMode(Path.GetDirectoryName(run)!, (UnixFileMode)0x1c0);
        File.SetUnixFileMode(Path.GetDirectoryName(Path.GetDirectoryName(run)!)!, (UnixFileMode)0x1c0);
        File.CreateSymbolicLink(Path.Combine(run, "d"), Canary());
        var owned = Directory.CreateDirectory(Path.Combine(run, "e")).FullName;
        File.WriteAllText(Path.Combine(owned, "kept"), "");
        user.OwnTree(owned);

        for (var round = 0; round < 3; round++)
        {
            var (exit, _, stderr) = _world.Run("gc", "--min-age", "0s");
            Assert.True(exit == 0, stderr);
            Assert.Contains("gctool did not put it there; left alone", stderr);
        }

        Assert.All(scenario.Garbage, e => Assert.False(_world.EntryExists(e)));
        Assert.True(File.Exists(Path.Combine(owned, "kept")));
        Assert.True(FileTree.IsSymlink(Path.Combine(run, "d")));
        Assert.Equal(CanaryFiles, CountCanary());
        _world.AssertNothingBroken();
    }

    /// <summary>
    /// (d) Right after gc unlinks the pointers (paused there), the user swaps <c>archive-v0</c> for a
    /// symlink to a root-owned tree of directories named like the planned ids: nothing there is moved
    /// or deleted; gc goes on in the bucket it opened, wherever the user moved it.
    /// </summary>
    [UnprivilegedUserFact]
    public void ArchiveBucketSwappedForASymlink_AfterThePointersGo_TouchesNothingOutside()
    {
        var user = UnprivilegedUser.Get();
        var garbage = GarbageScenario.Build(_world).Garbage.ToList();
        MakeShared(user);
        var archive = _world.Cache.ArchiveDirectory;
        for (var round = 0; round < 3; round++)
        {
            if (round > 0)
            {
                garbage = [_world.PersistPackage(), _world.PersistPackage()];
                _world.ScanProjects();
            }
            var lookalike = Directory.CreateDirectory(Path.Combine(_world.Temp, $"lookalike-{round}")).FullName;
            foreach (var entry in garbage)
            {
                var dir = Directory.CreateDirectory(Path.Combine(lookalike, entry.Id)).FullName;
                for (var f = 0; f < 5; f++) File.WriteAllText(Path.Combine(dir, $"precious{f}"), "do not delete");
            }
            var before = HostileWorld.Snapshot(lookalike);

            using var gc = GctoolProcess.Start(_world, "stop-after-pointers", "gc", "--min-age", "0s", "--json");
            Assert.True(gc.WaitForStderr("SIGSTOP at stop-after-pointers", TimeSpan.FromSeconds(60)), "gc never reached its sweep");
            WaitUntilStopped(gc.Id);
            var swap = user.Shell($"mv '{archive}' '{archive}.real' && ln -s '{lookalike}' '{archive}'");
            Assert.True(swap.Succeeded, swap.ToString());
            gc.Signal(GctoolProcess.SigCont);
            var result = gc.WaitForExit(TimeSpan.FromSeconds(90));

            Assert.Equal(before, HostileWorld.Snapshot(lookalike));
            File.Delete(archive);
            Directory.Move(archive + ".real", archive);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.All(garbage, e => Assert.False(_world.EntryExists(e), $"{e.Id} was not collected from the bucket gc opened"));
            output.WriteLine($"archive-v0 swapped after the pointers went, round {round}: {before == HostileWorld.Snapshot(lookalike)} (outside untouched)");
        }
        _world.AssertNothingBroken();
    }

    /// <summary>(e) A bind mount inside an entry: never entered, the mounted files stay; the entry is reported.</summary>
    [UnprivilegedUserFact]
    public void BindMountInsideAnEntry_IsNeverEntered()
    {
        var user = UnprivilegedUser.Get();
        MakeShared(user);
        var entry = UsersEntry(user);
        _world.ScanProjects();
        var mountPoint = Directory.CreateDirectory(Path.Combine(entry.Path, "mounted")).FullName;
        if (!Mount("--bind", Canary(), mountPoint)) { output.WriteLine("mount --bind not permitted here; skipped"); return; }
        try
        {
            for (var round = 0; round < 2; round++)
            {
                var (exit, _, stderr) = _world.Run("gc", "--min-age", "0s");
                Assert.True(exit is 0 or 5, stderr);
                Assert.Equal(CanaryFiles, CountCanary());
            }
            output.WriteLine($"bind mount in an entry: 2 runs, {CanaryFiles - CountCanary()} files deleted outside");
        }
        finally
        {
            UnmountBelow(_world.Cache.RealRoot);
        }
        Assert.Equal(CanaryFiles, CountCanary());
    }

    // ----- the racy attack, in process ---------------------------------------------------------

    /// <summary>
    /// <see cref="Races"/> times: the user's entry with <c>d/</c> (200 files) and <c>link → canary</c>;
    /// the attacker arms on it; the trash moves it in and deletes it by handle. Returns the exchanges that landed.
    /// </summary>
    private int Race(Action<ExchangeAttacker, string> arm)
    {
        var user = UnprivilegedUser.Get();
        MakeShared(user);
        using var attacker = new ExchangeAttacker(user);
        var cache = UvCache.Open(new System.IO.Abstractions.FileSystem(), NativeFileStatReader.Instance, _world.Cache.Root);
        using var root = CacheRootHandle.Open(cache);
        using var trash = Trash.Open(cache, NullOperatorLog.Instance, root, TimeSpan.FromSeconds(30), CancellationToken.None, out var noTrash)!;
        Assert.Null(noTrash);
        using var archive = root.OpenDirectory(UvCacheBuilder.ArchiveBucket, out _)!;
        var swapped = 0;
        for (var i = 0; i < Races; i++)
        {
            var entry = UsersEntry(user);
            arm(attacker, entry.Path);
            using var run = trash.OpenRun(1000 + i, out _)!;
            var moved = run.MoveIn(archive, _world.Cache.ArchiveDirectory, [new TrashCandidate(entry.Id, "archive-v0-" + entry.Id, Directory: true)], CancellationToken.None);
            Assert.Equal(TrashMoveState.Moved, moved[0].State);
            run.Delete("archive-v0-" + entry.Id);
            swapped += attacker.Report();
            Assert.True(CountCanary() == CanaryFiles, $"run {i}: {CanaryFiles - CountCanary()} files outside the cache were deleted");
        }
        return swapped;
    }

    // ----- the world -----------------------------------------------------------------------------

    /// <summary>A shared cache: every user can write it (as on the hosts the issue describes), and reach it.</summary>
    private void MakeShared(UnprivilegedUser user)
    {
        for (var dir = _world.Cache.RealRoot; dir != "/" && dir.StartsWith(_world.Temp, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir)!)
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        File.SetUnixFileMode(_world.Temp, File.GetUnixFileMode(_world.Temp) | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(_world.Cache.RealRoot, (UnixFileMode)0x1ff);
        Directory.CreateDirectory(_world.Cache.ArchiveDirectory);
        File.SetUnixFileMode(_world.Cache.ArchiveDirectory, (UnixFileMode)0x1ff);
        _ = user;
    }

    /// <summary>An unreferenced entry the user owns: <c>d/</c> with 200 files and a symlink <c>link</c> to the canary.</summary>
    private ArchiveEntry UsersEntry(UnprivilegedUser user)
    {
        var entry = _world.PersistPackage();
        var d = Directory.CreateDirectory(Path.Combine(entry.Path, "d")).FullName;
        for (var f = 0; f < 200; f++) File.WriteAllText(Path.Combine(d, $"f{f:D3}"), "x");
        File.CreateSymbolicLink(Path.Combine(entry.Path, "link"), Canary());
        user.OwnTree(entry.Path);
        return entry;
    }

    /// <summary>A root-owned directory outside the cache holding <see cref="CanaryFiles"/> files.</summary>
    private string Canary()
    {
        if (_canary is not null) return _canary;
        _canary = Directory.CreateDirectory(Path.Combine(_world.Temp, "canary")).FullName;
        for (var f = 0; f < CanaryFiles; f++) File.WriteAllText(Path.Combine(_canary, $"precious{f:D2}"), "do not delete");
        return _canary;
    }

    /// <summary>Waits (polling /proc, a safety net far above need) until the SIGSTOP the fault point raised has taken effect.</summary>
    private static void WaitUntilStopped(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] != 'T')
        {
            Assert.True(DateTime.UtcNow < deadline, "gc never stopped");
            Thread.Sleep(5);
        }
    }

    private int CountCanary() => Directory.GetFiles(Canary()).Length;

    private static bool Mount(params string[] args) => ProcessRunner.Run("mount", args, timeout: TimeSpan.FromSeconds(30)).Succeeded;

    /// <summary>Unmounts every mount below <paramref name="root"/> (they move with the entry into the trash).</summary>
    private static void UnmountBelow(string root)
    {
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Reverse())
        {
            var mountPoint = line.Split(' ')[4].Replace("\\040", " ");
            if (mountPoint.StartsWith(root + "/", StringComparison.Ordinal)) Mounts.Unmount(mountPoint);
        }
    }

    public void Dispose()
    {
        UnmountBelow(_world.Cache.RealRoot);
        _world.Dispose();
    }
}
