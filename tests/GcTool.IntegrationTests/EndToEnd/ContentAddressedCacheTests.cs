using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.IntegrationTests.Hostile;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// uv's content-addressed cache (preview, spec §9): 24-character base-36 ids, one archive with many
/// pointers, every archive file a hardlink to a <c>files-v0</c> object shared across archives.
/// References stay right, and gc frees exactly the objects nothing links any more.
/// </summary>
public sealed class ContentAddressedCacheTests : IDisposable
{
    private const string License = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy...\n";

    private readonly GcToolWorld _world = new(layout: CacheLayout.ContentAddressed);

    public void Dispose() => _world.Dispose();

    private ArchiveEntry Persist(string name, string version = "1.0") =>
        _world.Cache.PersistWheel(Wheel.WithSubmodule(name, version).WithLicense(License).WithFile($"{name.Replace('-', '_')}/py.typed", ""));

    private string LicenseOf(ArchiveEntry entry) => entry.FileAt($"{entry.Wheel.DistInfoDir}/licenses/LICENSE");

    [Fact]
    public void Simulator_NamesArchivesByContent_AndStoresEachFileOnceInFilesV0()
    {
        var foo = Persist("foo");
        var bar = Persist("bar");
        var again = _world.Cache.PersistWheel(foo.Wheel, PersistOptions.Default with { Source = WheelSource.Index });

        Assert.Matches("^[0-9a-z]{24}$", foo.Id);
        Assert.Equal(foo.Id, again.Id);                                   // persist_with_id reuses the archive
        Assert.Equal(2, _world.Cache.ArchiveIdsOnDisk().Count);           // one archive, two pointers
        Assert.NotEqual(foo.PointerPath, again.PointerPath);
        Assert.Equal(FileTree.LStat(LicenseOf(foo)).Inode, FileTree.LStat(LicenseOf(bar)).Inode);
        Assert.Equal(3u, FileTree.LStat(LicenseOf(foo)).LinkCount);       // files-v0 + two archives
        Assert.All(FileTree.Walk(foo.Path).Where(p => FileTree.KindOf(p) == FileKind.File), f => Assert.True(FileTree.LStat(f).LinkCount >= 2, f));
    }

    [Fact]
    public void Gc_KeepsExactlyItsArchive_ForASymlinkVenv()
    {
        var foo = Persist("foo");
        var bar = Persist("bar");
        var baz = Persist("baz");
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);

        _world.ScanProjects();
        var gc = _world.Gc().AssertExit(0);

        Assert.Equal(new[] { bar.Id, baz.Id }.Order(StringComparer.Ordinal), gc.PlannedIds.Order(StringComparer.Ordinal));
        Assert.True(foo.Exists);
        Assert.Empty(PythonChecker.DanglingLinks(venv));
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Gc_KeepsEveryArchiveSharingAnInode_WithAHardlinkVenvThatCannotTellWhichItCameFrom()
    {
        var foo = Persist("foo");
        var bar = Persist("bar");
        var other = _world.Cache.PersistWheel(Wheel.WithSubmodule("other", "1.0"));
        var venv = _world.Venv("app");
        HostileWorld.Hardlink(LicenseOf(foo), venv.SitePath("LICENSE"));             // one object, held by foo and bar alike

        _world.ScanProjects();
        var gc = _world.Gc().AssertExit(0);

        Assert.Equal([other.Id], gc.PlannedIds);
        Assert.True(foo.Exists);
        Assert.True(bar.Exists);
    }

    [Fact]
    public void Gc_KeepsTheArchivesAHardlinkVenvInstalledFrom_AndCollectsOnesThatOnlyShareACommonFile()
    {
        var foo = Persist("foo");
        var bar = Persist("bar");
        var baz = Persist("baz");
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Hardlink);
        venv.Install(bar, LinkMode.Hardlink);

        _world.ScanProjects();
        var gc = _world.Gc().AssertExit(0);

        // baz holds the same LICENSE and empty py.typed objects as the venv, but the venv came from foo and bar.
        Assert.Equal([baz.Id], gc.PlannedIds);
        Assert.True(foo.Exists);
        Assert.True(bar.Exists);
        PythonChecker.AssertImports(venv, "foo.sub");
        PythonChecker.AssertImports(venv, "bar.sub");
    }

    [Fact]
    public void Gc_RemovesTheObjectsNothingLinksAnyMore_AndKeepsSharedOnes()
    {
        var foo = Persist("foo");
        var bar = Persist("bar");
        var venv = _world.Venv("app");
        venv.Install(foo, LinkMode.Symlink);
        var barOnly = ObjectsOnlyIn(bar);
        var licenseObject = ContentAddressedStore.ObjectPath(_world.Cache.Root, LicenseOf(foo));

        _world.ScanProjects();
        _world.Gc().AssertExit(0);

        Assert.False(bar.Exists);
        Assert.NotEmpty(barOnly);
        Assert.All(barOnly, o => Assert.False(FileTree.Exists(o), $"{o} is linked by nothing any more, yet kept"));
        Assert.True(FileTree.Exists(licenseObject));                       // foo still links it
        Assert.DoesNotContain(ContentAddressedStore.Objects(_world.Cache.Root), o => FileTree.LStat(o).LinkCount == 1);
        AssertEveryArchiveFileStillHasItsObject();
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Gc_ReportsAsFreedExactlyTheBytesOfTheObjectsItRemoved_EachOnce()
    {
        var keep = Persist("keep");
        var a = Persist("a");
        var b = Persist("b");
        _world.Cache.PersistWheel(Wheel.WithSubmodule("shared-by-a-and-b", "1.0")); // a third archive, also collected
        var venv = _world.Venv("app");
        venv.Install(keep, LinkMode.Symlink);
        var before = ObjectSizes();

        _world.ScanProjects();
        var gc = _world.Gc().AssertExit(0);

        var after = ObjectSizes();
        var removed = before.Keys.Except(after.Keys).ToList();
        Assert.NotEmpty(removed);
        Assert.True(FileTree.Exists(ContentAddressedStore.ObjectPath(_world.Cache.Root, LicenseOf(keep))));
        Assert.Equal(removed.Sum(k => before[k]), gc.Json.GetProperty("bytes_freed").GetInt64());
        Assert.Equal(removed.Count, gc.Json.GetProperty("objects").GetProperty("removed").GetInt64());
        Assert.False(a.Exists);
        Assert.False(b.Exists);
    }

    [Fact]
    public void GcDryRun_PredictsTheBytesTheRealRunFrees_CountingAnObjectSharedByTwoCollectedArchivesOnce()
    {
        var keep = Persist("keep");
        var common = new string('c', 5000);
        _world.Cache.PersistWheel(Wheel.WithSubmodule("a", "1.0").WithLicense(License).WithFile("a/COMMON.txt", common));
        _world.Cache.PersistWheel(Wheel.WithSubmodule("b", "1.0").WithLicense(License).WithFile("b/COMMON.txt", common));
        _world.Venv("app").Install(keep, LinkMode.Symlink);
        _world.ScanProjects();

        var dryRun = _world.Json("gc", "--dry-run", "--min-age", "0s").AssertExit(0);
        var gc = _world.Gc().AssertExit(0);

        var predicted = dryRun.Json.GetProperty("freeable_bytes_planned").GetInt64();
        var freed = gc.Json.GetProperty("bytes_freed").GetInt64();
        Assert.True(predicted > common.Length, $"predicted {predicted}: the shared object was not counted");
        Assert.Equal(predicted, freed);
        Assert.Equal(freed, gc.Json.GetProperty("plan").EnumerateArray().Sum(i => i.GetProperty("freeable_bytes").GetInt64()));
    }

    [Fact]
    public void Gc_NeverRemovesAnObjectSomethingElseLinks_NorAnythingItDoesNotKnow()
    {
        Persist("foo");
        var files = _world.Cache.FilesDirectory;
        var orphan = Path.Combine(files, "aa", new string('1', 62));
        var linkedElsewhere = Path.Combine(files, "aa", new string('2', 62));
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.WriteAllText(orphan, "left by a killed gc");
        File.WriteAllText(linkedElsewhere, "a user hardlinked me");
        HostileWorld.Hardlink(linkedElsewhere, _world.PathOf("users-own-link"));
        string[] unknown =
        [
            Path.Combine(files, "aa", ".tmpAbC123"), Path.Combine(files, "aa", "object.lock"), Path.Combine(files, ".lock"),
            Path.Combine(files, "aa", "deeper", new string('3', 62)), _world.Cache.PathOf("files-v1", "aa", new string('4', 62)),
        ];
        foreach (var path in unknown)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "not an object gctool knows");
        }

        _world.ScanProjects();
        var dryRun = _world.Json("gc", "--dry-run", "--min-age", "0s").AssertExit(0);
        Assert.Equal(1, dryRun.Json.GetProperty("objects").GetProperty("removed").GetInt64());
        _world.Gc().AssertExit(0);

        Assert.False(FileTree.Exists(orphan));
        Assert.True(FileTree.Exists(linkedElsewhere));
        Assert.All(unknown, p => Assert.True(FileTree.Exists(p), $"{p} was touched"));
    }

    /// <summary>Objects whose every link outside files-v0 is inside <paramref name="entry"/>.</summary>
    private List<string> ObjectsOnlyIn(ArchiveEntry entry)
    {
        var inEntry = FileTree.Walk(entry.Path).Where(p => FileTree.KindOf(p) == FileKind.File)
            .GroupBy(p => FileTree.LStat(p).Inode).ToDictionary(g => g.Key, g => g.Count());
        return ContentAddressedStore.Objects(_world.Cache.Root)
            .Where(o => FileTree.LStat(o) is var s && inEntry.TryGetValue(s.Inode, out var here) && s.LinkCount == here + 1)
            .ToList();
    }

    private Dictionary<string, long> ObjectSizes() =>
        ContentAddressedStore.Objects(_world.Cache.Root).ToDictionary(o => o, o => FileTree.LStat(o).Size);

    /// <summary>No kept archive lost the files-v0 name of a file it holds.</summary>
    private void AssertEveryArchiveFileStillHasItsObject()
    {
        foreach (var file in FileTree.Walk(_world.Cache.ArchiveDirectory).Where(p => FileTree.KindOf(p) == FileKind.File))
        {
            var obj = ContentAddressedStore.ObjectPath(_world.Cache.Root, file);
            Assert.True(FileTree.Exists(obj) && FileTree.LStat(obj).Inode == FileTree.LStat(file).Inode, $"{file} lost its object {obj}");
        }
    }
}
