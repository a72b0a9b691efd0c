using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.Tests.Environments;

public class EnvironmentDiscoveryTests
{
    private static readonly RootPath Root = new("/projects");
    private static readonly long Now = DateTimeOffset.Parse("2026-11-25T12:00:00Z").ToUnixTimeMilliseconds() * 1_000_000;
    private readonly MockFileSystem _fs = new();
    private readonly FakeFileStatReader _stat;

    public EnvironmentDiscoveryTests()
    {
        _stat = new FakeFileStatReader(_fs);
        _fs.AddDirectory(Root.Value);
    }

    private DiscoveryResult Walk(GcTool.Core.Store.DiscoverySnapshot? previous = null, IReadOnlySet<string>? excluded = null) =>
        new EnvironmentDiscovery(new DirectoryReader(_fs, _stat), excluded ?? new HashSet<string>()).Walk(Root, previous, Now, full: false, CancellationToken.None);

    private void Venv(string path)
    {
        _fs.AddFile($"{path}/pyvenv.cfg", new MockFileData("home = /usr/bin"));
        _fs.AddFile($"{path}/CACHEDIR.TAG", new MockFileData(Core.Cache.UvCache.CacheDirTagSignature));
    }

    /// <summary>/projects/a/.venv with every directory's mtime well before <see cref="Now"/> (not racy); returns that mtime.</summary>
    private DateTimeOffset SettledVenvA()
    {
        Venv("/projects/a/.venv");
        var old = DateTimeOffset.Parse("2026-11-20T12:00:00Z");
        foreach (var dir in new[] { "/projects", "/projects/a", "/projects/a/.venv" }) _stat.SetModified(dir, old);
        return old;
    }

    [Fact]
    public void FindsVenvsAtAnyDepth_EvenThoughTheyCarryACacheDirTag()
    {
        Venv("/projects/a/.venv");
        Venv("/projects/group/b/c/.venv");

        var found = Walk().Environments.Select(e => e.Value).Order();

        Assert.Equal(["/projects/a/.venv", "/projects/group/b/c/.venv"], found);
    }

    [Fact]
    public void DoesNotFollowADirectorySymlinkOutOfTheRoot()
    {
        Venv("/outside/.venv");
        _stat.AddSymlink("/projects/link", "/outside");

        Assert.Empty(Walk().Environments);
    }

    [Fact]
    public void APyvenvCfgThatIsADirectory_DoesNotMakeAVenv_AndIsReported()
    {
        _fs.AddDirectory("/projects/odd/pyvenv.cfg");

        var result = Walk();

        Assert.Empty(result.Environments);
        Assert.Contains(result.Skipped, s => s.Path.EndsWith("pyvenv.cfg"));
    }

    [Fact]
    public void AMissingRoot_IsAnErrorNotAnEmptyRoot()
    {
        _fs.Directory.Delete(Root.Value);

        var result = Walk();

        Assert.NotNull(result.RootError);
        Assert.Contains("missing", result.RootError);
    }

    [Fact]
    public void ExcludedDirectories_AreNotWalked()
    {
        Venv("/projects/.cache/uv/archive-v0/VenvVenvVenvVen3");

        Assert.Empty(Walk(excluded: new HashSet<string> { "/projects/.cache/uv" }).Environments);
    }

    [Fact]
    public void ARewalk_ReusesDirectoriesWhoseMtimeIsUnchanged()
    {
        SettledVenvA();
        var first = Walk();

        var second = Walk(first.Snapshot);

        Assert.Equal(3, first.DirectoriesRead);
        Assert.Equal(0, second.DirectoriesRead);
        Assert.Equal(first.Environments, second.Environments);
    }

    [Fact]
    public void ARewalk_ReadsADirectoryAgain_WhenItsMtimeChanged()
    {
        var old = SettledVenvA();
        var first = Walk();
        Venv("/projects/b/.venv");
        _stat.SetModified("/projects", old.AddMinutes(5));
        _stat.SetModified("/projects/b", old.AddMinutes(5));
        _stat.SetModified("/projects/b/.venv", old.AddMinutes(5));

        var second = Walk(first.Snapshot);

        Assert.Equal(["/projects/a/.venv", "/projects/b/.venv"], second.Environments.Select(e => e.Value).Order());
    }

    [Fact]
    public void ARewalkThatFindsNothingNew_SaysItsSnapshotIsTheRecordedOne()
    {
        SettledVenvA();
        var first = Walk();

        Assert.False(first.Snapshot.SameAsRecorded);
        Assert.True(Walk(first.Snapshot).Snapshot.SameAsRecorded);
    }

    [Fact]
    public void EveryRewalkOfAnUnchangedTreeOfSiblings_SaysItsSnapshotIsTheRecordedOne()
    {
        var old = DateTimeOffset.Parse("2026-11-20T12:00:00Z");
        foreach (var name in new[] { "a", "b", "c" }) Venv($"/projects/{name}/.venv");
        foreach (var dir in _fs.AllDirectories) _stat.SetModified(dir, old);
        var snapshot = Walk().Snapshot;

        for (var rewalk = 1; rewalk <= 3; rewalk++)
        {
            var again = Walk(snapshot).Snapshot;
            Assert.True(again.SameAsRecorded, $"rewalk {rewalk}");
            snapshot = again;
        }
    }

    [Fact]
    public void ARewalkThatReadADirectoryAgain_HasANewSnapshot()
    {
        var old = SettledVenvA();
        var first = Walk();
        _stat.SetModified("/projects/a", old.AddMinutes(5));

        Assert.False(Walk(first.Snapshot).Snapshot.SameAsRecorded);
    }
}
