using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>uv replaces an archive file when link(2) fails with EMLINK, so the entry's inodes change under gctool.</summary>
public sealed class HardlinkLimitTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Gc_KeepsAnEntry_WhoseFileUvReplacedAtTheLinkLimit_WhenAVenvHoldsTheNewInode()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        _world.ScanProjects();                                   // records foo's inodes as they are now
        var venv = _world.Venv("late");
        venv.Install(foo, UvLinkMode.Hardlink, linkLimitReached: _ => true);   // every archive file replaced

        var gc = _world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(foo.Exists);
        Assert.Equal(1, gc.Json.GetProperty("kept").GetProperty("hardlinked").GetInt64());
    }
}
