using System.Text.RegularExpressions;
using GcTool.Core.Environments;
using GcTool.TestSupport;
using Snapshooter.Xunit;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// What an operator sees from explain, doctor, config show, the listings and --max-size, from real
/// runs, with temp paths, ids, clocks and the machine's Python version scrubbed.
/// </summary>
public sealed partial class OpsOutputSnapshotTests : IDisposable
{
    private readonly GcToolWorld _world = new();
    private readonly List<string> _ids = [];
    private readonly ArchiveEntry _foo;
    private readonly ArchiveEntry _orphan;

    public OpsOutputSnapshotTests()
    {
        _foo = Persist(Wheel.WithSubmodule("foo", "1.0"));
        _orphan = Persist(Wheel.WithSubmodule("orphan", "0.1"));
        _world.Venv("app").Install(_foo, LinkMode.Symlink);
        _world.ScanProjects();
    }

    public void Dispose() => _world.Dispose();

    private ArchiveEntry Persist(WheelSpec spec)
    {
        var entry = _world.Cache.PersistWheel(spec);
        _ids.Add(entry.Id);
        return entry;
    }

    [Fact] public void Explain_Referenced_Table() => Snapshot.Match(Scrub(_world.Run("explain", _foo.Id).AssertExit(0).Stdout));

    [Fact] public void Explain_Unreferenced_Json() => Snapshot.Match(Scrub(_world.Json("explain", "--min-age", "0s", _orphan.Id).AssertExit(0).Stdout));

    [Fact] public void GcMaxSizeOutOfReach_Log() =>
        Snapshot.Match(Scrub(_world.Run("gc", "--dry-run", "--min-age", "0s", "--max-size", "100B").AssertExit(0).Stdout));

    [Fact] public void PrintLive_Json() => Snapshot.Match(Scrub(_world.Json("gc", "--print-live").AssertExit(0).Stdout));

    [Fact]
    public void ConfigShow_Table()
    {
        var config = _world.PathOf("gctool.toml");
        File.WriteAllText(config, "# nightly policy\n[gc]\nmin-age = \"2d\"\nkeep-unused-for = \"30d\"\nmax-size = \"20G\"\n");
        var env = new Dictionary<string, string?> { ["GCTOOL_CONFIG"] = config, ["GCTOOL_ENVIRONMENTS"] = "14d" };
        // The columns are padded to the real (unscrubbed) paths: compare the words, not the padding.
        Snapshot.Match(Spaces().Replace(Scrub(_world.RunWith(env, "config", "show").AssertExit(0).Stdout), "  "));
    }

    [Fact]
    public void Doctor_Table() => Snapshot.Match(Scrub(BreakFoo().Run("doctor", _world.Projects).AssertExit(6).Stdout));

    [Fact]
    public void Doctor_Json() => Snapshot.Match(Scrub(BreakFoo().Json("doctor", _world.Projects).AssertExit(6).Stdout));

    /// <summary>uv re-persists foo under a new id and its own prune deletes the one the venv links to.</summary>
    private GcToolWorld BreakFoo()
    {
        _ids.Add(_world.Cache.Refresh(_foo).Id);
        _world.Run("pins", "remove").AssertExit(0);   // a cache where gctool never published its gc roots
        UvPruneSimulator.Prune(_world.Cache);
        File.WriteAllText(_world.PathOf("projects", "app", "pyproject.toml"), "[project]\nname = \"app\"\nversion = \"0.1\"\n");
        return _world;
    }

    private string Scrub(string text)
    {
        text = text.Replace(_world.Cache.RealRoot, "[CACHE_DIR]").Replace(_world.Cache.Root, "[CACHE_DIR]").Replace(_world.PathOf(), "[TEMP]");
        for (var i = 0; i < _ids.Count; i++) text = text.Replace(_ids[i], $"[ID{i + 1}]".PadRight(16, '_'));
        text = JsonTimes().Replace(text, m => $"{m.Groups[1].Value}\"[SCRUBBED]\"");
        text = Ages().Replace(text, "[AGO]").Replace("just now", "[AGO]");
        text = PythonDirectory().Replace(text, "python3.X");
        text = LogMilliseconds().Replace(text, "$1[N]");
        return text;
    }

    [GeneratedRegex("(\"(?:[a-z_]+_at|[a-z_]+_at_iso|dir_time|dir_time_iso)\": )(?:\"[^\"]*\"|[0-9]+)")] private static partial Regex JsonTimes();
    [GeneratedRegex("[0-9]+[smhd]( ago)")] private static partial Regex Ages();
    [GeneratedRegex("  +")] private static partial Regex Spaces();
    [GeneratedRegex("python3\\.[0-9]+")] private static partial Regex PythonDirectory();
    [GeneratedRegex("(_ms=)[0-9]+")] private static partial Regex LogMilliseconds();
}
