using System.Text.RegularExpressions;
using GcTool.Core.Environments;
using GcTool.IntegrationTests.EndToEnd;
using GcTool.TestSupport;
using Snapshooter.Xunit;

namespace GcTool.IntegrationTests.Terminal;

/// <summary>
/// gctool as a person sees it: the built binary run by bash inside tmux, 80 columns wide, with the
/// screen read back and snapshotted (temp paths, ids, clocks and rates scrubbed). This is the only
/// place stdout and stderr are both real terminals, so it is where progress bars and colour show.
/// </summary>
public sealed partial class TerminalSessionTests : IDisposable
{
    private readonly GcToolWorld _world = new();
    private readonly List<string> _ids = [];
    private readonly TmuxSession _tmux;

    public TerminalSessionTests()
    {
        var foo = Persist(Wheel.WithSubmodule("foo", "1.0"));
        var bar = Persist(Wheel.WithSubmodule("bar", "2.0"));
        Persist(Wheel.WithSubmodule("orphan", "0.1"));
        _world.Venv("app").Install(foo, LinkMode.Symlink);
        _world.Venv("app").Install(bar, LinkMode.Hardlink);
        _world.Venv("tool").Install(foo, LinkMode.Symlink);

        var bin = AppContext.BaseDirectory.TrimEnd('/');
        _tmux = new TmuxSession(_world.PathOf(), new Dictionary<string, string>
        {
            ["PATH"] = $"{bin}:{Path.GetDirectoryName(Environment.ProcessPath)}:/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = _world.PathOf(),
            ["TERM"] = "xterm-256color",
            ["LANG"] = "C.UTF-8",
            ["UV_CACHE_DIR"] = _world.Cache.Root,
            ["GCTOOL_DB"] = _world.Database,
            ["DOTNET_ROOT"] = Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? Path.GetDirectoryName(Environment.ProcessPath)!,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });
    }

    public void Dispose()
    {
        _tmux.Dispose();
        _world.Dispose();
    }

    private ArchiveEntry Persist(WheelSpec spec)
    {
        var entry = _world.Cache.PersistWheel(spec);
        _ids.Add(entry.Id);
        return entry;
    }

    [TmuxFact]
    public void ScanStatusAndGc_InAnEightyColumnTerminal()
    {
        _tmux.Run("gctool scan projects");
        _tmux.Run("gctool status");
        _tmux.Run("gctool gc --min-age 0s");

        var screen = _tmux.Screen();
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "terminal-screen.txt"), screen); // unscrubbed, for a person to look at
        Assert.All(screen, row => Assert.True(row.Length <= _tmux.Width, $"wider than the terminal: {row}"));
        // Progress bars drew on stderr and stayed: counts of what was read.
        Assert.Contains(screen, row => row.StartsWith("Reading environments", StringComparison.Ordinal) && row.Contains("2/2", StringComparison.Ordinal));
        Snapshot.Match(Scrub(string.Join('\n', screen)));
    }

    [TmuxFact]
    public void Help_FitsEightyColumns_AndShowsAnExample()
    {
        _tmux.Run("gctool report --help");

        var screen = _tmux.Screen();
        Assert.All(screen, row => Assert.True(row.Length <= _tmux.Width, $"wider than the terminal: {row}"));
        Snapshot.Match(string.Join('\n', screen));
    }

    [TmuxFact]
    public void TabCompletesCommandsAndOptions_AfterLoadingTheBashScript()
    {
        _tmux.Run("source <(gctool completion bash)");
        _tmux.Clear();

        _tmux.Type("gctool sta");
        _tmux.Keys("Tab");
        WaitForScreen(s => s.Contains("gctool status", StringComparison.Ordinal));
        _tmux.Keys("C-u");
        _tmux.Type("gctool gc --dr");
        _tmux.Keys("Tab");
        WaitForScreen(s => s.Contains("gctool gc --dry-run", StringComparison.Ordinal));
        _tmux.Keys("C-u");
    }

    /// <summary>With --json nothing but one JSON object is printed, and --quiet means quiet: no bars on the terminal.</summary>
    [TmuxFact]
    public void JsonAndQuiet_DrawNoProgress()
    {
        _tmux.Run("gctool --json scan projects > scan.json");
        _tmux.Run("gctool --quiet gc --dry-run > plan.txt");

        var screen = string.Join('\n', _tmux.Screen());
        Assert.DoesNotContain("Reading", screen);
        Assert.StartsWith("{", File.ReadAllText(_world.PathOf("scan.json")));
        // Into a file, gc writes its one-line-per-fact log form: the plan's summary line.
        Assert.Contains("summary dry_run=true", File.ReadAllText(_world.PathOf("plan.txt")));
    }

    private void WaitForScreen(Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120); // a safety net, not a measure: the loaded CI machine is slow
        string screen;
        while (!condition(screen = string.Join('\n', _tmux.Screen())))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the screen never showed what was expected:\n{screen}");
            Thread.Sleep(100);
        }
    }

    private string Scrub(string text)
    {
        text = text.Replace(_world.Cache.RealRoot, "[CACHE_DIR]").Replace(_world.Cache.Root, "[CACHE_DIR]").Replace(_world.PathOf(), "[TEMP]");
        for (var i = 0; i < _ids.Count; i++) text = text.Replace(_ids[i], $"[ID{i + 1}]".PadRight(16, '_'));
        text = Rates().Replace(text, "$1 [RATE]");
        text = FilesRead().Replace(text, "[N] files read");
        text = Durations().Replace(text, "[DURATION]");
        text = Ages().Replace(text, "[AGO]");
        text = RunIds().Replace(text, "$1[RUN]");
        text = PythonVersion().Replace(text, "Python [X.Y.Z]");
        // A column of ages is as wide as its longest age ("just now", "12s ago", which depends on how long the
        // steps took): every row of the roots table, its header included, has its spacing collapsed.
        return string.Join('\n', text.Split('\n').Select(row => IsRootsTableRow(row) ? Spaces().Replace(row, "  ") : row));
    }

    private static bool IsRootsTableRow(string row) =>
        row.StartsWith("Root ", StringComparison.Ordinal) || row.StartsWith("Added ", StringComparison.Ordinal) ||
        row.StartsWith("[AGO] ", StringComparison.Ordinal) || row.StartsWith("[TEMP]/projects", StringComparison.Ordinal);

    // Spectre may not have a rate yet for a stage that finished within one refresh: scrub it, present or not.
    [GeneratedRegex("([0-9,]+/[0-9,]+)(?: [0-9]+/s)?")] private static partial Regex Rates();
    // The venvs' own files come from the machine's python3, not from gctool.
    [GeneratedRegex("[0-9]+ files read")] private static partial Regex FilesRead();
    [GeneratedRegex("[0-9.]+ (?:ms|s)\\b|[0-9]+m [0-9]+s")] private static partial Regex Durations();
    [GeneratedRegex("[0-9]+[smhd]( ago)|just now")] private static partial Regex Ages();
    [GeneratedRegex("(run )[0-9]+")] private static partial Regex RunIds();
    [GeneratedRegex("Python [0-9]+\\.[0-9]+\\.[0-9]+")] private static partial Regex PythonVersion();
    [GeneratedRegex(" {2,}")] private static partial Regex Spaces();
}
