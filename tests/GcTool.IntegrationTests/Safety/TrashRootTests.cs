using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// gc's trash root (<c>&lt;cache&gt;/.gctool-trash</c>) holds its run lock and the entries it renames.
/// Anyone who can write the shared cache can plant a symlink there: gc refuses (exit 4) rather than
/// create its lock file or move entries through it.
/// </summary>
public sealed class TrashRootTests : IDisposable
{
    private readonly SafetyWorld _world = SafetyWorld.Create();

    [Fact]
    public void TrashRootThatIsASymlink_IsRefused_AndNothingOutsideTheCacheIsWritten()
    {
        var scenario = GarbageScenario.Build(_world);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_world.Temp, "elsewhere")).FullName;
        File.CreateSymbolicLink(Path.Combine(_world.Cache.RealRoot, ".gctool-trash"), elsewhere);

        var (exit, _, stderr) = _world.Run("gc", "--min-age", "0s");

        Assert.True(exit == 4, stderr);
        Assert.Contains(".gctool-trash is not a real directory", stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Assert.All(scenario.Garbage, e => Assert.True(_world.EntryExists(e)));
        _world.AssertNothingBroken();
    }

    [Fact]
    public void TrashRootThatIsAFile_IsRefused()
    {
        GarbageScenario.Build(_world);
        File.WriteAllText(Path.Combine(_world.Cache.RealRoot, ".gctool-trash"), "");

        Assert.Equal(4, _world.Run("gc", "--min-age", "0s").Exit);
        _world.AssertNothingBroken();
    }

    public void Dispose() => _world.Dispose();
}
