using System.Text.Json;
using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;
using Xunit.Abstractions;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// gc reclaims what <c>uv cache prune</c> reclaims besides archive entries (stale buckets, staging leftovers, stale
/// sdist revisions), and never what an environment needs: on real directories, with real venvs, compared with the
/// simulator's prune run on an exact copy of the same cache. Ages come from a clock frozen three days on.
/// </summary>
public sealed class ReclaimTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset ThreeDaysOn = DateTimeOffset.UtcNow.AddDays(3);

    [Theory]
    [InlineData(CacheLayout.Classic)]
    [InlineData(CacheLayout.ContentAddressed)]
    public void Gc_FreesWhatUvPruneFrees_ButTheEntriesVenvsUse_AndEveryVenvStillImports(CacheLayout layout)
    {
        using var world = SafetyWorld.Create(layout);
        var scenario = ReclaimScenario.Build(world);
        var (pruneFreed, pruneBrokeBytes) = PruneACopy(world, scenario, layout);
        var before = ReclaimScenario.Bytes(world.Cache.Root);

        var (exit, json, stderr) = world.RunJsonAt(ThreeDaysOn, "gc", "--min-age", "1d");

        Assert.True(exit == 0, stderr);
        var freed = before - ReclaimScenario.Bytes(world.Cache.Root);
        var target = pruneFreed - pruneBrokeBytes;
        var line = $"{layout}: uv cache prune (simulated) freed {pruneFreed} B, {pruneBrokeBytes} B of them entries venvs use; gctool gc freed {freed} B " +
                   $"({100.0 * freed / target:F1}% of {target} B); reported bytes_freed={json.GetProperty("bytes_freed")}";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(freed >= 0.9 * target, line);
        world.AssertNothingBroken();
        Assert.All(scenario.Used, e => Assert.True(e.Exists, $"{e} is used by a venv and was deleted"));
        Assert.False(scenario.OnlyAStaleBucketPointsTo.Exists);
        foreach (var gone in new[] { scenario.StaleWheels, scenario.StaleSimple, scenario.StaleInterpreter, scenario.Staging, scenario.BuildStaging, scenario.StaleRevision })
            Assert.False(FileTree.Exists(gone), $"{gone} was not reclaimed");
        Assert.True(FileTree.Exists(scenario.FutureBucket));
        Assert.Equal(["staging_leftover", "stale_bucket", "stale_sdist_revision"],
            json.GetProperty("reclaim").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("category").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(json.GetProperty("reclaim").GetProperty("items").EnumerateArray(), i => Assert.Equal("deleted", i.GetProperty("state").GetString()));
        Assert.False(Directory.Exists(Path.Combine(world.Cache.Root, ".gctool-trash")) && Directory.EnumerateDirectories(Path.Combine(world.Cache.Root, ".gctool-trash")).Any());
    }

    [Fact]
    public void Gc_KeepsEachCategory_WhileSomethingInItChangedWithinMinAge()
    {
        using var world = SafetyWorld.Create();
        var scenario = ReclaimScenario.Build(world);
        foreach (var path in scenario.OnePerCategory) FileTree.Backdate(path, ThreeDaysOn.AddHours(-1).UtcDateTime);

        var (exit, json, stderr) = world.RunJsonAt(ThreeDaysOn, "gc", "--min-age", "1d");

        Assert.True(exit == 0, stderr);
        Assert.All(scenario.OnePerCategory, path => Assert.True(FileTree.Exists(path), $"{path} is younger than --min-age and was reclaimed"));
        var kept = json.GetProperty("reclaim").GetProperty("kept").EnumerateArray().ToList();
        Assert.Equal(["staging_leftover", "stale_bucket", "stale_sdist_revision"], kept.Select(k => k.GetProperty("category").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(kept, k => Assert.Equal("too_young", k.GetProperty("reason").GetString()));
        Assert.False(FileTree.Exists(scenario.StaleSimple), "an old stale bucket beside the young ones still goes");
        world.AssertNothingBroken();
    }

    [Fact]
    public void Gc_LeavesABucketFromANewerUvUntouched()
    {
        using var world = SafetyWorld.Create();
        var scenario = ReclaimScenario.Build(world);
        var before = Snapshot(scenario.FutureBucket);

        Assert.Equal(0, world.RunJsonAt(ThreeDaysOn, "gc", "--min-age", "0s").Exit);

        Assert.Equal(before, Snapshot(scenario.FutureBucket));
    }

    [Fact]
    public void Gc_WithKeepStaleBuckets_KeepsStaleBuckets_AndStillReclaimsStagingAndRevisions()
    {
        using var world = SafetyWorld.Create();
        var scenario = ReclaimScenario.Build(world);

        var (exit, json, _) = world.RunJsonAt(ThreeDaysOn, "gc", "--min-age", "1d", "--keep-stale-buckets");

        Assert.Equal(0, exit);
        Assert.True(Directory.Exists(scenario.StaleWheels) && Directory.Exists(scenario.StaleSimple) && Directory.Exists(scenario.StaleInterpreter));
        Assert.False(FileTree.Exists(scenario.Staging) || FileTree.Exists(scenario.StaleRevision));
        Assert.True(json.GetProperty("policies").GetProperty("keep_stale_buckets").GetBoolean());
        Assert.All(json.GetProperty("reclaim").GetProperty("kept").EnumerateArray(), k => Assert.Equal("keep_stale_buckets", k.GetProperty("reason").GetString()));
        world.AssertNothingBroken();
    }

    [Fact]
    public void DryRun_ShowsEachCategoryWithBytesAndRule_AndChangesNothing()
    {
        using var world = SafetyWorld.Create();
        var scenario = ReclaimScenario.Build(world);
        var before = Snapshot(world.Cache.Root);

        var (exit, json, _) = world.RunJsonAt(ThreeDaysOn, "gc", "--dry-run", "--min-age", "1d");

        Assert.Equal(0, exit);
        Assert.Equal(before, Snapshot(world.Cache.Root));
        var reclaim = json.GetProperty("reclaim");
        var byCategory = reclaim.GetProperty("by_category");
        Assert.Equal(3, byCategory.GetProperty("stale_bucket").GetProperty("directories").GetInt64()); // wheels-v5, simple-v23, interpreter-v3
        Assert.Equal(2, byCategory.GetProperty("staging_leftover").GetProperty("directories").GetInt64());
        Assert.Equal(1, byCategory.GetProperty("stale_sdist_revision").GetProperty("directories").GetInt64());
        Assert.Equal(ReclaimScenario.Bytes(scenario.StaleSimple), reclaim.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("relative_path").GetString() == "simple-v23").GetProperty("bytes").GetInt64());
        Assert.All(reclaim.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("planned", i.GetProperty("state").GetString());
            Assert.Contains("uv cache prune removes it", i.GetProperty("rule").GetString());
        });
    }

    [Fact]
    public void PrintDead_ListsTheReclaimedDirectories_AfterTheEntries()
    {
        using var world = SafetyWorld.Create();
        var scenario = ReclaimScenario.Build(world);

        var (exit, json, _) = world.RunJsonAt(ThreeDaysOn, "gc", "--print-dead", "--min-age", "1d");

        Assert.Equal(0, exit);
        var paths = json.GetProperty("reclaim").EnumerateArray().Select(i => i.GetProperty("path").GetString()).ToList();
        Assert.Contains(scenario.StaleWheels, paths);
        Assert.Contains(scenario.StaleRevision, paths);
        Assert.True(json.GetProperty("reclaim_bytes").GetInt64() > 0);
    }

    [Fact]
    public void Explain_APathInAStaleBucket_SaysWhichRuleSendsIt()
    {
        using var world = SafetyWorld.Create();
        var scenario = ReclaimScenario.Build(world);
        var inside = Path.Combine(scenario.StaleSimple, "pypi", "pkg1.rkyv");

        var (exit, json, _) = world.RunJsonAt(ThreeDaysOn, "explain", "--min-age", "1d", inside);
        var (_, young, _) = world.RunJsonAt(ThreeDaysOn, "explain", "--min-age", "5d", inside);

        Assert.Equal(0, exit);
        Assert.Equal("delete", json.GetProperty("verdict").GetString());
        Assert.Equal("stale_bucket", json.GetProperty("category").GetString());
        Assert.Contains("current uv writes -v24", json.GetProperty("explanation").GetString());
        Assert.Equal("keep", young.GetProperty("verdict").GetString());
        Assert.Equal("too_young", young.GetProperty("keep_reason").GetString());
    }

    [Fact]
    public void Status_ShowsReclaimableBytesByCategory()
    {
        using var world = SafetyWorld.Create();
        var scenario = ReclaimScenario.Build(world);

        var (exit, json, _) = world.RunJsonAt(ThreeDaysOn, "status");

        Assert.Equal(0, exit);
        var byCategory = json.GetProperty("reclaimable_by_category");
        Assert.Equal(ReclaimScenario.Bytes(scenario.StaleRevision), byCategory.GetProperty("stale_sdist_revision").GetProperty("bytes").GetInt64());
        Assert.True(byCategory.GetProperty("stale_bucket").GetProperty("bytes").GetInt64() >= ReclaimScenario.Bytes(scenario.StaleSimple));
    }

    /// <summary>
    /// The simulator's <c>uv cache prune</c> on an exact copy of the cache (relative pointers resolve inside the copy),
    /// without gctool's pins:
    /// the bytes it frees, and those of them that belonged to entries a venv uses (the seed bug).
    /// </summary>
    private static (long Freed, long UsedEntryBytes) PruneACopy(SafetyWorld world, ReclaimScenario scenario, CacheLayout layout)
    {
        var copy = Path.Combine(world.Temp, "prune-copy");
        ProcessRunner.RunChecked("cp", ["-a", world.Cache.Root, copy]);
        // As on the seed's cache, which gctool never pinned: with the pins, the prune would keep what venvs use.
        FileTree.DeleteTree(Path.Combine(copy, UvCacheBuilder.SdistsBucket, Core.Pins.PinDirectory.Name));
        var before = ReclaimScenario.Bytes(copy);
        var used = scenario.Used.ToDictionary(e => e, e => ReclaimScenario.Bytes(Path.Combine(copy, e.RelativePath)));
        var result = UvPruneSimulator.Prune(copy, layout == CacheLayout.ContentAddressed ? PruneOptions.ContentAddressed : PruneOptions.Default);
        var freed = before - ReclaimScenario.Bytes(copy);
        return (freed, used.Where(u => result.RemovedEntry(u.Key)).Sum(u => u.Value));
    }

    private static List<string> Snapshot(string root) =>
        FileTree.Walk(root).Select(p => $"{p} {FileTree.KindOf(p)} {FileTree.LStat(p).Size} {FileTree.LStat(p).ModifiedNs}").Order(StringComparer.Ordinal).ToList();
}
