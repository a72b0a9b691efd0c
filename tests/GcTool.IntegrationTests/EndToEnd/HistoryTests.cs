using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary><c>gctool history</c>: every gc run, newest first, with the cache's size before and after it.</summary>
public sealed class HistoryTests : IDisposable
{
    private readonly GcToolWorld _world = new();
    private readonly long _cacheBytes;
    private readonly long _orphanBytes;

    public HistoryTests()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "2.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();
        _cacheBytes = _world.Json("status").AssertExit(0).Json.GetProperty("cache_bytes").GetInt64();
        var dead = _world.Json("gc", "--print-dead", "--min-age", "0s").AssertExit(0).Json;
        Assert.Equal(orphan.Id, Assert.Single(dead.GetProperty("entries").EnumerateArray().ToList()).GetProperty("id").GetString());
        _orphanBytes = dead.GetProperty("bytes").GetInt64();
    }

    public void Dispose() => _world.Dispose();

    [Fact]
    public void History_Json_ListsRunsNewestFirst_WithCacheBytesBeforeAndAfter()
    {
        _world.Run("gc", "-n", "--min-age", "0s").AssertExit(0);
        _world.Run("gc", "--min-age", "0s").AssertExit(0);

        var runs = _world.Json("history").AssertExit(0).Json.GetProperty("runs").EnumerateArray().ToList();

        Assert.Equal(2, runs.Count);
        var (gc, dryRun) = (runs[0], runs[1]);
        Assert.False(gc.GetProperty("dry_run").GetBoolean());
        Assert.Equal("completed", gc.GetProperty("status").GetString());
        Assert.Equal(1, gc.GetProperty("entries_deleted").GetInt64());
        Assert.Equal(_cacheBytes, gc.GetProperty("cache_bytes_before").GetInt64());
        Assert.Equal(_cacheBytes - _orphanBytes, gc.GetProperty("cache_bytes_after").GetInt64());
        Assert.True(dryRun.GetProperty("dry_run").GetBoolean());
        Assert.Equal(_cacheBytes, dryRun.GetProperty("cache_bytes_before").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, dryRun.GetProperty("cache_bytes_after").ValueKind);
        Assert.EndsWith("Z", gc.GetProperty("started_at_iso").GetString());
    }

    [Fact]
    public void History_Limit_KeepsTheNewestRuns()
    {
        for (var i = 0; i < 3; i++) _world.Run("gc", "-n", "--min-age", "0s").AssertExit(0);

        List<long> Ids(params string[] limit) =>
            _world.Json(["history", .. limit]).AssertExit(0).Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        var all = Ids();

        Assert.True(all.Count >= 3);
        Assert.Equal(all.OrderDescending(), all);
        Assert.Equal(all.Take(2), Ids("--limit", "2"));
    }

    [Fact]
    public void History_LimitBelowOne_IsAUsageError() =>
        Assert.Contains("--limit must be a whole number of at least 1", _world.Run("history", "--limit", "0").AssertExit(2).Stderr);

    [Fact]
    public void History_Table_ShowsTheCacheSizes_AndSaysWhenNothingRan()
    {
        Assert.Contains("No gc has run on this cache yet.", _world.Run("history").AssertExit(0).Stdout);
        _world.Run("gc", "--min-age", "0s").AssertExit(0);

        var table = _world.Run("history").AssertExit(0).Stdout;

        Assert.Contains("Cache before", table);
        Assert.Contains("completed", table);
    }
}
