using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>gc policies, listings and explain through the real CLI on simulated uv caches with real venvs.</summary>
public sealed class PolicyTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>An entry a venv used (so it has a last-referenced time) and that is now unreferenced: the venv was removed.</summary>
    private ArchiveEntry UsedThenAbandoned(string name)
    {
        var entry = _world.Cache.PersistWheel(Wheel.WithSubmodule(name, "1.0"));
        var venv = _world.Venv(name);
        venv.Install(entry, LinkMode.Symlink);
        _world.ScanProjects();
        venv.Remove();
        _world.ScanProjects();
        return entry;
    }

    [Fact]
    public void KeepUnusedFor_KeepsAnEntryARemovedVenvUsed_WhereAPlainGcDeletesIt()
    {
        var warm = UsedThenAbandoned("warm");

        var plain = _world.Gc("--dry-run").AssertExit(0);
        var keep = _world.Gc("--dry-run", "--keep-unused-for", "30d").AssertExit(0);

        Assert.Equal([warm.Id], plain.PlannedIds);
        Assert.Empty(keep.PlannedIds);
        Assert.Equal(1, keep.Json.GetProperty("kept").GetProperty("recently_used").GetInt64());
    }

    [Fact]
    public void MaxSize_EvictsWhatKeepUnusedForKeeps_AndDeletesIt()
    {
        var warm = UsedThenAbandoned("warm");

        var gc = _world.Gc("--keep-unused-for", "30d", "--max-size", "0").AssertExit(0);

        Assert.Equal([warm.Id], gc.PlannedIds);
        Assert.False(warm.Exists);
        var maxSize = gc.Json.GetProperty("max_size");
        Assert.True(maxSize.GetProperty("reached").GetBoolean());
        Assert.Equal(1, maxSize.GetProperty("evicted").GetInt64());
        Assert.Contains("over --max-size", gc.Json.GetProperty("plan")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public void MaxSize_NeverDeletesReferencedEntries_AndSaysWhyTheTargetIsOutOfReach()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();

        var gc = _world.Gc("--max-size", "1B").AssertExit(0);

        Assert.True(used.Exists);
        var maxSize = gc.Json.GetProperty("max_size");
        Assert.False(maxSize.GetProperty("reached").GetBoolean());
        Assert.True(maxSize.GetProperty("blocking_bytes").GetProperty("referenced").GetInt64() > 0);
        Assert.Contains("referenced by environments", maxSize.GetProperty("explanation").GetString());
    }

    [Fact]
    public void MaxSize_HumanOutput_SaysTheTargetCannotBeReached()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();

        var gc = _world.Run("gc", "--dry-run", "--max-size", "1B").AssertExit(0);

        Assert.Contains("Target not reached: the cache stays at", gc.Stdout);
    }

    [Fact]
    public void Environments_DeletesAStaleCachedEnvironment_ItsLinkAndWhatOnlyItUsed()
    {
        var tool = _world.Cache.PersistWheel(Wheel.WithSubmodule("tool", "1.0"));
        var cachedVenv = _world.Cache.PersistCachedVenv([tool], LinkMode.Symlink);
        _world.ScanProjects();

        var kept = _world.Gc("--dry-run").AssertExit(0);
        var gc = _world.Gc("--environments", "0s").AssertExit(0);

        Assert.Empty(kept.PlannedIds);
        Assert.Equal(new[] { cachedVenv.Id, tool.Id }.Order(StringComparer.Ordinal), gc.PlannedIds.Order(StringComparer.Ordinal));
        Assert.False(cachedVenv.Exists);
        Assert.False(tool.Exists);
        Assert.False(FileTree.Exists(cachedVenv.PointerPath!), "the environments-v* link must go with the venv");
    }

    [Fact]
    public void Environments_KeepsACachedEnvironment_UsedWithinTheDuration()
    {
        var tool = _world.Cache.PersistWheel(Wheel.WithSubmodule("tool", "1.0"));
        _world.Cache.PersistCachedVenv([tool], LinkMode.Symlink);
        _world.ScanProjects();

        var gc = _world.Gc("--dry-run", "--environments", "7d").AssertExit(0);

        Assert.Empty(gc.PlannedIds);
        Assert.Equal(1, gc.Json.GetProperty("kept").GetProperty("cached_environment").GetInt64());
    }

    [Fact]
    public void PrintDead_ListsAbsolutePathsOfWhatGcWouldDelete_AndChangesNothing()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();
        var before = _world.DiskSnapshot(_world.Cache.RealRoot);

        var dead = _world.Run("gc", "--min-age", "0s", "--print-dead").AssertExit(0);
        var live = _world.Run("gc", "--min-age", "0s", "--print-live").AssertExit(0);

        Assert.Equal([Path.Combine(_world.Cache.RealRoot, "archive-v0", orphan.Id)], dead.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([Path.Combine(_world.Cache.RealRoot, "archive-v0", used.Id)], live.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(before, _world.DiskSnapshot(_world.Cache.RealRoot));
    }

    [Fact]
    public void PrintLive_Json_GivesEachEntrysKeepReason()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();

        var live = _world.Json("gc", "--print-live").AssertExit(0);

        Assert.Equal("live", live.Json.GetProperty("listing").GetString());
        var item = Assert.Single(live.Json.GetProperty("entries").EnumerateArray());
        Assert.Equal(used.Id, item.GetProperty("id").GetString());
        Assert.Equal("referenced", item.GetProperty("reason").GetString());
    }

    [Fact]
    public void PrintDeadAndPrintLive_Together_AreAUsageError()
    {
        _world.ScanProjects();
        _world.Run("gc", "--print-dead", "--print-live").AssertExit(2);
    }

    [Fact]
    public void Explain_NamesTheEnvironmentsAndASampleFile_OfAReferencedEntry()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        var venv = _world.Venv("app");
        venv.Install(used, LinkMode.Symlink);
        _world.ScanProjects();

        var explain = _world.Json("explain", used.Id).AssertExit(0);

        Assert.Equal("keep", explain.Json.GetProperty("verdict").GetString());
        Assert.Equal("referenced", explain.Json.GetProperty("keep_reason").GetString());
        var user = Assert.Single(explain.Json.GetProperty("users").EnumerateArray());
        Assert.Equal(venv.Path, user.GetProperty("environment").GetString());
        Assert.Contains("used", user.GetProperty("sample_file").GetString());
    }

    [Fact]
    public void Explain_SaysWhyAnUnreferencedEntryWouldGo()
    {
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        _world.ScanProjects();

        var explain = _world.Json("explain", "--min-age", "0s", orphan.Id).AssertExit(0);

        Assert.Equal("delete", explain.Json.GetProperty("verdict").GetString());
        Assert.Contains("never used by a known environment", explain.Json.GetProperty("explanation").GetString());
    }

    [Fact]
    public void Explain_NamesThePolicyThatKeepsAnEntry()
    {
        var warm = UsedThenAbandoned("warm");

        var young = _world.Json("explain", warm.Id).AssertExit(0);
        var policy = _world.Json("explain", "--min-age", "0s", "--keep-unused-for", "30d", warm.Id).AssertExit(0);

        Assert.Equal("too_young", young.Json.GetProperty("keep_reason").GetString());
        Assert.Equal("recently_used", policy.Json.GetProperty("keep_reason").GetString());
        Assert.Contains("--keep-unused-for 30d", policy.Json.GetProperty("explanation").GetString());
    }

    [Fact]
    public void Explain_UnknownEntry_IsNotFound()
    {
        _world.ScanProjects();
        var explain = _world.Json("explain", "0000000000000000").AssertExit(0);
        Assert.Equal("not_found", explain.Json.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Explain_SaysWhichCachedVenvKeepsAnEntry_AndWhichUvLinkKeepsTheVenv()
    {
        var tool = _world.Cache.PersistWheel(Wheel.WithSubmodule("tool", "1.0"));
        var cachedVenv = _world.Cache.PersistCachedVenv([tool], LinkMode.Symlink);
        _world.ScanProjects();

        var dependency = _world.Json("explain", "--min-age", "0s", tool.Id).AssertExit(0).Json;
        var venv = _world.Json("explain", "--min-age", "0s", cachedVenv.Id).AssertExit(0).Json;

        Assert.Equal("referenced", dependency.GetProperty("keep_reason").GetString());
        Assert.Equal([cachedVenv.RelativePath], dependency.GetProperty("kept_via").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("cached_environment", venv.GetProperty("keep_reason").GetString());
        Assert.Single(venv.GetProperty("pinned_by").EnumerateArray());
    }
}
