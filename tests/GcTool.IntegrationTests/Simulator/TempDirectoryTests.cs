using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class TempDirectoryTests
{
    [Fact]
    public void Dispose_DeletesReadOnlyTrees()
    {
        var temp = TempDirectory.Create();
        var locked = temp.CreateDirectory("a", "b");
        File.WriteAllText(Path.Combine(locked, "f.txt"), "x");
        UnixModes.Set(Path.Combine(locked, "f.txt"), UnixModes.FromOctal("444"));
        UnixModes.Set(locked, UnixModes.FromOctal("555"));
        UnixModes.Set(Path.GetDirectoryName(locked)!, UnixModes.FromOctal("555"));

        temp.Dispose();

        Assert.False(Directory.Exists(temp.Path));
    }

    [Fact]
    public void Dispose_DoesNotFollowSymlinks()
    {
        using var outside = TempDirectory.Create();
        File.WriteAllText(outside.Combine("keep.txt"), "keep");
        var temp = TempDirectory.Create();
        Directory.CreateSymbolicLink(temp.Combine("dir-link"), outside.Path);
        File.CreateSymbolicLink(temp.Combine("file-link"), outside.Combine("keep.txt"));

        temp.Dispose();

        Assert.False(Directory.Exists(temp.Path));
        Assert.Equal("keep", File.ReadAllText(outside.Combine("keep.txt")));
    }
}
