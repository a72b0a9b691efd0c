using GcTool.Core.Environments;
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
        // At the limit, the old inodes are held by thousands of other venvs, so they are never freed (and their numbers never reused).
        VenvBuilder.Create(_world.PathOf("other-host-venvs", ".venv")).Install(foo, LinkMode.Hardlink);
        var venv = _world.Venv("late");
        venv.Install(foo, UvLinkMode.Hardlink, linkLimitReached: _ => true);   // every archive file replaced

        var gc = _world.Gc().AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.True(foo.Exists);
        Assert.True(gc.Json.GetProperty("kept").TryGetProperty("hardlinked", out var kept), gc.Stdout);
        Assert.Equal(1, kept.GetInt64());
    }
}
