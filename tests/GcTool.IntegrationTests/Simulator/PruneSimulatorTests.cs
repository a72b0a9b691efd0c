using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class PruneSimulatorTests : SimulatorTest
{
    [Fact]
    public void Prune_RemovesUnknownTopLevelDirectoriesButKeepsCurrentBucketsAndMarkers()
    {
        Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var staging = Cache.AddStagingDirectory();
        Cache.AddOldBucket();
        Cache.AddFutureBucket();
        Cache.AddSimpleIndexEntry();
        var build = Cache.AddBuildStagingDirectory();

        var result = UvPruneSimulator.Prune(Cache);

        Assert.True(result.RemovedPath(staging));
        Assert.True(result.RemovedPath(Cache.PathOf("wheels-v5")));
        Assert.True(result.RemovedPath(Cache.PathOf("wheels-v99")));
        Assert.True(Directory.Exists(build));
        Assert.True(File.Exists(Cache.PathOf("simple-v24", "pypi", "x.rkyv")));
        foreach (var marker in new[] { "CACHEDIR.TAG", ".gitignore", ".lock" }) Assert.True(File.Exists(Cache.PathOf(marker)), marker);
    }

    [Fact]
    public void Prune_RemovesCachedEnvironmentsAndThenTheirEntries()
    {
        var foo = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var env = Cache.PersistCachedVenv([foo], LinkMode.Symlink);

        var result = UvPruneSimulator.Prune(Cache);

        Assert.True(result.RemovedPath(Path.GetDirectoryName(env.PointerPath)!));
        Assert.True(result.RemovedEntry(env));
        Assert.True(foo.Exists);
    }

    [Fact]
    public void Prune_DoesNotFollowASymlinkOutOfTheCache()
    {
        var victim = Temp.CreateDirectory("victim");
        File.WriteAllText(Path.Combine(victim, "payload.txt"), "keep me");
        Directory.CreateDirectory(Cache.ArchiveDirectory);
        File.CreateSymbolicLink(Path.Combine(Cache.ArchiveDirectory, "escape"), victim);
        Directory.CreateDirectory(Cache.PathOf("environments-v2"));
        File.CreateSymbolicLink(Cache.PathOf("environments-v2", "escape"), victim);

        UvPruneSimulator.Prune(Cache);

        Assert.Equal("keep me", File.ReadAllText(Path.Combine(victim, "payload.txt")));
        Assert.False(FileTree.Exists(Path.Combine(Cache.ArchiveDirectory, "escape")));
    }

    [Fact]
    public void Prune_IgnoresWindowsTextPointersOnUnix()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"), new PersistOptions { Pointer = PointerStyle.WindowsTextFile });

        UvPruneSimulator.Prune(Cache);

        Assert.False(entry.Exists);
    }

    [Fact]
    public void PruneCi_KeepsBuiltWheelsAndMetadataOnly()
    {
        var sdist = Cache.BuildSdist(Wheel.Named("bar", "2.0").WithModule("bar.py"));
        var wheel = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));

        UvPruneSimulator.Prune(Cache, new PruneOptions { Ci = true });

        Assert.Equal(["bar-2.0-py3-none-any.whl", "metadata.msgpack"],
            Directory.EnumerateFileSystemEntries(sdist.RevisionPath).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Cache.PathOf("wheels-v6", "pypi")));
        Assert.False(sdist.Archive.Exists);
        Assert.False(wheel.Exists);
    }

    [Fact]
    public void Prune_OnAMissingRootDoesNothing()
    {
        var result = UvPruneSimulator.Prune(Temp.Combine("no-cache-here"));

        Assert.Same(PruneResult.NoCache, result);
        Assert.False(Directory.Exists(Temp.Combine("no-cache-here")));
    }
}
