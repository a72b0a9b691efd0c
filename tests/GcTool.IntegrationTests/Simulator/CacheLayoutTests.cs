using System.Text;
using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class CacheLayoutTests : SimulatorTest
{
    [Fact]
    public void Create_WritesTheExact43ByteCacheDirTag()
    {
        var bytes = File.ReadAllBytes(Cache.PathOf("CACHEDIR.TAG"));

        Assert.Equal(43, bytes.Length);
        Assert.Equal(UvCache.CacheDirTagSignature, Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void Create_WritesGitignoreEmptyWorldWritableLockAndSdistMarkers()
    {
        Assert.Equal("*", File.ReadAllText(Cache.PathOf(".gitignore")));
        Assert.Equal(0, new FileInfo(Cache.LockPath).Length);
        Assert.Equal(UnixModes.FromOctal("666"), UnixModes.Get(Cache.LockPath));
        Assert.Equal(0, new FileInfo(Cache.PathOf("sdists-v9", ".gitignore")).Length);
        Assert.Equal(FileKind.File, LStat(Cache.PathOf("sdists-v9", ".git")).Kind);
    }

    [Fact]
    public void Pointer_IsARelativeSymlinkThatResolvesToTheEntry()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));

        Assert.Equal(Cache.PathOf("wheels-v6", "pypi", "foo", "1.0-py3-none-any"), entry.PointerPath);
        Assert.Equal($"../../../archive-v0/{entry.Id}", new FileInfo(entry.PointerPath!).LinkTarget);
        Assert.Equal(NativeFileStatReader.Instance.TryRealPath(entry.Path), NativeFileStatReader.Instance.TryRealPath(entry.PointerPath!));
    }

    [Fact]
    public void PersistWheel_LeavesNoStagingDirectoryAndA16CharacterId()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));

        Assert.Matches("^[A-Za-z0-9_-]{16}$", entry.Id);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Cache.Root), p => Path.GetFileName(p).StartsWith(".tmp", StringComparison.Ordinal));
        Assert.True(EntryId.TryParse(entry.Id, out _));
    }

    [Fact]
    public void PersistWheel_UnpacksARealWheelWithDistInfoAndRecordHashes()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0").WithConsoleScript("foo", "foo.sub:main").WithLicense());

        var record = File.ReadAllLines(entry.FileAt("foo-1.0.dist-info/RECORD"));
        Assert.Contains(record, l => l.StartsWith("foo/sub.py,sha256=", StringComparison.Ordinal));
        Assert.Contains("foo-1.0.dist-info/RECORD,,", record);
        Assert.Equal("foo\n", File.ReadAllText(entry.FileAt("foo-1.0.dist-info/top_level.txt")));
        Assert.True(File.Exists(entry.FileAt("foo-1.0.dist-info/entry_points.txt")));
        Assert.True(File.Exists(entry.FileAt("foo-1.0.dist-info/licenses/LICENSE")));
    }

    [Fact]
    public void HttpFile_BesideThePointerContainsTheId()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));

        var bytes = File.ReadAllBytes(entry.PointerPath + ".http");
        Assert.Contains(entry.Id, Encoding.UTF8.GetString(bytes));
        Assert.Equal(entry.Id, HttpPointerFile.TryReadId(bytes));
    }

    [Fact]
    public void LegacyPointer_IsAnAbsoluteSymlinkThroughTheRootAsGiven()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"), new PersistOptions { Pointer = PointerStyle.AbsoluteSymlink, IdStyle = IdStyle.Legacy21 });

        Assert.Equal($"{Cache.Root}/archive-v0/{entry.Id}", new FileInfo(entry.PointerPath!).LinkTarget);
        Assert.Equal(21, entry.Id.Length);
    }

    [Fact]
    public void WindowsPointer_IsATextFileNamingTheEntry()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"), new PersistOptions { Pointer = PointerStyle.WindowsTextFile });

        Assert.Equal(FileKind.File, LStat(entry.PointerPath!).Kind);
        Assert.Equal($"archive-v0/{entry.Id}", File.ReadAllText(entry.PointerPath!));
    }

    [Fact]
    public void IndexPointer_ClimbsFourLevels()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"), new PersistOptions { Source = WheelSource.Index, SourceDigest = "0123456789abcdef" });

        Assert.Equal(Cache.PathOf("wheels-v6", "index", "0123456789abcdef", "foo", "1.0-py3-none-any"), entry.PointerPath);
        Assert.Equal($"../../../../archive-v0/{entry.Id}", new FileInfo(entry.PointerPath!).LinkTarget);
    }

    [Fact]
    public void LeadingDashId_IsPersistedAndUsable()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"), new PersistOptions { IdStyle = IdStyle.LeadingDash });

        Assert.StartsWith("-", entry.Id);
        Assert.True(Directory.Exists(entry.Path));
        Assert.Equal(entry.Key, EntryKey.Parse($"archive-v0/{entry.Id}"));
    }

    [Fact]
    public void Refresh_RepointsAtomicallyAndOrphansTheOldEntry()
    {
        var old = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));

        var fresh = Cache.Refresh(old);

        Assert.NotEqual(old.Id, fresh.Id);
        Assert.Equal(old.PointerPath, fresh.PointerPath);
        Assert.Equal($"../../../archive-v0/{fresh.Id}", new FileInfo(fresh.PointerPath!).LinkTarget);
        Assert.True(old.Exists);
        Assert.Equal([fresh.PointerPath!, fresh.PointerPath + ".http"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(fresh.PointerPath)!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RootGivenThroughASymlink_IsUsedForAbsolutePathsButResolvesToTheRealRoot()
    {
        var cache = UvCacheBuilder.Create(Temp.Combine("real-cache"), givenAs: Temp.Combine("alias", "uv"));

        var entry = cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"), new PersistOptions { Pointer = PointerStyle.AbsoluteSymlink });

        Assert.Equal(Temp.Combine("alias", "uv"), cache.Root);
        Assert.Equal(Temp.Combine("real-cache"), cache.RealRoot);
        Assert.StartsWith(Temp.Combine("alias", "uv") + "/", new FileInfo(entry.PointerPath!).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(cache.RealRoot, "archive-v0", entry.Id)));
    }

    [Fact]
    public void Noise_CreatesOldFutureAndStagingDirectories()
    {
        Cache.AddNoise();

        foreach (var name in new[] { "wheels-v5", "wheels-v99", "simple-v24", "builds-v0" })
            Assert.True(Directory.Exists(Cache.PathOf(name)), name);
        Assert.Contains(Directory.EnumerateDirectories(Cache.Root), p => Path.GetFileName(p).StartsWith(".tmp", StringComparison.Ordinal));
        Assert.True(File.Exists(Cache.PathOf("simple-v24", "pypi", "x.rkyv")));
    }
}
