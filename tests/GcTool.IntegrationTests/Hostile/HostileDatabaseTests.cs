using GcTool.IntegrationTests.Store;
using GcTool.Store.Sqlite;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// A database that is corrupt, truncated, newer, read-only, locked or another cache's: every
/// command fails with one clear line (or, for a newer schema, still reads), and the cache is untouched.
/// </summary>
public sealed class HostileDatabaseTests : IDisposable
{
    private readonly HostileWorld _world = new();
    private readonly ArchiveEntry _orphan;
    private readonly string _root;

    public HostileDatabaseTests()
    {
        _orphan = _world.Cache.PersistWheel(Wheel.Named("orphan", "1.0").WithModule("orphan/m.py"));
        _root = _world.Dir("root");
    }

    public void Dispose() => _world.Dispose();

    private string Cache() => HostileWorld.Snapshot(_world.Cache.RealRoot);

    private void ScanOnce()
    {
        var scan = _world.Run("scan", _root);
        Assert.True(scan.Exit == 0, scan.ToString());
    }

    private static void AssertOneLineError(CliRun run, int exit, string mentions)
    {
        Assert.True(run.Exit == exit, run.ToString());
        Assert.StartsWith("gctool: error: ", run.Stderr);
        Assert.Contains(mentions, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void CorruptDatabase_GcExits1_AndLeavesTheCacheAndTheFileAlone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_world.Database)!);
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray();
        File.WriteAllBytes(_world.Database, garbage);
        var before = Cache();

        var run = _world.Run("gc", "--force", "--min-age", "0s");

        AssertOneLineError(run, 1, "not a readable gctool database");
        Assert.Equal(before, Cache());
        Assert.Equal(garbage, File.ReadAllBytes(_world.Database));
    }

    [Fact]
    public void TruncatedDatabase_GcExits1_AndLeavesTheCacheAlone()
    {
        ScanOnce();
        SqliteTestDatabase.Execute(_world.Database, "PRAGMA wal_checkpoint(TRUNCATE)");
        var bytes = File.ReadAllBytes(_world.Database);
        File.WriteAllBytes(_world.Database, bytes[..(bytes.Length / 3)]);
        File.Delete(_world.Database + "-wal");
        File.Delete(_world.Database + "-shm");
        var before = Cache();

        var run = _world.Run("gc", "--min-age", "0s");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.StartsWith("gctool: error: ", run.Stderr);
        Assert.Equal(before, Cache());
    }

    [Fact]
    public void NewerSchema_GcIsRefusedWithExit4_ButStatusAndAuditStillRead()
    {
        ScanOnce();
        SqliteTestDatabase.Execute(_world.Database, $"PRAGMA user_version = {SqliteGcStore.LatestSchemaVersion + 1}");
        var before = Cache();

        var gc = _world.Run("gc", "--min-age", "0s");
        var status = _world.Run("status");
        var audit = _world.Run("audit");

        AssertOneLineError(gc, 4, "newer gctool");
        Assert.True(status.Exit == 0, status.ToString());
        Assert.True(audit.Exit == 0, audit.ToString());
        Assert.Equal(before, Cache());
    }

    [NobodyFact]
    public void ReadOnlyDatabase_GcExits1_AndLeavesTheCacheAlone()
    {
        var first = _world.RunAsNobody("scan", _root);
        Assert.True(first.Exit == 0, first.ToString());
        var state = Path.GetDirectoryName(_world.Database)!;
        var before = Cache();

        var run = _world.RunAsNobody(() =>
        {
            foreach (var file in Directory.EnumerateFiles(state)) UnixModes.Set(file, UnixModes.FromOctal("444"));
            UnixModes.Set(state, UnixModes.FromOctal("555"));
        }, "gc", "--min-age", "0s");

        AssertOneLineError(run, 1, _world.Database);
        Assert.Equal(before, Cache());
    }

    [Fact]
    public void DatabaseLockedByAnotherWriterForLongerThanTheWait_GcExits1_WithAClearError()
    {
        ScanOnce();
        var before = Cache();
        using var other = SqliteTestDatabase.Connect(_world.Database);
        SqliteTestDatabase.Execute(other, "BEGIN EXCLUSIVE");

        var run = _world.RunWith(
            host => host with { OpenStore = (path, hostId) => SqliteGcStore.Open(path, hostId, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)) },
            "--json", "--cache-dir", _world.Cache.Root, "--db", _world.Database, "gc", "--min-age", "0s");

        AssertOneLineError(run, 1, "locked");
        Assert.Equal(before, Cache());
        SqliteTestDatabase.Execute(other, "ROLLBACK");
    }

    [Fact]
    public void DatabaseOfAnotherCache_GcExits4_AndLeavesThisCacheAlone()
    {
        ScanOnce();
        var other = UvCacheBuilder.Create(_world.Temp.Combine("other-cache"));
        other.PersistWheel(Wheel.Named("stranger", "1.0"));
        var before = HostileWorld.Snapshot(other.RealRoot);

        var run = _world.RunRaw("--json", "--cache-dir", other.Root, "--db", _world.Database, "gc", "--force", "--min-age", "0s");

        AssertOneLineError(run, 4, "refuses to serve this cache");
        Assert.Equal(before, HostileWorld.Snapshot(other.RealRoot));
    }

    [Fact]
    public void DatabasePathThatIsADirectory_GcExits1_AndLeavesTheCacheAlone()
    {
        Directory.CreateDirectory(_world.Database);
        var before = Cache();

        var run = _world.Run("gc", "--force", "--min-age", "0s");

        AssertOneLineError(run, 1, _world.Database);
        Assert.Equal(before, Cache());
    }

    [Fact]
    public void DatabaseOfAnotherProgram_GcExits1_AndLeavesBothAlone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_world.Database)!);
        SqliteTestDatabase.Execute(_world.Database, "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('mine')");
        var bytes = File.ReadAllBytes(_world.Database);
        var before = Cache();

        var run = _world.Run("gc", "--force", "--min-age", "0s");

        AssertOneLineError(run, 1, "another program");
        Assert.Equal(before, Cache());
        Assert.Equal(bytes, File.ReadAllBytes(_world.Database));
    }
}
