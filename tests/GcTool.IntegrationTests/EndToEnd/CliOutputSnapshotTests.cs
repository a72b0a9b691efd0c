using System.Text.RegularExpressions;
using GcTool.Core.Environments;
using GcTool.TestSupport;
using Snapshooter.Xunit;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// What a person sees, from a real run on a real cache: tables and JSON, with the temp paths,
/// random archive ids, clocks and durations scrubbed to placeholders as uv's own snapshots do.
/// </summary>
public sealed partial class CliOutputSnapshotTests : IDisposable
{
    private readonly GcToolWorld _world = new();
    private readonly List<string> _ids = [];

    public CliOutputSnapshotTests()
    {
        var foo = Persist(Wheel.WithSubmodule("foo", "1.0"));
        var bar = Persist(Wheel.WithSubmodule("bar", "2.0"));
        Persist(Wheel.WithSubmodule("orphan", "0.1"));
        _world.Venv("app").Install(foo, LinkMode.Symlink);
        _world.Venv("app").Install(bar, LinkMode.Hardlink);
        _world.ScanProjects();
    }

    public void Dispose() => _world.Dispose();

    private ArchiveEntry Persist(WheelSpec spec)
    {
        var entry = _world.Cache.PersistWheel(spec);
        _ids.Add(entry.Id);
        return entry;
    }

    [Fact] public void GcDryRun_Log() => Snapshot.Match(Scrub(_world.Run("gc", "--dry-run", "--min-age", "0s").AssertExit(0).Stdout));

    [Fact] public void Gc_Json() => Snapshot.Match(Scrub(_world.Gc().AssertExit(0).Stdout));

    [Fact] public void AuditEnvironment_Table() =>
        Snapshot.Match(Scrub(_world.Run("audit", "env", Path.Combine(_world.Projects, "app", ".venv")).AssertExit(0).Stdout));

    [Fact] public void Status_Json() => Snapshot.Match(Scrub(_world.Json("status").AssertExit(0).Stdout));

    private string Scrub(string text)
    {
        text = text.Replace(_world.Cache.RealRoot, "[CACHE_DIR]").Replace(_world.Cache.Root, "[CACHE_DIR]").Replace(_world.PathOf(), "[TEMP]");
        for (var i = 0; i < _ids.Count; i++) text = text.Replace(_ids[i], $"[ID{i + 1}]".PadRight(16, '_'));
        text = JsonTimes().Replace(text, m => $"{m.Groups[1].Value}\"[SCRUBBED]\"");
        text = Durations().Replace(text, "[N] ms");
        text = LogMilliseconds().Replace(text, "$1[N]");
        text = Ages().Replace(text, "[AGO]");   // "just now" or "1s ago", depending on how fast the machine is
        text = RunIds().Replace(text, "$1[RUN]");
        // The venv's own file count and Python version come from the machine's python3, not from gctool.
        text = FilesRead().Replace(text, "$1[N]");
        text = PythonVersion().Replace(text, "Python [X.Y.Z]");
        return text;
    }

    [GeneratedRegex("(\"[a-z_]+(?:_ms|_at|_at_iso)\": )(?:\"[^\"]*\"|[0-9]+)")] private static partial Regex JsonTimes();
    [GeneratedRegex("[0-9]+ ms")] private static partial Regex Durations();
    [GeneratedRegex("(_ms=)[0-9]+")] private static partial Regex LogMilliseconds();
    [GeneratedRegex("just now|[0-9]+[smhd] ago")] private static partial Regex Ages();
    [GeneratedRegex("(\"run_id\": |run )[0-9]+")] private static partial Regex RunIds();
    [GeneratedRegex("(\"files_read\": )[0-9]+")] private static partial Regex FilesRead();
    [GeneratedRegex("Python [0-9]+\\.[0-9]+\\.[0-9]+")] private static partial Regex PythonVersion();
}
