using GcTool.Core.Environments;
using GcTool.IntegrationTests.EndToEnd;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// A venv on a volume that is unmounted is not a removed venv: gc refuses (exit 4, like a missing root)
/// and deletes nothing, whether the volume went before gc started or while gc waited for uv's lock.
/// Real tmpfs and bind mounts, always unmounted in Dispose.
/// </summary>
public sealed class UnmountedEnvironmentTests : IDisposable
{
    private const int SafetyRefusal = 4;
    private readonly GcToolWorld _world = new();
    private readonly List<TestMount> _mounts = [];

    public void Dispose()
    {
        try
        {
            foreach (var mount in _mounts) mount.Dispose();
        }
        finally
        {
            _world.Dispose();
        }
    }

    /// <summary>The cache on disk, but gctool's own run lock (every real gc creates <c>.gctool-trash/.lock</c>).</summary>
    private IReadOnlyList<string> CacheSnapshot() =>
        _world.DiskSnapshot(_world.Cache.Root).Where(line => !line.Contains("/.gctool-trash", StringComparison.Ordinal)).ToList();

    private TestMount Bind(string name)
    {
        var mount = TestMount.Bind(_world.PathOf("volumes", name), Path.Combine(_world.Projects, name));
        _mounts.Add(mount);
        return mount;
    }

    private VenvBuilder VenvOn(TestMount mount, ArchiveEntry entry)
    {
        var venv = VenvBuilder.Create(Path.Combine(mount.Path, "app", ".venv"));
        venv.Install(entry, LinkMode.Symlink);
        return venv;
    }

    [MountFact]
    public void Gc_RefusesAndDeletesNothing_WhenAVenvsVolumeBelowTheRootIsUnmountedBeforeGc()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var volume = Bind("vol");
        var venv = VenvOn(volume, foo);
        _world.ScanProjects();
        var before = CacheSnapshot();

        volume.Unmount();
        var gc = _world.Gc().AssertExit(SafetyRefusal);

        Assert.Contains(volume.Path, gc.Stderr);
        Assert.Contains("mount", gc.Stderr);
        Assert.Equal(before, CacheSnapshot());
        Assert.True(foo.Exists);
        // The venv was not forgotten: mounted again, gc runs and keeps what it uses.
        Bind("vol");
        Assert.Empty(_world.Gc().AssertExit(0).PlannedIds);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [MountFact]
    public void Gc_RefusesAgain_OnTheNextRun_WhileTheVolumeStaysUnmounted()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var volume = Bind("vol");
        VenvOn(volume, foo);
        _world.ScanProjects();

        volume.Unmount();
        _world.Json("scan", _world.Projects).AssertExit(0);
        _world.Gc().AssertExit(SafetyRefusal);
        var again = _world.Gc().AssertExit(SafetyRefusal);

        Assert.Contains(volume.Path, again.Stderr);
        Assert.True(foo.Exists);
    }

    [MountFact]
    public void Gc_RefusesAndDeletesNothing_WhenTheRootItselfIsAMountPointThatWasUnmounted()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var root = TestMount.Tmpfs(_world.PathOf("tmpfs-root"));
        _mounts.Add(root);
        var venv = VenvBuilder.Create(Path.Combine(root.Path, "app", ".venv"));
        venv.Install(foo, LinkMode.Symlink);
        _world.Json("scan", root.Path).AssertExit(0);
        var before = CacheSnapshot();

        root.Unmount();
        var gc = _world.Gc().AssertExit(SafetyRefusal);

        Assert.Contains(root.Path, gc.Stderr);
        Assert.Equal(before, CacheSnapshot());
        Assert.True(foo.Exists);
    }

    [MountFact]
    public void Gc_RefusesAndDeletesNothing_WhenTheVolumeIsUnmountedWhileGcWaitsForUvsLock()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var volume = Bind("vol");
        VenvOn(volume, foo);
        _world.ScanProjects();
        var before = CacheSnapshot();
        using var uv = LockHolder.Shared(_world.Cache.LockPath);

        // gc has scanned (volume mounted) and says it waits: unmount, then let uv go. Ordered by gc's own message.
        var gc = _world.GcObservingStderr(stderr =>
        {
            if (!stderr.Contains("waiting", StringComparison.Ordinal) || !volume.IsMounted) return;
            volume.Unmount();
            uv.LetGo();
        }, "--lock-timeout", "5m").AssertExit(SafetyRefusal);

        Assert.False(volume.IsMounted);
        Assert.Contains(volume.Path, gc.Stderr);
        Assert.Equal(before, CacheSnapshot());
        Assert.True(foo.Exists);
    }

    [MountFact]
    public void Gc_ForgetsAVenvRemovedFromAVolumeThatIsStillMounted()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var volume = Bind("vol");
        var venv = VenvOn(volume, foo);
        _world.ScanProjects();

        venv.Remove();
        var gc = _world.Gc().AssertExit(0);

        Assert.Equal([foo.Id], gc.PlannedIds);
        Assert.False(foo.Exists);
    }

    [MountFact]
    public void Gc_WithForce_RunsButKeepsTheEntriesOfTheUnmountedVenvs()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        var volume = Bind("vol");
        VenvOn(volume, foo);
        _world.ScanProjects();

        volume.Unmount();
        var gc = _world.Gc("--force").AssertExit(0);

        Assert.Equal([orphan.Id], gc.PlannedIds);
        Assert.True(foo.Exists);
    }
}
