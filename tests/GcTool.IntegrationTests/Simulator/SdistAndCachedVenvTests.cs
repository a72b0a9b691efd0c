using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class SdistAndCachedVenvTests : SimulatorTest
{
    [Fact]
    public void BuildSdist_LaysOutARevisionWithSourceWheelAndStemLink()
    {
        var sdist = Cache.BuildSdist(Wheel.Named("bar", "2.0").WithModule("bar.py"));

        var shard = Cache.PathOf("sdists-v9", "pypi", "bar", "2.0");
        Assert.Equal(shard, sdist.ShardPath);
        Assert.True(File.Exists(Path.Combine(shard, ".lock")));
        Assert.Equal(sdist.Revision, HttpPointerFile.TryReadId(File.ReadAllBytes(sdist.RevisionPointerPath)));
        Assert.True(File.Exists(Path.Combine(sdist.RevisionPath, "src", "bar.py")));
        Assert.True(File.Exists(Path.Combine(sdist.RevisionPath, "metadata.msgpack")));
        Assert.True(File.Exists(Path.Combine(sdist.RevisionPath, "bar-2.0-py3-none-any.whl")));
        Assert.Equal(Path.Combine(sdist.RevisionPath, "bar-2.0-py3-none-any"), sdist.StemLinkPath);
        Assert.Equal($"../../../../../archive-v0/{sdist.Archive.Id}", new FileInfo(sdist.StemLinkPath).LinkTarget);
        Assert.True(File.Exists(Path.Combine(sdist.StemLinkPath, "bar.py")));
    }

    [Fact]
    public void Rebuild_LeavesTheOldRevisionBehindUntilPruneRemovesItAndItsEntry()
    {
        var spec = Wheel.Named("bar", "2.0").WithModule("bar.py");
        var first = Cache.BuildSdist(spec);
        var second = Cache.BuildSdist(spec);
        Assert.True(Directory.Exists(first.RevisionPath));

        var result = UvPruneSimulator.Prune(Cache);

        Assert.True(result.RemovedPath(first.RevisionPath));
        Assert.False(first.Archive.Exists);
        Assert.True(second.Archive.Exists);
        Assert.True(Directory.Exists(second.RevisionPath));
    }

    [Fact]
    public void CachedVenv_IsAnArchiveEntryLinkedFromEnvironments()
    {
        var foo = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));

        var env = Cache.PersistCachedVenv([foo], UvLinkMode.Symlink);

        Assert.Equal(EntryKind.Venv, env.Kind);
        Assert.Matches("/environments-v2/[0-9a-f]{16}/[0-9a-f]{16}$", env.PointerPath);
        Assert.Equal($"../../archive-v0/{env.Id}", new FileInfo(env.PointerPath!).LinkTarget);
        Assert.True(File.Exists(Path.Combine(env.Path, "pyvenv.cfg")));
        Assert.Contains("relocatable = true", File.ReadAllLines(Path.Combine(env.Path, "pyvenv.cfg")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Cache.PathOf("builds-v0")));
    }

    [Fact]
    public void CachedVenv_InSymlinkModeImportsThroughLinksIntoTheOtherEntry()
    {
        var foo = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));

        var env = Cache.PersistCachedVenv([foo], UvLinkMode.Symlink);

        var sub = Path.Combine(env.Path, "lib", $"python{PythonRuntime.Default.MajorMinor}", "site-packages", "foo", "sub.py");
        Assert.Equal(FileKind.Symlink, LStat(sub).Kind);
        Assert.Equal(foo.FileAt("foo/sub.py"), new FileInfo(sub).LinkTarget);
        Assert.Equal(sub, PythonChecker.AssertImports(env.Path, "foo.sub"));
    }
}
