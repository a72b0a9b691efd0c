using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class HardlinkAndCopyInstallTests : SimulatorTest
{
    private readonly ArchiveEntry _foo;

    public HardlinkAndCopyInstallTests()
    {
        _foo = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
    }

    [Fact]
    public void HardlinkVenv_SharesTheInodeOfEachArchiveFile()
    {
        var venv = NewVenv();
        var installed = venv.Install(_foo, LinkMode.Hardlink);

        Assert.Equal(UvLinkMode.Hardlink, installed.ModeUsed);
        foreach (var relative in new[] { "foo/sub.py", "foo/__init__.py", "foo-1.0.dist-info/METADATA" })
        {
            var inVenv = LStat(venv.SitePath(relative));
            var inArchive = LStat(_foo.FileAt(relative));
            Assert.Equal(FileKind.File, inVenv.Kind);
            Assert.True(inVenv.LinkCount >= 2, $"{relative} has nlink {inVenv.LinkCount}");
            Assert.Equal(inArchive.Id, inVenv.Id);
        }
    }

    [Fact]
    public void HardlinkVenv_CopiesRecord()
    {
        var venv = NewVenv();
        venv.Install(_foo, LinkMode.Hardlink);

        Assert.NotEqual(LStat(_foo.FileAt("foo-1.0.dist-info/RECORD")).Id, LStat(venv.SitePath("foo-1.0.dist-info/RECORD")).Id);
    }

    [Fact]
    public void HardlinkVenv_ImportsSubmodule()
    {
        var venv = NewVenv();
        venv.Install(_foo, LinkMode.Hardlink);

        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void CopyVenv_SharesNoInodeAndHasNoSymlink()
    {
        var venv = NewVenv();
        venv.Install(_foo, UvLinkMode.Copy);

        var archiveInodes = FileTree.Walk(_foo.Path).Select(p => LStat(p).Id).ToHashSet();
        var siteFiles = FileTree.Walk(venv.SitePath("foo")).Concat(FileTree.Walk(venv.SitePath("foo-1.0.dist-info"))).ToList();
        Assert.NotEmpty(siteFiles);
        Assert.All(siteFiles, p =>
        {
            var status = LStat(p);
            Assert.NotEqual(FileKind.Symlink, status.Kind);
            Assert.DoesNotContain(status.Id, archiveInodes);
        });
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void CloneVenv_FallsBackToHardlinksOnExt4()
    {
        var venv = NewVenv();
        var installed = venv.Install(_foo, UvLinkMode.Clone);

        // ext4 has no FICLONE: uv's clone → hardlink chain. On btrfs/xfs the clone succeeds instead.
        var shared = LStat(_foo.FileAt("foo/sub.py")).Id == LStat(venv.SitePath("foo/sub.py")).Id;
        Assert.Equal(installed.ModeUsed == UvLinkMode.Hardlink, shared);
        Assert.Contains(installed.ModeUsed, new[] { UvLinkMode.Hardlink, UvLinkMode.Clone });
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void HardlinkAtTheLinkLimit_GivesTheArchiveFileANewInodeSharedOnlyWithTheNewVenv()
    {
        var first = NewVenv("first");
        first.Install(_foo, LinkMode.Hardlink);
        var before = LStat(_foo.FileAt("foo/sub.py")).Id;

        var second = NewVenv("second");
        second.Install(_foo, UvLinkMode.Hardlink, linkLimitReached: relative => relative == "foo/sub.py");

        var after = LStat(_foo.FileAt("foo/sub.py")).Id;
        Assert.NotEqual(before, after);
        Assert.Equal(before, LStat(first.SitePath("foo/sub.py")).Id);
        Assert.Equal(after, LStat(second.SitePath("foo/sub.py")).Id);
        Assert.Equal(LStat(_foo.FileAt("foo/__init__.py")).Id, LStat(second.SitePath("foo/__init__.py")).Id);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_foo.FileAt("foo")), p => Path.GetFileName(p).StartsWith(".tmp", StringComparison.Ordinal));
    }
}
