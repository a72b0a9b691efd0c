using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class FakeFileStatReaderTests
{
    private readonly MockFileSystem _fs = new();
    private readonly FakeFileStatReader _stat;

    public FakeFileStatReaderTests()
    {
        _stat = new FakeFileStatReader(_fs);
        _fs.AddFile("/cache/archive-v0/ID/foo/sub.py", new MockFileData("x"));
        _fs.AddDirectory("/venv/site/foo");
    }

    [Fact]
    public void LStat_ReportsKindsWithoutFollowingTheFinalSymlink()
    {
        _stat.AddSymlink("/venv/site/foo/sub.py", "/cache/archive-v0/ID/foo/sub.py");

        Assert.Equal(FileKind.File, _stat.TryLStat("/cache/archive-v0/ID/foo/sub.py")!.Value.Kind);
        Assert.Equal(FileKind.Directory, _stat.TryLStat("/venv/site/foo")!.Value.Kind);
        Assert.Equal(FileKind.Symlink, _stat.TryLStat("/venv/site/foo/sub.py")!.Value.Kind);
        Assert.Null(_stat.TryLStat("/nowhere"));
    }

    [Fact]
    public void Inodes_AreStablePerPathAndSharedByHardlinks()
    {
        _stat.MakeHardlink("/cache/archive-v0/ID/foo/sub.py", "/venv/site/foo/sub.py");

        var a = _stat.TryLStat("/cache/archive-v0/ID/foo/sub.py")!.Value;
        var b = _stat.TryLStat("/venv/site/foo/sub.py")!.Value;
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(2u, b.LinkCount);
        Assert.Equal("x", _fs.File.ReadAllText("/venv/site/foo/sub.py"));
        Assert.NotEqual(a.Inode, _stat.TryLStat("/venv/site/foo")!.Value.Inode);
        Assert.Equal(a.Inode, _stat.TryLStat("/cache/archive-v0/ID/foo/sub.py")!.Value.Inode);
    }

    [Fact]
    public void LinkCountAndMtime_CanBeSet()
    {
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        _stat.SetLinkCount("/cache/archive-v0/ID/foo/sub.py", 7);
        _stat.SetModified("/cache/archive-v0/ID/foo/sub.py", when);

        var status = _stat.TryLStat("/cache/archive-v0/ID/foo/sub.py")!.Value;
        Assert.Equal(7u, status.LinkCount);
        Assert.Equal(when.ToUnixTimeMilliseconds() * 1_000_000, status.ModifiedNs);
    }

    [Fact]
    public void RealPath_ResolvesRelativeAbsoluteAndChainedLinks()
    {
        _stat.AddSymlink("/cache/wheels-v6/pypi/foo/1.0-py3-none-any", "../../../archive-v0/ID");
        _stat.AddSymlink("/alias", "/cache");
        _stat.AddSymlink("/venv/site/foo/sub.py", "/alias/wheels-v6/pypi/foo/1.0-py3-none-any/foo/sub.py");

        Assert.Equal("/cache/archive-v0/ID", _stat.TryRealPath("/cache/wheels-v6/pypi/foo/1.0-py3-none-any"));
        Assert.Equal("/cache/archive-v0/ID/foo/sub.py", _stat.TryRealPath("/venv/site/foo/sub.py"));
        Assert.Equal("/cache/archive-v0", _stat.TryRealPath("/alias/wheels-v6/pypi/foo/1.0-py3-none-any/.."));
    }

    [Fact]
    public void RealPath_IsNullForDanglingLinksAndLoops()
    {
        _stat.AddSymlink("/venv/site/foo/gone.py", "/cache/archive-v0/GONE/foo/gone.py");
        _stat.AddSymlink("/loop/a", "b");
        _stat.AddSymlink("/loop/b", "a");

        Assert.Null(_stat.TryRealPath("/venv/site/foo/gone.py"));
        Assert.Null(_stat.TryRealPath("/loop/a"));
        Assert.Equal(FileKind.Symlink, _stat.TryLStat("/venv/site/foo/gone.py")!.Value.Kind);
    }

    [Fact]
    public void LStat_FollowsSymlinksInParentDirectories()
    {
        _stat.AddSymlink("/alias", "/cache");

        var viaAlias = _stat.TryLStat("/alias/archive-v0/ID/foo/sub.py")!.Value;

        Assert.Equal(_stat.TryLStat("/cache/archive-v0/ID/foo/sub.py")!.Value.Id, viaAlias.Id);
    }
}
