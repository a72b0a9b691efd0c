using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>The bug gctool exists for: a refreshed wheel's old entry is still used by a symlink venv.</summary>
public sealed class SeedScenarioTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Gc_KeepsTheEntriesASymlinkVenvUses_AndItsImportsStillWork()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var symlinkVenv = _world.Venv("app");
        symlinkVenv.Install(foo, LinkMode.Symlink);
        var refreshed = _world.Cache.Refresh(foo);           // uv's pointer now names a new id; uv prune would delete foo

        _world.ScanProjects();
        var gc = _world.Gc().AssertExit(0);

        Assert.True(foo.Exists);
        Assert.Contains(refreshed.Id, gc.PlannedIds);         // only uv's pointer named it: no environment uses it
        Assert.False(refreshed.Exists);
        PythonChecker.AssertImports(symlinkVenv, "foo.sub");
        Assert.Empty(PythonChecker.DanglingLinks(symlinkVenv));
    }

    [Theory]
    [InlineData(CacheLayout.Classic)]
    [InlineData(CacheLayout.ContentAddressed)]
    public void Gc_DeletesEntriesOnlyACopyVenvUsed_AndOrphans(CacheLayout layout)
    {
        using var world = new GcToolWorld(layout: layout);
        var bar = world.Cache.PersistWheel(Wheel.WithSubmodule("bar", "2.0"));
        var orphan = world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "0.1"));
        var copyVenv = world.Venv("copy");
        copyVenv.Install(bar, UvLinkMode.Copy);

        world.ScanProjects();
        var gc = world.Gc().AssertExit(0);

        Assert.Equal(new[] { bar.Id, orphan.Id }.Order(StringComparer.Ordinal), gc.PlannedIds.Order(StringComparer.Ordinal));
        Assert.False(bar.Exists);
        Assert.False(orphan.Exists);
        PythonChecker.AssertImports(copyVenv, "bar.sub");
    }

    [Fact]
    public void UvPrune_BreaksTheSymlinkVenv_WhereGctoolDoesNot()
    {
        // The contrast, on the same layout: uv's own prune only counts pointers.
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        _world.Cache.Refresh(foo);

        UvPruneSimulator.Prune(_world.Cache);

        PythonChecker.AssertImportFails(venv, "foo.sub");
    }

    [Fact]
    public void Gc_KeepsTheEntriesAHardlinkVenvUses()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("hard");
        venv.Install(foo, LinkMode.Hardlink);

        _world.ScanProjects();
        _world.Gc().AssertExit(0);

        Assert.True(foo.Exists);
        var audit = _world.Json("audit", "entry", "--", foo.Id).AssertExit(0).Json;
        Assert.Equal("hardlink", audit.GetProperty("users")[0].GetProperty("link_mode").GetString());
    }

    [Fact]
    public void Gc_KeepsEntry_WhenOneDeepSymlinkIsItsOnlyReference()
    {
        var deep = _world.Cache.PersistWheel(Wheel.Named("deep", "1.0").WithModule("deep/a/b/c/d/leaf.py"));
        var venv = _world.Venv("deep");
        venv.Install(deep, UvLinkMode.Copy);
        var leaf = venv.SitePath("deep/a/b/c/d/leaf.py");
        File.Delete(leaf);
        File.CreateSymbolicLink(leaf, deep.FileAt("deep/a/b/c/d/leaf.py"));

        _world.ScanProjects();
        _world.Gc().AssertExit(0);

        Assert.True(deep.Exists);
        PythonChecker.AssertImports(venv, "deep.a.b.c.d.leaf");
    }

    [Fact]
    public void Gc_KeepsEntry_ReferencedOnlyThroughAWheelsPointer()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("viapointer");
        venv.Install(foo, UvLinkMode.Copy);
        var sub = venv.SitePath("foo/sub.py");
        File.Delete(sub);
        File.CreateSymbolicLink(sub, Path.Combine(foo.PointerPath!, "foo", "sub.py"));

        _world.ScanProjects();
        _world.Gc().AssertExit(0);

        Assert.True(foo.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
    }
}
