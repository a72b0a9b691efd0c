using GcTool.Core;
using GcTool.Core.Cache;
using GcTool.Core.Collection;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Store;
using GcTool.Store.Sqlite;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// Someone with write access to the cache swaps a symlink in between gc's checks and its
/// operations (the window a hostile user of a shared cache could aim for). Driven
/// deterministically by <see cref="SwappingFileSystem"/>: whatever is swapped in, nothing outside
/// the cache is moved, changed or deleted.
/// </summary>
public sealed class TimeOfCheckTests : IDisposable
{
    private readonly HostileWorld _world = new();
    private readonly SwappingFileSystem _fs = new();
    private readonly ArchiveEntry _orphan;
    private readonly string _outside;

    public TimeOfCheckTests()
    {
        _orphan = _world.Cache.PersistWheel(Wheel.Named("orphan", "1.0").WithModule("orphan/m.py"));
        var scan = _world.Run("--host-id", HostIds.Default, "scan", _world.Dir("root"));   // the same host as the store this test opens
        Assert.True(scan.Exit == 0, scan.ToString());
        // A tree outside the cache shaped like an archive bucket, holding a directory named like the entry.
        _outside = _world.Dir("outside");
        var lookalike = Directory.CreateDirectory(Path.Combine(_outside, _orphan.Id)).FullName;
        File.WriteAllText(Path.Combine(lookalike, "precious.txt"), "do not delete");
        Directory.CreateDirectory(Path.Combine(lookalike, "sub"));
        File.WriteAllText(Path.Combine(lookalike, "sub", "more.txt"), "nor this");
    }

    public void Dispose() => _world.Dispose();

    private GcReport RunGc()
    {
        var cache = UvCache.Open(_fs, NativeFileStatReader.Instance, _world.Cache.Root);
        using var store = SqliteGcStore.Open(_world.Database);
        store.BindCache(cache.Identity);
        var context = new GcToolContext(cache, store, _fs, NativeFileStatReader.Instance, new FlockCacheLocker(), TimeProvider.System, NullOperatorLog.Instance);
        return new Collector(context).Run(new GcRequest(false, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
    }

    private string EntryPath => Path.Combine(_world.Cache.RealRoot, "archive-v0", _orphan.Id);

    [Fact]
    public void SymlinkSwappedInForTheEntry_BeforeItsRename_LeavesTheOutsideTreeUntouched()
    {
        var before = HostileWorld.Snapshot(_outside);
        _fs.BeforeMove = (EntryPath, () =>
        {
            Directory.Move(EntryPath, Path.Combine(_world.Cache.RealRoot, "archive-v0", "moved-away"));
            Directory.CreateSymbolicLink(EntryPath, Path.Combine(_outside, _orphan.Id));
        });

        var report = RunGc();

        Assert.True(_fs.MoveHookRan);
        Assert.Equal(before, HostileWorld.Snapshot(_outside));
        Assert.DoesNotContain(report.Items, i => i.State == SweepState.Deleted);
    }

    [Fact]
    public void BucketSwappedForASymlinkOutOfTheCache_BeforeTheRename_LeavesTheOutsideTreeUntouched()
    {
        var before = HostileWorld.Snapshot(_outside);
        var bucket = Path.Combine(_world.Cache.RealRoot, "archive-v0");
        _fs.BeforeMove = (EntryPath, () =>
        {
            Directory.Move(bucket, bucket + ".real");
            Directory.CreateSymbolicLink(bucket, _outside);
        });

        var report = RunGc();

        Assert.True(_fs.MoveHookRan);
        Assert.Equal(before, HostileWorld.Snapshot(_outside));
        Assert.DoesNotContain(report.Items, i => i.State == SweepState.Deleted);
    }

    [Fact]
    public void DirectorySwappedForASymlink_WhileTheTrashIsDeleted_LeavesTheOutsideTreeUntouched()
    {
        var before = HostileWorld.Snapshot(_outside);
        _fs.AfterList = (path => path.Contains("/.gctool-trash/", StringComparison.Ordinal) && path.EndsWith("archive-v0-" + _orphan.Id, StringComparison.Ordinal),
            listed =>
            {
                var sub = Path.Combine(listed, "orphan");
                Directory.Move(sub, listed + "-stolen");
                Directory.CreateSymbolicLink(sub, Path.Combine(_outside, _orphan.Id));
            });

        RunGc();

        Assert.True(_fs.ListHookRan);
        Assert.Equal(before, HostileWorld.Snapshot(_outside));
    }
}
