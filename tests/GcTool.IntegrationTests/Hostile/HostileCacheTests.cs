using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// Caches that are missing, not uv's, or hold things uv never makes: gc refuses the first two
/// and, in the rest, deletes nothing outside <c>&lt;cache&gt;/archive-v*</c>, the pointers it
/// planned and the directories uv's own prune removes (stale buckets, staging leftovers), and never follows a symlink.
/// </summary>
public sealed class HostileCacheTests : IDisposable
{
    private readonly HostileWorld _world = new();
    private readonly string _root;

    public HostileCacheTests()
    {
        _root = _world.Dir("root");
    }

    public void Dispose() => _world.Dispose();

    private CliRun Gc()
    {
        var scan = _world.Run("scan", _root);
        Assert.True(scan.Exit == 0, scan.ToString());
        var run = _world.Run("gc", "--min-age", "0s");
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }

    /// <summary>Everything in the temp world except the database's directory and <paramref name="except"/>.</summary>
    private string World(params string[] except) => HostileWorld.Snapshot(_world.Temp.Path, [Path.GetDirectoryName(_world.Database)!, .. except]);

    [Fact]
    public void MissingCache_Exits1_WithAClearError_AndCreatesNoDatabase()
    {
        var missing = _world.Temp.Combine("no-such-cache");

        var run = _world.RunRaw("gc", "--min-age", "0s", "--cache-dir", missing, "--db", _world.Database);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"uv cache not found at {missing}", run.Stderr);
        Assert.False(File.Exists(_world.Database));
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void CachePathThatIsAFile_Exits1()
    {
        var file = _world.Temp.Combine("cache-file");
        File.WriteAllText(file, "x");

        var run = _world.RunRaw("gc", "--cache-dir", file, "--db", _world.Database);

        Assert.Equal(1, run.Exit);
        Assert.Contains("not a directory", run.Stderr);
        Assert.False(File.Exists(_world.Database));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Signature: 0000000000000000000000000000000")]
    public void NotAUvCache_GcExits4_AndTouchesNothing(string? tag)
    {
        var plain = _world.Dir("plain");
        var entry = Directory.CreateDirectory(Path.Combine(plain, "archive-v0", "AbCdEfGh12345678")).FullName;
        File.WriteAllText(Path.Combine(entry, "x.py"), "x = 1");
        if (tag is not null) File.WriteAllText(Path.Combine(plain, "CACHEDIR.TAG"), tag);
        var before = HostileWorld.Snapshot(plain);

        var run = _world.RunRaw("--json", "gc", "--force", "--min-age", "0s", "--cache-dir", plain, "--db", _world.Database);

        Assert.Equal(4, run.Exit);
        Assert.Contains("not a uv cache", run.Stderr);
        Assert.Equal(before, HostileWorld.Snapshot(plain));
        Assert.False(File.Exists(_world.Database));
    }

    [Fact]
    public void Gc_LeavesUnknownFutureBucketsAlone()
    {
        var entry = _world.Cache.PersistWheel(Wheel.Named("foo", "1.0"));
        _world.Cache.AddFutureBucket("wheels-v99");
        var future = _world.Cache.PathOf("future-v1");
        Directory.CreateDirectory(Path.Combine(future, "pypi"));
        File.CreateSymbolicLink(Path.Combine(future, "pypi", "foo"), entry.Path);
        File.WriteAllText(Path.Combine(future, "data.bin"), "future data");
        var before = World(_world.Cache.ArchiveDirectory, entry.PointerPath!, entry.PointerPath + ".http");

        Gc();

        Assert.Equal(before, World(_world.Cache.ArchiveDirectory, entry.PointerPath!, entry.PointerPath + ".http"));
    }

    [Fact]
    public void Gc_InAFutureArchiveBucket_DeletesOnlyWhatIsClearlyAnEntry()
    {
        var v7 = _world.Cache.PathOf("archive-v7");
        var id = Directory.CreateDirectory(Path.Combine(v7, "AbCdEfGh12345678")).FullName;
        File.WriteAllText(Path.Combine(id, "mod.py"), "x = 1");
        File.WriteAllText(Path.Combine(v7, "README"), "not an entry");
        Directory.CreateDirectory(Path.Combine(v7, "odd.dir"));
        File.WriteAllText(Path.Combine(v7, "odd.dir", "f"), "");
        var before = World(id);

        var gc = Gc();

        Assert.Equal(["AbCdEfGh12345678"], gc.DeletedIds());
        Assert.Equal(before, World(id));
    }

    [Fact]
    public void Gc_RefusesALockFileThatIsASymlink_AndOpensNothingThroughIt()
    {
        var canary = _world.Canary();
        var target = Path.Combine(canary, "not-a-lock");
        File.WriteAllText(target, "root's file");
        var lockPath = Path.Combine(_world.Cache.Root, ".lock");
        File.Delete(lockPath);
        File.CreateSymbolicLink(lockPath, target);
        var before = World();

        var gc = _world.Run("gc", "--force", "--min-age", "0s");

        Assert.Equal(4, gc.Exit);
        Assert.Contains("is a symlink", gc.Stderr);
        Assert.Equal("root's file", File.ReadAllText(target));
        Assert.Equal(before, World());
    }

    [Fact]
    public void Gc_NeverFollowsNorDeletes_AnArchiveEntryThatIsASymlinkToADirectoryOutside()
    {
        var canary = _world.Canary();
        var link = Path.Combine(_world.Cache.ArchiveDirectory, "AbCdEfGh12345678");
        Directory.CreateDirectory(_world.Cache.ArchiveDirectory);
        Directory.CreateSymbolicLink(link, canary);
        var before = World();

        var gc = Gc();

        Assert.Empty(gc.DeletedIds());
        Assert.Contains(gc.Skipped(), s => s.Path == link && s.Reason.Contains("not a real directory"));
        Assert.Equal(before, World());
    }

    [Fact]
    public void Gc_LeavesAnArchiveEntryThatIsARegularFileAlone()
    {
        Directory.CreateDirectory(_world.Cache.ArchiveDirectory);
        var file = Path.Combine(_world.Cache.ArchiveDirectory, "AbCdEfGh12345678");
        File.WriteAllText(file, "a file where an entry should be");
        var before = World();

        var gc = Gc();

        Assert.Empty(gc.DeletedIds());
        Assert.Equal(before, World());
    }

    [Theory]
    [InlineData("weird name!")]
    [InlineData("..foo")]
    [InlineData(".hidden")]
    [InlineData("id.with.dots")]
    [InlineData("AbCdEfGh12345678AbCdEfGh12345678AbCdEfGh12345678AbCdEfGh12345678X")] // 65 characters
    public void Gc_LeavesAnEntryWithAnOddIdAlone(string name)
    {
        var odd = Directory.CreateDirectory(Path.Combine(_world.Cache.ArchiveDirectory, name)).FullName;
        File.WriteAllText(Path.Combine(odd, "mod.py"), "x = 1");
        var before = World();

        var gc = Gc();

        Assert.Empty(gc.DeletedIds());
        Assert.Contains(gc.Skipped(), s => s.Path == odd && s.Reason.Contains("not an archive entry id"));
        Assert.Equal(before, World());
    }

    [Fact]
    public void Gc_NeverFollowsNorRemoves_PointersThatLeadOutOfTheCache()
    {
        var canary = _world.Canary();
        var pypi = _world.Cache.PathOf("wheels-v6", "pypi");
        Directory.CreateDirectory(Path.Combine(pypi, "x"));
        Directory.CreateDirectory(Path.Combine(pypi, "y"));
        Directory.CreateDirectory(Path.Combine(pypi, "z"));
        File.CreateSymbolicLink(Path.Combine(pypi, "x", "1.0-py3-none-any"), "/etc");
        File.CreateSymbolicLink(Path.Combine(pypi, "y", "1.0-py3-none-any"), canary);
        // Names an archive id, but an existing one in another tree: not this cache's to judge.
        var foreign = _world.Dir("other", "archive-v0", "ZyXwVuTs98765432");
        File.WriteAllText(Path.Combine(foreign, "keep.py"), "");
        File.CreateSymbolicLink(Path.Combine(pypi, "z", "1.0-py3-none-any"), foreign);
        var before = World();

        var gc = Gc();

        Assert.Equal(0, gc.Json.GetProperty("dangling_pointers_removed").GetInt32());
        Assert.Equal(before, World());
    }

    [Fact]
    public void Gc_RemovesAPointerOutOfTheCache_OnlyWhenItNamesAMissingArchiveId()
    {
        var pointer = _world.Cache.PathOf("wheels-v6", "pypi", "gone", "1.0-py3-none-any");
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        File.CreateSymbolicLink(pointer, _world.Temp.Combine("nowhere", "archive-v0", "ZyXwVuTs98765432"));
        var before = World(pointer);

        var gc = Gc();

        Assert.Equal(1, gc.Json.GetProperty("dangling_pointers_removed").GetInt32());
        Assert.False(FileTree.Exists(pointer));
        Assert.Equal(before, World(pointer));
    }

    [Fact]
    public void Gc_DeletesOnlyPlannedEntriesAndTheirPointers_AmidEveryOddity()
    {
        var canary = _world.Canary();
        var orphan = _world.Cache.PersistWheel(Wheel.Named("orphan", "1.0").WithModule("orphan/m.py"));
        var noise = _world.Cache.AddNoise();
        string[] reclaimed = [noise[0], noise[2], noise[3]]; // wheels-v5, a root .tmp*, a builds-v0/.tmp*: uv's prune removes them too
        Directory.CreateSymbolicLink(Path.Combine(_world.Cache.ArchiveDirectory, "LinkToCanary1234"), canary);
        File.WriteAllText(Path.Combine(_world.Cache.ArchiveDirectory, "FileNotEntry1234"), "");
        Directory.CreateDirectory(Path.Combine(_world.Cache.ArchiveDirectory, "weird name!"));
        Directory.CreateSymbolicLink(Path.Combine(orphan.Path, "escape"), canary);
        File.CreateSymbolicLink(Path.Combine(orphan.Path, "etc"), "/etc");
        string[] keep = [orphan.Path, orphan.PointerPath!, orphan.PointerPath + ".http", .. reclaimed];
        var before = World(keep);

        var gc = Gc();

        Assert.Equal([orphan.Id], gc.DeletedIds());
        Assert.False(FileTree.Exists(orphan.Path));
        Assert.False(FileTree.Exists(orphan.PointerPath!));
        Assert.All(reclaimed, path => Assert.False(FileTree.Exists(path), $"{path} was not reclaimed"));
        Assert.Equal(before, World(keep));
    }

    [Fact]
    public void Gc_NeverDeletesThroughATrashDirectoryThatIsASymlink()
    {
        var canary = _world.Canary();
        Directory.CreateDirectory(Path.Combine(canary, "run-1", "archive-v0-AbCdEfGh12345678"));
        File.WriteAllText(Path.Combine(canary, "run-1", "archive-v0-AbCdEfGh12345678", "f"), "");
        var orphan = _world.Cache.PersistWheel(Wheel.Named("orphan", "1.0"));
        Directory.CreateSymbolicLink(_world.Cache.PathOf(".gctool-trash"), canary);
        var before = HostileWorld.Snapshot(canary);

        var scan = _world.Run("scan", _root);
        Assert.True(scan.Exit == 0, scan.ToString());
        var gc = _world.Run("gc", "--min-age", "0s");

        Assert.NotEqual(0, gc.Exit);
        Assert.Contains(".gctool-trash", gc.Stderr);
        Assert.Equal(before, HostileWorld.Snapshot(canary));
        Assert.True(orphan.Exists);
    }

    [Fact]
    public void Gc_RefusesATrashRunDirectoryThatIsASymlink_AndTouchesNothingThroughIt()
    {
        var canary = _world.Canary();
        Directory.CreateDirectory(_world.Cache.PathOf(".gctool-trash"));
        Directory.CreateSymbolicLink(_world.Cache.PathOf(".gctool-trash", "run-999"), canary);
        var before = HostileWorld.Snapshot(canary);
        Assert.Equal(0, _world.Run("scan", _root).Exit);

        var run = _world.Run("gc", "--min-age", "0s");

        Assert.True(run.Exit == 4, run.ToString());
        Assert.Contains("run-999 is not a real directory", run.Stderr);
        Assert.Equal(before, HostileWorld.Snapshot(canary));
    }

    [Theory]
    [InlineData("archive-v0/../../../etc")]
    [InlineData("archive-v0/weird name!")]
    [InlineData("/etc/passwd")]
    public void Gc_LeavesATextPointerThatDoesNotNameAnEntryAlone(string text)
    {
        var pointer = _world.Cache.PathOf("wheels-v6", "pypi", "odd", "1.0-py3-none-any");
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        File.WriteAllText(pointer, text);
        var before = World();

        Gc();

        Assert.Equal(before, World());
    }

    [Fact]
    public void Gc_DeletingAnEntry_OnlyUnlinksAHardlinkToAFileOutsideTheCache()
    {
        var outside = _world.Canary();
        var orphan = _world.Cache.PersistWheel(Wheel.Named("orphan", "1.0"));
        HostileWorld.Hardlink(Path.Combine(outside, "precious.txt"), Path.Combine(orphan.Path, "stolen.txt"));

        var gc = Gc();

        Assert.Equal([orphan.Id], gc.DeletedIds());
        Assert.Equal("do not delete", File.ReadAllText(Path.Combine(outside, "precious.txt")));
    }

    [Fact]
    public void Gc_DeletesAnEntryHoldingAFifo_WithoutOpeningIt()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.Named("orphan", "1.0"));
        ProcessRunner.RunChecked("mkfifo", Path.Combine(orphan.Path, "pipe"));

        var gc = Gc();

        Assert.Equal([orphan.Id], gc.DeletedIds());
    }

    [Fact]
    public void Gc_DoesNotWalkOutOfThePointerBuckets_ThroughLinksToSlashOrLoops()
    {
        var pypi = Directory.CreateDirectory(_world.Cache.PathOf("wheels-v6", "pypi")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(pypi, "slash"), "/");
        Directory.CreateSymbolicLink(Path.Combine(pypi, "loop"), pypi);
        var before = World();

        Gc();

        Assert.Equal(before, World());
    }
}
