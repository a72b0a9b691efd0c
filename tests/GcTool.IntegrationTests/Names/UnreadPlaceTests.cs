using GcTool.IntegrationTests.Hostile;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Names;

/// <summary>
/// What gctool cannot read keeps every entry it may reference, and the report says so: a place under a
/// root, or in a venv, that cannot be read may hold links to any entry, so a gc that would delete
/// something refuses (exit 4), as for a missing root. Run as <c>nobody</c>: root reads everything.
/// </summary>
public sealed class UnreadPlaceTests : IDisposable
{
    private readonly HostileWorld _world = new();
    private readonly ArchiveEntry _used;
    private readonly ArchiveEntry _unused;
    private readonly string _root;

    public UnreadPlaceTests()
    {
        _used = _world.Cache.PersistWheel(Wheel.Named("foo", "1.0").WithModule("foo/__init__.py"));
        _unused = _world.Cache.PersistWheel(Wheel.Named("bar", "1.0").WithModule("bar/__init__.py"));
        _root = _world.Dir("root");
        HostileWorld.LinkInto(HostileWorld.FakeVenv(Path.Combine(_root, "known", ".venv")), _used);
    }

    public void Dispose() => _world.Dispose();

    [NobodyFact]
    public void Gc_DeletesNothing_WhenADirectoryUnderTheRootCannotBeRead()
    {
        var locked = Path.Combine(_root, "locked");
        HostileWorld.LinkInto(HostileWorld.FakeVenv(Path.Combine(locked, ".venv")), _unused);
        UnixModes.Set(locked, 0);
        _world.RunAsNobody("roots", "add", _root);

        var gc = _world.RunAsNobody("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 4, gc.ToString());
        Assert.Contains(locked, gc.Json.GetProperty("error").GetProperty("message").GetString());
        Assert.True(_unused.Exists);
        Assert.True(_used.Exists);
    }

    [NobodyFact]
    public void Gc_DeletesNothing_WhenANeverSeenVenvHasADirectoryItCannotRead()
    {
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "new", ".venv"));
        HostileWorld.LinkInto(venv, _unused);
        var site = Path.Combine(venv, "lib", "python3.11", "site-packages");
        _world.RunAsNobody("roots", "add", _root);

        var gc = _world.RunAsNobody(() => UnixModes.Set(site, 0), "gc", "--min-age", "0s");

        Assert.True(gc.Exit == 4, gc.ToString());
        Assert.Contains(site, gc.Json.GetProperty("error").GetProperty("message").GetString());
        Assert.True(_unused.Exists);
    }

    [NobodyFact]
    public void Gc_DeletesNothing_OnTheNextRun_WhenANeverSeenVenvWasReadOnlyInPartByAScan()
    {
        var venv = HostileWorld.FakeVenv(Path.Combine(_root, "new", ".venv"));
        HostileWorld.LinkInto(venv, _unused);
        var site = Path.Combine(venv, "lib", "python3.11", "site-packages");
        FileTree.Backdate(_root, DateTime.UtcNow.AddHours(-2));
        var scan = _world.RunAsNobody(() => UnixModes.Set(site, 0), "scan", _root);
        Assert.True(scan.Exit == 0, scan.ToString());
        Assert.Contains(scan.Skipped(), s => s.Path == site);

        var gc = _world.RunAsNobody(() => UnixModes.Set(site, 0), "gc", "--min-age", "0s");

        Assert.True(gc.Exit == 4, gc.ToString());
        Assert.True(_unused.Exists);
    }

    [NobodyFact]
    public void Gc_Deletes_WhenNothingIsUnread()
    {
        _world.RunAsNobody("roots", "add", _root);

        var gc = _world.RunAsNobody("gc", "--min-age", "0s");

        Assert.True(gc.Exit == 0, gc.ToString());
        Assert.Equal([_unused.Id], gc.DeletedIds());
        Assert.True(_used.Exists);
    }
}
