using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// Content-addressed layout: gc killed with SIGKILL while it removes the files-v0 objects nothing links
/// any more (a real child process, GCTOOL_FAULT). No object anything links is ever unlinked; the objects
/// left behind are removed by the next gc.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SigkillDuringObjectSweepTests : IDisposable
{
    private const int KilledBySigkill = 128 + 9;
    private readonly SafetyWorld _world = SafetyWorld.Create(CacheLayout.ContentAddressed);

    public void Dispose() => _world.Dispose();

    [Theory]
    [InlineData("before-object-sweep")]
    [InlineData("mid-object-sweep:1")]
    [InlineData("mid-object-sweep:4")]
    public void KilledWhileRemovingObjects_UnlinksNoObjectAnythingLinks_AndTheNextGcRemovesTheRest(string fault)
    {
        var a = _world.PersistPackage();
        var b = _world.PersistPackage();
        _world.Venv("app", UvLinkMode.Symlink, a);
        _world.Venv("tool", UvLinkMode.Hardlink, b);
        var garbage = Enumerable.Range(0, 5).Select(_ => _world.PersistPackage()).ToList();
        _world.ScanProjects();

        var killed = GctoolProcess.Run(_world, fault, "gc", "--min-age", "0s", "--json");
        Assert.True(killed.ExitCode == KilledBySigkill, $"expected SIGKILL at {fault}: {killed}");
        _world.AssertNothingBroken();
        AssertEveryArchiveFileKeepsItsObject();
        Assert.Contains(ContentAddressedStore.Objects(_world.Cache.Root), o => FileTree.LStat(o).LinkCount == 1); // left for the next gc

        var (exit, _, stderr) = _world.RunJson("gc", "--min-age", "0s");
        Assert.True(exit == 0, $"gc after the kill exited {exit}: {stderr}");

        _world.AssertNothingBroken();
        AssertEveryArchiveFileKeepsItsObject();
        Assert.DoesNotContain(ContentAddressedStore.Objects(_world.Cache.Root), o => FileTree.LStat(o).LinkCount == 1);
        Assert.All(garbage, e => Assert.False(_world.EntryExists(e), $"{e} is garbage and survived"));
        Assert.True(_world.EntryExists(a) && _world.EntryExists(b));
    }

    private void AssertEveryArchiveFileKeepsItsObject()
    {
        foreach (var file in FileTree.Walk(_world.Cache.ArchiveDirectory).Where(p => FileTree.KindOf(p) == Core.Platform.FileKind.File))
        {
            var obj = ContentAddressedStore.ObjectPath(_world.Cache.Root, file);
            Assert.True(FileTree.Exists(obj) && FileTree.LStat(obj).Inode == FileTree.LStat(file).Inode, $"{file} lost its object {obj}");
        }
    }
}
