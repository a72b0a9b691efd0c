using System.IO.Abstractions.TestingHelpers;
using System.Runtime.Versioning;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;
using GcTool.Tests.Fakes;

namespace GcTool.Tests.Environments;

/// <summary>
/// Directories a non-root gc cannot read, on a MockFileSystem that enforces permission bits (the
/// tests run as root, which reads anything): the walk goes on, reports them, and says which
/// directories it could not see into so the scan does not mistake "unreadable" for "gone".
/// </summary>
[UnsupportedOSPlatform("windows")]
public class UnreadableTreeTests
{
    private static readonly RootPath Root = new("/projects");
    private const string Cache = "/cache";
    private static readonly EntryKey Foo = new(0, EntryId.Parse("FooFooFooFooFoo1"));
    private readonly PermissionMockFileSystem _fs = new();
    private readonly LocalFakeStatReader _stat;

    public UnreadableTreeTests()
    {
        _stat = new LocalFakeStatReader(_fs);
        _fs.AddDirectory(Root.Value);
        _fs.AddFile($"{Cache}/CACHEDIR.TAG", new MockFileData(UvCache.CacheDirTagSignature));
        _fs.AddFile($"{Cache}/archive-v0/{Foo.Id}/foo.py", new MockFileData("x"));
    }

    private DiscoveryResult Walk() =>
        new EnvironmentDiscovery(new DirectoryReader(_fs, _stat), new HashSet<string>()).Walk(Root, null, 0, full: true, CancellationToken.None);

    [Fact]
    public void Discovery_ReportsAnUnreadableDirectory_AndListsItAsUnreadable()
    {
        _fs.AddFile("/projects/locked/.venv/pyvenv.cfg", new MockFileData(""));
        _fs.AddEnforcedDirectory("/projects/locked", 0);

        var result = Walk();

        Assert.Null(result.RootError);
        Assert.Contains(result.Skipped, s => s.Path == "/projects/locked" && s.Reason.Contains("permission denied"));
        Assert.Equal(["/projects/locked"], result.Unreadable);
    }

    [Fact]
    public void Discovery_ReportsChildrenItCannotLstat_InAReadableButNotSearchableDirectory()
    {
        _fs.AddFile("/projects/half/.venv/pyvenv.cfg", new MockFileData(""));
        _fs.AddEnforcedDirectory("/projects/half", UnixFileMode.UserRead);

        var result = Walk();

        Assert.Empty(result.Environments);
        Assert.Contains(result.Skipped, s => s.Path == "/projects/half/.venv" && s.Reason.Contains("cannot lstat"));
    }

    [Fact]
    public void Discovery_KeepsWalkingSiblingsOfAnUnreadableDirectory()
    {
        _fs.AddFile("/projects/a/.venv/pyvenv.cfg", new MockFileData(""));
        _fs.AddFile("/projects/z/.venv/pyvenv.cfg", new MockFileData(""));
        _fs.AddEnforcedDirectory("/projects/m", 0);

        var found = Walk().Environments.Select(e => e.Value).Order();

        Assert.Equal(["/projects/a/.venv", "/projects/z/.venv"], found);
    }

    [Fact]
    public void EnvironmentReader_MarksTheReadIncomplete_WhenADirectoryOfTheVenvIsUnreadable()
    {
        const string venv = "/projects/app/.venv";
        _fs.AddFile($"{venv}/pyvenv.cfg", new MockFileData(""));
        _fs.AddFile($"{venv}/lib/python3.11/site-packages/foo.py", new MockFileData("x"));
        _fs.AddEnforcedDirectory($"{venv}/lib/python3.11/site-packages", 0);
        var cache = UvCache.Open(_fs, _stat, Cache);
        var reader = new EnvironmentReader(new DirectoryReader(_fs, _stat), new ReferenceClassifier(cache, k => k == Foo, _stat), () => InodeIndex.Build([]));

        var contents = reader.Read(new EnvPath(venv), null, CancellationToken.None);

        Assert.True(contents.Incomplete);
        Assert.Contains(contents.Skipped, s => s.Path == $"{venv}/lib/python3.11/site-packages");
    }

    [Fact]
    public void EnvironmentReader_IsComplete_WhenEverythingWasRead()
    {
        const string venv = "/projects/app/.venv";
        _fs.AddFile($"{venv}/pyvenv.cfg", new MockFileData(""));
        var cache = UvCache.Open(_fs, _stat, Cache);
        var reader = new EnvironmentReader(new DirectoryReader(_fs, _stat), new ReferenceClassifier(cache, k => k == Foo, _stat), () => InodeIndex.Build([]));

        Assert.False(reader.Read(new EnvPath(venv), null, CancellationToken.None).Incomplete);
    }
}
