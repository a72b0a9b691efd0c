using System.Text.Json;
using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;
using Xunit.Abstractions;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// Entries gc cannot delete (immutable, read-only cache, no space or inodes left): gc skips them,
/// reports each with its reason, keeps going, exits 5, and loses nothing else. Needs root (chattr,
/// mount); where the machine does not allow it the test says so and returns.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DiskFaultTests(ITestOutputHelper output)
{
    [Fact]
    public void ImmutableFileInAnEntry_FailsThatEntryOnly_AndExits5()
    {
        using var world = SafetyWorld.Create();
        var scenario = GarbageScenario.Build(world);
        var victim = scenario.Garbage[1];
        world.OnDispose(() => Mounts.ClearImmutable(world.Temp));
        if (!Mounts.TrySetImmutable(victim.FileAt($"{victim.Wheel.PackageName}/sub.py"), true)) { output.WriteLine("chattr +i not permitted here; skipped"); return; }

        var (exit, json, _) = world.RunJson("gc", "--min-age", "0s");

        Assert.Equal(5, exit);
        Assert.Equal(1, json.GetProperty("failures").GetInt64());
        var failed = Assert.Single(Items(json), i => i.GetProperty("state").GetString() == "failed");
        Assert.Equal(victim.RelativePath, failed.GetProperty("entry").GetString());
        Assert.Contains("sub.py", failed.GetProperty("error").GetString());
        Assert.Equal(scenario.Garbage.Count - 1, json.GetProperty("entries_deleted").GetInt64());
        Assert.False(world.EntryExists(victim)); // in the trash, invisible to uv
        world.AssertNothingBroken();
        Assert.All(scenario.Used, e => Assert.True(world.EntryExists(e)));
    }

    [Fact]
    public void ImmutableEntryDirectory_IsLeftWholeInPlace_AndExits5()
    {
        using var world = SafetyWorld.Create();
        var scenario = GarbageScenario.Build(world);
        var victim = scenario.Garbage[2];
        world.OnDispose(() => Mounts.ClearImmutable(world.Temp));
        if (!Mounts.TrySetImmutable(victim.Path, true)) { output.WriteLine("chattr +i not permitted here; skipped"); return; }

        var (exit, json, _) = world.RunJson("gc", "--min-age", "0s");

        Assert.Equal(5, exit);
        var failed = Assert.Single(Items(json), i => i.GetProperty("state").GetString() == "failed");
        Assert.Equal(victim.RelativePath, failed.GetProperty("entry").GetString());
        Assert.True(world.EntryExists(victim));
        Assert.All(scenario.Garbage.Where(e => e != victim), e => Assert.False(world.EntryExists(e)));
        world.AssertNothingBroken();

        Mounts.TrySetImmutable(victim.Path, false);
        Assert.Equal(0, world.RunJson("gc", "--min-age", "0s").Exit);
        Assert.False(world.EntryExists(victim));
    }

    [Fact]
    public void ReadOnlyCache_TouchesNothing_ReportsEveryEntry_AndExits5()
    {
        using var world = SafetyWorld.Create();
        var scenario = GarbageScenario.Build(world);
        var before = Snapshot(world);
        if (!Mounts.TryBindReadOnly(world.Cache.RealRoot)) { output.WriteLine("read-only bind mount not permitted here; skipped"); return; }
        var mounted = true;
        world.OnDispose(() => { if (mounted) Mounts.Unmount(world.Cache.RealRoot); });

        var (exit, json, stderr) = world.RunJson("gc", "--min-age", "0s");

        Assert.True(exit == 5, stderr);
        Assert.Equal(scenario.Garbage.Count, json.GetProperty("failures").GetInt64());
        Assert.All(Items(json), i => Assert.Contains("Read-only file system", i.GetProperty("error").GetString()));
        Mounts.Unmount(world.Cache.RealRoot);
        mounted = false;
        Assert.Equal(before, Snapshot(world));
        world.AssertNothingBroken();
        Assert.Equal(0, world.RunJson("gc", "--min-age", "0s").Exit);
        Assert.All(scenario.Garbage, e => Assert.False(world.EntryExists(e)));
    }

    [Fact]
    public void CacheOutOfInodes_TouchesNothing_ReportsEveryEntry_AndExits5()
    {
        using var world = SmallFileSystem("size=32m,nr_inodes=3000");
        if (world is null) return;
        var scenario = GarbageScenario.Build(world);
        var filler = FillInodes(Path.Combine(world.Cache.RealRoot, "..", "filler"));
        var before = Snapshot(world);

        var (exit, json, stderr) = world.RunJson("gc", "--min-age", "0s");

        Assert.True(exit == 5, $"exit {exit}: {stderr} {json}");
        Assert.Equal(scenario.Garbage.Count, json.GetProperty("failures").GetInt64());
        Assert.All(Items(json), i => Assert.Contains("No space left on device", i.GetProperty("error").GetString()));
        Assert.Equal(before, Snapshot(world));
        world.AssertNothingBroken();

        FileTree.DeleteTree(filler);
        Assert.Equal(0, world.RunJson("gc", "--min-age", "0s").Exit);
        Assert.All(scenario.Garbage, e => Assert.False(world.EntryExists(e)));
        world.AssertNothingBroken();
    }

    [Fact]
    public void CacheOnAFullDisk_IsStillCollected()
    {
        using var world = SmallFileSystem("size=16m");
        if (world is null) return;
        var scenario = GarbageScenario.Build(world);
        FillBytes(Path.Combine(world.Cache.RealRoot, "..", "filler.bin"));

        var (exit, json, stderr) = world.RunJson("gc", "--min-age", "0s");

        Assert.True(exit == 0, stderr);
        Assert.Equal(scenario.Garbage.Count, json.GetProperty("entries_deleted").GetInt64());
        world.AssertNothingBroken();
    }

    private SafetyWorld? SmallFileSystem(string options)
    {
        var mounted = new List<string>();
        var world = SafetyWorld.CreateOn(fs => { if (Mounts.TryMountTmpfs(fs, options)) mounted.Add(fs); });
        if (mounted.Count == 0)
        {
            output.WriteLine("mount -t tmpfs not permitted here; skipped");
            world.Dispose();
            return null;
        }
        world.OnDispose(() => Mounts.Unmount(mounted[0]));
        return world;
    }

    private static IEnumerable<JsonElement> Items(JsonElement gc) => gc.GetProperty("plan").EnumerateArray();

    /// <summary>Every path in the cache with its kind: what "nothing was touched" compares.</summary>
    private static List<string> Snapshot(SafetyWorld world) =>
        FileTree.Walk(world.Cache.RealRoot).Select(p => $"{p} {FileTree.KindOf(p)}").Order(StringComparer.Ordinal).ToList();

    private static string FillInodes(string directory)
    {
        Directory.CreateDirectory(directory);
        for (var i = 0; ; i++)
        {
            try { File.WriteAllBytes(Path.Combine(directory, $"f{i}"), []); }
            catch (IOException) { return directory; }
        }
    }

    private static void FillBytes(string path)
    {
        var chunk = new byte[1 << 20];
        try
        {
            using var stream = File.Create(path);
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
            }
        }
        catch (IOException) { /* full */ }
    }
}
