using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class SymlinkInstallTests : SimulatorTest
{
    private readonly ArchiveEntry _foo;
    private readonly VenvBuilder _venv;

    public SymlinkInstallTests()
    {
        _foo = Cache.PersistWheel(Wheel.Named("foo", "1.0").WithModule("foo/sub.py").WithModule("foo/nested/deep.py").WithModule("bar.py"));
        _venv = NewVenv();
        _venv.Install(_foo, LinkMode.Symlink);
    }

    [Fact]
    public void SymlinkVenv_ImportsSubmoduleWithRealPython()
    {
        var file = PythonChecker.AssertImports(_venv, "foo.sub");

        Assert.Equal(_venv.SitePath("foo/sub.py"), file);
    }

    [Fact]
    public void SymlinkVenv_LinksEveryWheelFileToAnAbsolutePathInTheArchiveEntry()
    {
        foreach (var relative in new[] { "foo/__init__.py", "foo/sub.py", "foo/nested/deep.py", "bar.py", "foo-1.0.dist-info/METADATA", "foo-1.0.dist-info/WHEEL", "foo-1.0.dist-info/top_level.txt" })
        {
            var link = new FileInfo(_venv.SitePath(relative));
            Assert.Equal($"{Cache.Root}/archive-v0/{_foo.Id}/{relative}", link.LinkTarget);
        }
    }

    [Fact]
    public void SymlinkVenv_KeepsDirectoriesReal()
    {
        Assert.Equal(FileKind.Directory, LStat(_venv.SitePath("foo")).Kind);
        Assert.Equal(FileKind.Directory, LStat(_venv.SitePath("foo/nested")).Kind);
        Assert.Equal(FileKind.Directory, LStat(_venv.SitePath("foo-1.0.dist-info")).Kind);
    }

    [Fact]
    public void SymlinkVenv_CopiesRecordAndWritesUvFilesAsRealFiles()
    {
        foreach (var name in new[] { "RECORD", "INSTALLER", "REQUESTED" })
            Assert.Equal(FileKind.File, LStat(_venv.SitePath($"foo-1.0.dist-info/{name}")).Kind);
        Assert.Equal("uv", File.ReadAllText(_venv.SitePath("foo-1.0.dist-info/INSTALLER")));
        Assert.Contains("foo-1.0.dist-info/INSTALLER,sha256=", File.ReadAllText(_venv.SitePath("foo-1.0.dist-info/RECORD")));
    }

    [Fact]
    public void SymlinkVenv_HasNoDanglingLinks()
    {
        Assert.Empty(PythonChecker.DanglingLinks(_venv));
    }

    [Fact]
    public void SymlinkVenv_InstalledThroughAContainerMountPath_PointsThroughThatPath()
    {
        var venv = NewVenv("container-venv");

        var installed = venv.Install(_foo, LinkMode.Symlink, cacheRootAsSeen: "/mnt/container/uv-cache");

        Assert.Equal($"/mnt/container/uv-cache/archive-v0/{_foo.Id}", installed.ArchiveRootAsSeen);
        Assert.Equal($"/mnt/container/uv-cache/archive-v0/{_foo.Id}/foo/sub.py", new FileInfo(venv.SitePath("foo/sub.py")).LinkTarget);
        Assert.Contains(venv.SitePath("foo/sub.py"), PythonChecker.DanglingLinks(venv)); // the mount does not exist on this host
    }

    [Fact]
    public void SymlinkVenv_OnACacheGivenThroughASymlink_PointsThroughTheGivenPathAndImports()
    {
        var aliased = UvCacheBuilder.Create(Temp.Combine("real-cache"), givenAs: Temp.Combine("home", ".cache", "uv"));
        var entry = aliased.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = NewVenv("aliased-venv");

        venv.Install(entry, LinkMode.Symlink);

        Assert.StartsWith(Temp.Combine("home", ".cache", "uv", "archive-v0") + "/", new FileInfo(venv.SitePath("foo/sub.py")).LinkTarget);
        PythonChecker.AssertImports(venv, "foo.sub");
    }
}
