using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>The layouts uv leaves behind across versions, link modes and mount paths.</summary>
public sealed class CacheLayoutTests : IDisposable
{
    private readonly GcToolWorld _world = new("cache-as-given");

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Gc_HandlesEntriesPointedToFromAnOldWheelsBucket()
    {
        var old = new PersistOptions { Bucket = "wheels-v5" };
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"), old);
        var unused = _world.Cache.PersistWheel(Wheel.WithSubmodule("unused", "1.0"), old);
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();

        // The bucket itself stays (without the flag it is reclaimed whole, as uv's prune does: see ReclaimTests).
        var gc = _world.Gc("--keep-stale-buckets").AssertExit(0);

        Assert.Equal([unused.Id], gc.PlannedIds);
        Assert.True(used.Exists);
        Assert.False(File.Exists(unused.PointerPath) || FileTree.Exists(unused.PointerPath!));
        Assert.True(FileTree.Exists(used.PointerPath!));
    }

    [Fact]
    public void Gc_KeepsEntries_LinkedThroughTheCachesPathInAContainer()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("container");
        venv.Install(foo, LinkMode.Symlink, cacheRootAsSeen: "/mnt/container/uv-cache");
        _world.ScanProjects();

        _world.Gc().AssertExit(0);

        Assert.True(foo.Exists);
    }

    [Fact]
    public void Gc_KeepsEntries_LinkedThroughTheRootAsTheUserGaveIt()
    {
        // The cache is reached through a symlink ("cache-as-given"); uv writes link targets through it.
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        Assert.StartsWith(_world.Cache.Root, new FileInfo(venv.SitePath("foo/sub.py")).LinkTarget);
        _world.ScanProjects();

        _world.Gc().AssertExit(0);

        Assert.True(foo.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Theory]
    [InlineData(CacheLayout.Classic)]
    [InlineData(CacheLayout.ContentAddressed)]
    public void Gc_KeepsACachedUvxVenv_AndTheEntriesItLinksTo(CacheLayout layout)
    {
        using var world = new GcToolWorld("cache-as-given", layout);
        var tool = world.Cache.PersistWheel(Wheel.WithSubmodule("tool", "1.0"));
        var cachedVenv = world.Cache.PersistCachedVenv([tool], LinkMode.Symlink);
        world.ScanProjects();

        var gc = world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(tool.Exists);
        Assert.True(cachedVenv.Exists);
        PythonChecker.AssertImports(cachedVenv.Path, "tool.sub");
    }

    [Theory]
    [InlineData(CacheLayout.Classic)]
    [InlineData(CacheLayout.ContentAddressed)]
    public void Gc_DeletesAStaleCachedVenv_WithWhatOnlyItUsed(CacheLayout layout)
    {
        using var world = new GcToolWorld("cache-as-given", layout);
        var tool = world.Cache.PersistWheel(Wheel.WithSubmodule("tool", "1.0"));
        var cachedVenv = world.Cache.PersistCachedVenv([tool], LinkMode.Symlink);
        File.Delete(cachedVenv.PointerPath!);   // uv repointed environments-v2 to a newer venv
        world.ScanProjects();

        var gc = world.Gc().AssertExit(0);

        Assert.Equal(new[] { tool.Id, cachedVenv.Id }.Order(StringComparer.Ordinal), gc.PlannedIds.Order(StringComparer.Ordinal));
        Assert.Empty(world.Gc().AssertExit(0).PlannedIds);
    }

    [Fact]
    public void Gc_RemovesTheSdistPointerOfABuiltWheelItDeletes()
    {
        var sdist = _world.Cache.BuildSdist(Wheel.WithSubmodule("built", "2.0"));
        _world.ScanProjects();

        var gc = _world.Gc().AssertExit(0);

        Assert.Equal([sdist.Archive.Id], gc.PlannedIds);
        Assert.False(FileTree.Exists(sdist.Archive.PointerPath!));
        Assert.True(gc.Json.GetProperty("pointers_removed").GetInt64() >= 1);
    }

    [Fact]
    public void Gc_RemovesPointersThatAlreadyDangle()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        FileTree.DeleteTree(foo.Path);   // e.g. an earlier uv cache prune --force
        _world.ScanProjects();

        var gc = _world.Gc().AssertExit(0);

        Assert.Equal(1, gc.Json.GetProperty("dangling_pointers_removed").GetInt64());
        Assert.False(FileTree.Exists(foo.PointerPath!));
    }

    /// <remarks>
    /// Since gc reclaims what uv's prune removes (stale buckets, staging leftovers), uv's temp directories and an
    /// older uv's bucket stay only while younger than --min-age; current and future buckets stay whatever their age.
    /// </remarks>
    [Fact]
    public void Gc_LeavesOtherBucketsAndUvTempDirectoriesAlone_WhileYoungerThanMinAge()
    {
        var noise = _world.Cache.AddNoise();
        _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();

        _world.Json("gc", "--min-age", "1h").AssertExit(0);

        Assert.All(noise, path => Assert.True(FileTree.Exists(path), $"{path} was touched"));
    }

    [Fact]
    public void Gc_LeavesCurrentAndFutureBucketsAlone_AtAnyAge()
    {
        var simple = _world.Cache.AddSimpleIndexEntry();
        var future = _world.Cache.AddFutureBucket();
        _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();

        _world.Gc().AssertExit(0);

        Assert.True(FileTree.Exists(simple), $"{simple} was touched");
        Assert.True(FileTree.Exists(future), $"{future} was touched");
    }

    [Fact]
    public void Gc_RemovesAWindowsStylePointerFile_WithItsEntry()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"), new PersistOptions { Pointer = PointerStyle.WindowsTextFile });
        _world.ScanProjects();

        _world.Gc().AssertExit(0);

        Assert.False(foo.Exists);
        Assert.False(FileTree.Exists(foo.PointerPath!));
    }

    [Fact]
    public void Gc_KeepsEntriesWithLegacyIdsAndAbsolutePointers_ThatAVenvUses()
    {
        var legacy = _world.Cache.PersistWheel(Wheel.WithSubmodule("legacy", "0.9"), new PersistOptions { IdStyle = IdStyle.Legacy21, Pointer = PointerStyle.AbsoluteSymlink });
        _world.Venv("old").Install(legacy, LinkMode.Symlink);
        _world.ScanProjects();

        _world.Gc().AssertExit(0);

        Assert.True(legacy.Exists);
        Assert.True(FileTree.Exists(legacy.PointerPath!));
    }

    [Fact]
    public void Audit_AcceptsAnIdThatBeginsWithADash()
    {
        var dashed = _world.Cache.PersistWheel(Wheel.WithSubmodule("dash", "1.0"), new PersistOptions { IdStyle = IdStyle.LeadingDash });
        _world.Venv("app").Install(dashed, LinkMode.Symlink);
        _world.ScanProjects();

        var audit = _world.Json("audit", "entry", "--", dashed.Id).AssertExit(0).Json;

        Assert.StartsWith("-", dashed.Id);
        Assert.Equal(Path.Combine(_world.Projects, "app", ".venv"), audit.GetProperty("users")[0].GetProperty("environment").GetString());
    }

    [Fact]
    public void Rescan_WithNothingChanged_ReadsNoEnvironmentAgain()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        _world.Venv("a").Install(foo, LinkMode.Symlink);
        _world.Venv("b").Install(foo, LinkMode.Hardlink);
        // Explicit mtimes an hour old, far outside the racy-timestamp window, so the scans trust
        // unchanged directories however long the machine takes between them.
        FileTree.Backdate(_world.Projects, DateTime.UtcNow.AddHours(-1));
        _world.ScanProjects();
        _world.ScanProjects();

        var again = _world.Json("scan").AssertExit(0).Json;

        Assert.Equal(0, again.GetProperty("environments_rescanned").GetInt64());
        Assert.Equal(2, again.GetProperty("environments_unchanged").GetInt64());
    }

    [Fact]
    public void Status_CountsAFileThatAVenvAlsoHardlinks_AsNotReclaimable()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        // A venv outside every registered root: gctool cannot see it, but its hardlinks keep the bytes alive.
        VenvBuilder.Create(_world.PathOf("elsewhere", ".venv")).Install(orphan, LinkMode.Hardlink);
        _world.ScanProjects();

        var status = _world.Json("status").AssertExit(0).Json;

        Assert.Equal(1, status.GetProperty("unreferenced_entries").GetInt64());
        var reclaimable = status.GetProperty("reclaimable_bytes").GetInt64();
        Assert.InRange(reclaimable, 1, status.GetProperty("cache_bytes").GetInt64() - 1);   // RECORD is copied, the rest is shared
    }
}
