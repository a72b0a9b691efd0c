using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;
using GcTool.Core.Store;
using GcTool.TestSupport;

namespace GcTool.Tests.Scanning;

public class EnvironmentReaderTests
{
    private const string Cache = "/cache";
    private const string Venv = "/projects/app/.venv";
    private const string Site = Venv + "/lib/python3.11/site-packages";
    private static readonly EntryKey Foo = new(0, EntryId.Parse("FooFooFooFooFoo1"));
    private static readonly EntryKey Bar = new(0, EntryId.Parse("BarBarBarBarBar2"));

    private readonly MockFileSystem _fs = new();
    private readonly FakeFileStatReader _stat;

    public EnvironmentReaderTests()
    {
        _stat = new FakeFileStatReader(_fs);
        _fs.AddFile($"{Cache}/CACHEDIR.TAG", new MockFileData(UvCache.CacheDirTagSignature));
        _fs.AddFile($"{Cache}/archive-v0/{Foo.Id}/foo/a/b/c/deep.py", new MockFileData("x"));
        _fs.AddFile($"{Cache}/archive-v0/{Bar.Id}/bar.py", new MockFileData("y"));
        _fs.AddFile($"{Venv}/pyvenv.cfg", new MockFileData("home = /usr/bin"));
        _fs.AddDirectory(Site);
    }

    private EnvironmentContents Read(EntryKey? self = null, string env = Venv)
    {
        var cache = UvCache.Open(_fs, _stat, Cache);
        var reader = new DirectoryReader(_fs, _stat);
        var classifier = new ReferenceClassifier(cache, k => k == Foo || k == Bar, _stat);
        var index = InodeIndex.Build([
            new EntryRecord(Bar, EntryKind.Wheel, "bar", "1", 1, 1, 1, 0, 0, null, _stat.Device, [_stat.InodeOf($"{Cache}/archive-v0/{Bar.Id}/bar.py")]),
        ]);
        return new EnvironmentReader(reader, classifier, () => index).Read(new EnvPath(env), self, CancellationToken.None);
    }

    [Fact]
    public void OneSymlinkDeepInAPackage_IsAReference()
    {
        _fs.AddDirectory($"{Site}/foo/a/b/c");
        _stat.AddSymlink($"{Site}/foo/a/b/c/deep.py", $"{Cache}/archive-v0/{Foo.Id}/foo/a/b/c/deep.py");

        var refs = Read().References;

        var reference = Assert.Single(refs);
        Assert.Equal((Foo, LinkMode.Symlink, 1L), (reference.Entry, reference.Mode, reference.FileCount));
        Assert.Equal($"{Site}/foo/a/b/c/deep.py", reference.SampleFile);
    }

    [Fact]
    public void LinksOutsideSitePackages_CountToo()
    {
        _stat.AddSymlink($"{Venv}/bin/foo-cli", $"{Cache}/archive-v0/{Foo.Id}/foo-1.0.data/scripts/foo-cli");
        _stat.AddSymlink($"{Venv}/share/man/foo.1", $"{Cache}/archive-v0/{Foo.Id}/foo-1.0.data/data/share/man/foo.1");

        Assert.Equal(2, Assert.Single(Read().References).FileCount);
    }

    [Fact]
    public void AHardlinkedFile_IsTracedToItsEntryByInode()
    {
        _stat.MakeHardlink($"{Cache}/archive-v0/{Bar.Id}/bar.py", $"{Site}/bar.py");

        var reference = Assert.Single(Read().References);

        Assert.Equal((Bar, LinkMode.Hardlink), (reference.Entry, reference.Mode));
    }

    [Fact]
    public void AHardlinkToSomethingOutsideTheCache_IsRecordedAsUnmatched()
    {
        _fs.AddFile("/elsewhere/data.bin", new MockFileData("z"));
        _stat.MakeHardlink("/elsewhere/data.bin", $"{Site}/data.bin");

        var contents = Read();

        Assert.Empty(contents.References);
        Assert.Single(contents.UnmatchedHardlinks);
    }

    [Fact]
    public void ADirectorySymlink_IsNeverDescended()
    {
        _stat.AddSymlink($"{Venv}/lib64", "lib");
        _fs.AddDirectory($"{Site}/foo");
        _stat.AddSymlink($"{Site}/foo/x.py", $"{Cache}/archive-v0/{Foo.Id}/foo/x.py");

        Assert.Equal(1, Assert.Single(Read().References).FileCount);
    }

    [Fact]
    public void ACachedVenvsLinksIntoItself_AreNotReferences()
    {
        var venvEntry = new EntryKey(0, EntryId.Parse("VenvVenvVenvVen3"));
        var root = $"{Cache}/archive-v0/{venvEntry.Id}";
        _fs.AddFile($"{root}/pyvenv.cfg", new MockFileData(""));
        _stat.AddSymlink($"{root}/lib64", $"{root}/lib");
        _stat.AddSymlink($"{root}/lib/python3.11/site-packages/bar.py", $"{Cache}/archive-v0/{Bar.Id}/bar.py");

        var reference = Assert.Single(Read(self: venvEntry, env: root).References);

        Assert.Equal(Bar, reference.Entry);
    }

    [Fact]
    public void DanglingAndLoopingLinks_AreNotReferences_AndDoNotStopTheRead()
    {
        _stat.AddSymlink($"{Site}/loop-a", $"{Site}/loop-b");
        _stat.AddSymlink($"{Site}/loop-b", $"{Site}/loop-a");
        _stat.AddSymlink($"{Site}/dangling", "/nowhere/at/all");
        _stat.AddSymlink($"{Site}/root", "/");
        _stat.AddSymlink($"{Site}/bar.py", $"{Cache}/archive-v0/{Bar.Id}/bar.py");

        var contents = Read();

        Assert.Equal(Bar, Assert.Single(contents.References).Entry);
        Assert.Equal(5, contents.FileCount - 1);  // the five links plus pyvenv.cfg
    }
}
